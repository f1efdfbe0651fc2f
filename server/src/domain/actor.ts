import type { Role } from "@cityops/schema/vocabulary";

/** Who is acting: decoded from a token by an adapter, never trusted from arguments. */
export interface Actor {
  /** Stable subject, e.g. "operator:demo" or "dept:D012". */
  id: string;
  role: Role;
  /** Set for the department role only. */
  departmentId: number | null;
}

export const SYSTEM_ACTOR: Actor = { id: "system", role: "admin", departmentId: null };

/** An anonymous reader of a public surface (Open311 in demo mode): sees what the wall sees. */
export const PUBLIC_ACTOR: Actor = { id: "public", role: "wall", departmentId: null };
