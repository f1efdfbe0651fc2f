import { CALLER_KEYS } from "@cityops/schema/caller-key-rules";
import { WARNING_KIND_LABELS } from "@cityops/schema/vocabulary";
import { evidenceList, ladder, WARNING_RULES, type Labels, type WarningCandidate } from "./types.js";

/** A recent request as the repeat and collective detectors see it. */
export interface RequestFacts {
  id: number;
  receivedAt: Date;
  phone: string | null;
  address: string | null;
  /** Matter identity across versions (matters.key), from the dispatched or the suggested matter. */
  matterKey: string | null;
  matterName: string | null;
  gridCellId: number | null;
  departmentId: number | null;
}

const PHONE_NOISE = new RegExp(CALLER_KEYS.phoneNoise, "g");
const PHONE_CODE = new RegExp(CALLER_KEYS.phoneCountryCode);
const ADDRESS_NOISE = new RegExp(CALLER_KEYS.addressNoise, "g");

/** Digits only, with a leading +86/86 dropped: "138 1234 5678" and "+8613812345678" are one caller. */
export function normalizePhone(phone: string | null): string | null {
  if (!phone) return null;
  const digits = phone.replace(PHONE_NOISE, "").replace(PHONE_CODE, "");
  return digits.length >= CALLER_KEYS.phoneMinLength ? digits : null;
}

/** Spaces and punctuation differ between operators; the address text itself does not. */
export function normalizeAddress(address: string | null): string | null {
  if (!address) return null;
  const s = address.replace(ADDRESS_NOISE, "");
  // Characters, not UTF-16 units: as PostgreSQL counts them (rare characters take two units).
  return s.length >= CALLER_KEYS.addressMinLength && [...s].length >= CALLER_KEYS.addressMinLength ? s : null;
}

/**
 * The smallest groups that can raise a warning: a store may leave out every request that is in no
 * group this large (same caller and matter, same address and matter, distinct callers on one
 * matter in one cell) — the detectors below would find nothing in them.
 */
export const SMALLEST_GROUP = {
  caller: WARNING_RULES.repeat.callerLadder[0][0],
  address: WARNING_RULES.repeat.addressLadder[0][0],
  collectiveCallers: WARNING_RULES.collective.ladder[0][0],
} as const;

/** A short stable fingerprint (FNV-1a), so that scope keys never hold a phone number or address. */
export function fingerprint(s: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193) >>> 0;
    h2 = Math.imul(h2 ^ c, 0x5bd1e995) >>> 0;
  }
  return h1.toString(16).padStart(8, "0") + h2.toString(16).padStart(8, "0");
}

const maskPhone = (digits: string) => (digits.length >= 11 ? `${digits.slice(0, 3)}****${digits.slice(-4)}` : `****${digits.slice(-2)}`);

function groupBy<T>(items: readonly T[], key: (t: T) => string | null): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const it of items) {
    const k = key(it);
    if (k === null) continue;
    const list = out.get(k);
    if (list) list.push(it);
    else out.set(k, [it]);
  }
  return out;
}

/** Oldest first: a group's first request names its place and matter, whatever order the rows came in. */
const inOrder = (rows: RequestFacts[]) => rows.sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime() || a.id - b.id);

/** The unit now holding the newest request of a group: whoever should see the warning. */
const newestDepartment = (rows: readonly RequestFacts[]) =>
  [...rows].sort((a, b) => b.receivedAt.getTime() - a.receivedAt.getTime() || b.id - a.id).find((r) => r.departmentId !== null)?.departmentId ?? null;

/**
 * 重复诉求: the same caller, or the same address, on the same matter several times within the
 * window. Requests without a matter cannot be compared and are left out.
 */
export function detectRepeats(requests: readonly RequestFacts[], now: Date): WarningCandidate[] {
  const rules = WARNING_RULES.repeat;
  const recent = inOrder(requests.filter((r) => r.matterKey !== null && now.getTime() - r.receivedAt.getTime() <= rules.windowMs && r.receivedAt <= now));
  const out: WarningCandidate[] = [];
  const byCaller = groupBy(recent, (r) => {
    const p = normalizePhone(r.phone);
    return p ? `${p}|${r.matterKey}` : null;
  });
  for (const [k, rows] of byCaller) {
    const severity = ladder(rows.length, rules.callerLadder);
    if (!severity) continue;
    const phone = k.slice(0, k.indexOf("|"));
    const matter = rows[0]!.matterName ?? rows[0]!.matterKey!;
    out.push({
      kind: "repeat",
      scopeKey: `caller:${fingerprint(phone)}:${rows[0]!.matterKey}`,
      scope: { by: "caller", phoneMasked: maskPhone(phone), matterKey: rows[0]!.matterKey, matterName: matter },
      severity,
      title: `同一来电人重复反映「${matter}」`,
      detail: `来电人 ${maskPhone(phone)} 在30天内就「${matter}」反映${rows.length}次。 / The same caller raised this matter ${rows.length} times in 30 days.`,
      evidenceTicketIds: evidenceList(rows.map((r) => r.id)),
      count: rows.length,
      departmentId: newestDepartment(rows),
    });
  }
  const byAddress = groupBy(recent, (r) => {
    const a = normalizeAddress(r.address);
    return a ? `${a}|${r.matterKey}` : null;
  });
  for (const [k, rows] of byAddress) {
    const severity = ladder(rows.length, rules.addressLadder);
    if (!severity) continue;
    const address = k.slice(0, k.indexOf("|"));
    const matter = rows[0]!.matterName ?? rows[0]!.matterKey!;
    out.push({
      kind: "repeat",
      scopeKey: `address:${fingerprint(address)}:${rows[0]!.matterKey}`,
      scope: { by: "address", address: rows[0]!.address, gridCellId: rows[0]!.gridCellId, matterKey: rows[0]!.matterKey, matterName: matter },
      severity,
      title: `同一地点重复反映「${matter}」`,
      detail: `地址「${rows[0]!.address}」30天内就「${matter}」被反映${rows.length}次。 / The same address raised this matter ${rows.length} times in 30 days.`,
      evidenceTicketIds: evidenceList(rows.map((r) => r.id)),
      count: rows.length,
      departmentId: newestDepartment(rows),
    });
  }
  return out;
}

/**
 * 群体诉求: several distinct callers on one matter in one grid cell within a short window — a
 * building without heating, a street under water. Reports without a phone (grid workers,
 * sensors) support the evidence but are not callers.
 */
export function detectCollective(requests: readonly RequestFacts[], now: Date, labels: Labels): WarningCandidate[] {
  const rules = WARNING_RULES.collective;
  const recent = inOrder(
    requests.filter((r) => r.matterKey !== null && r.gridCellId !== null && now.getTime() - r.receivedAt.getTime() <= rules.windowMs && r.receivedAt <= now),
  );
  const out: WarningCandidate[] = [];
  for (const rows of groupBy(recent, (r) => `${r.gridCellId}|${r.matterKey}`).values()) {
    const callers = new Set(rows.map((r) => normalizePhone(r.phone)).filter((p) => p !== null)).size;
    const severity = ladder(callers, rules.ladder);
    if (!severity) continue;
    const cell = rows[0]!.gridCellId!;
    const matter = rows[0]!.matterName ?? rows[0]!.matterKey!;
    const place = labels.region(cell);
    out.push({
      kind: "collective",
      scopeKey: `${cell}:${rows[0]!.matterKey}`,
      scope: { level: "grid_cell", regionId: cell, regionName: place, matterKey: rows[0]!.matterKey, matterName: matter },
      severity,
      title: `${place}疑似${WARNING_KIND_LABELS.collective.zh}「${matter}」`,
      detail: `24小时内${callers}位不同来电人在「${place}」反映「${matter}」，共${rows.length}件。 / ${callers} distinct callers on one matter in one grid cell within 24 hours.`,
      evidenceTicketIds: evidenceList(rows.map((r) => r.id)),
      count: callers,
      departmentId: newestDepartment(rows),
    });
  }
  return out;
}
