// The demo identity picker's model: which roles exist and how a choice is remembered.
import { ROLE_LABELS, ROLES as ROLE_CODES, type Role } from "@cityops/schema/vocabulary";

export const ROLES = ROLE_CODES.map((code) => ({ code, ...ROLE_LABELS[code] }));

export type RoleCode = Role;

export type AuthChoice =
  | { kind: "role"; role: RoleCode; department: string | null }
  | { kind: "paste"; token: string };

/** Leaders are the audience of the ready-made questions, so they are who a first visit sees. */
export const DEFAULT_CHOICE: AuthChoice = { kind: "role", role: "leader", department: null };

const STORAGE_KEY = "cityops.graphiql.auth.v1";

export function isRole(value: unknown): value is RoleCode {
  return typeof value === "string" && ROLES.some((r) => r.code === value);
}

export function roleLabel(code: string): string {
  const role = ROLES.find((r) => r.code === code.toLowerCase());
  return role ? `${role.zh} ${role.en}` : code;
}

export function loadChoice(): AuthChoice {
  // A production link can carry ?token=… (the hub's page gate accepts it); it beats what is stored.
  const fromUrl = new URLSearchParams(window.location.search).get("token");
  if (fromUrl) return { kind: "paste", token: fromUrl };
  try {
    const raw: unknown = JSON.parse(window.localStorage.getItem(STORAGE_KEY) ?? "null");
    if (raw && typeof raw === "object") {
      const o = raw as Record<string, unknown>;
      if (o.kind === "paste" && typeof o.token === "string") return { kind: "paste", token: o.token };
      if (o.kind === "role" && isRole(o.role)) {
        return { kind: "role", role: o.role, department: typeof o.department === "string" ? o.department : null };
      }
    }
  } catch {
    /* unreadable storage: fall back to the default */
  }
  return DEFAULT_CHOICE;
}

export function saveChoice(choice: AuthChoice): void {
  try {
    window.localStorage.setItem(STORAGE_KEY, JSON.stringify(choice));
  } catch {
    /* private mode or full storage: the choice just is not remembered */
  }
}
