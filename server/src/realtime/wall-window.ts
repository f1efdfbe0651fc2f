// The wall's three 24-hour panels — hour × domain heat, source → domain → department flows, and
// the department ranking — counted by the hub from the tickets of the window. The wall used to list
// up to 10,000 of those tickets itself every 30 seconds and count them; these are the same counts,
// from one grouped statement over the received_at index, shared by every wall.
import { districtHourStart } from "@cityops/schema/vocabulary";
import type { Database } from "../db/client.js";
import { windowGroupRows } from "../store/wall.store.js";

export const WINDOW_HOURS = 24;
/** Departments the flow chart names; the others are folded into one node. */
export const FLOW_DEPARTMENTS = 7;
/** Places in the department ranking. */
export const RANKED_DEPARTMENTS = 10;
const HOUR = 3_600_000;

/**
 * Counts of the tickets received since the start of the district hour 23 hours before `at`. No
 * person and no place below the department appears in them, so the privacy policy has nothing to
 * take out (the frame's other parts go through it).
 */
export interface WallWindow {
  /** Start of the oldest hour of the window (ISO). */
  from: string;
  /** When the tickets were counted (ISO): closures and overdue tickets are as of then. */
  at: string;
  /** Per hour start (ISO) × domain (UNKNOWN before a domain is known); hours without tickets left out. */
  byHourDomain: { hour: string; domain: string; count: number }[];
  /**
   * Per source × domain × lead department: the FLOW_DEPARTMENTS departments with most tickets by
   * id, null for tickets no department holds yet, "other" for all remaining departments together.
   */
  flows: { source: string; domain: string; departmentId: number | null | "other"; count: number }[];
  /**
   * Tickets dispatched to each department, the closed and the overdue among them. Every department
   * with at least as many as the RANKED_DEPARTMENTS-th is sent, ties included: the wall orders
   * equal counts by name, in its own language.
   */
  departmentRanking: { departmentId: number; received: number; closed: number; overdue: number }[];
}

/** One group of the statement: tickets of one hour slot × domain × source × department. */
export interface WindowGroup {
  slot: number;
  domain: string;
  source: string;
  departmentId: number | null;
  count: number;
  closed: number;
  overdue: number;
  /** Epoch ms of the newest ticket of the group. */
  newest: number;
}

export function windowStart(at: Date): Date {
  return new Date(districtHourStart(at).getTime() - (WINDOW_HOURS - 1) * HOUR);
}

const n = (v: unknown) => (v === null || v === undefined ? 0 : Number(v));

export async function countWindow(database: Database, at = new Date()): Promise<WallWindow> {
  const from = windowStart(at);
  const rows = await windowGroupRows(database, from, at);
  const groups = rows.map((r) => ({
    slot: n(r.slot),
    domain: String(r.domain),
    source: String(r.source),
    departmentId: r.department_id === null || r.department_id === undefined ? null : n(r.department_id),
    count: n(r.n),
    closed: n(r.closed),
    overdue: n(r.overdue),
    newest: n(r.newest),
  }));
  return foldWindow(groups, from, at);
}

/**
 * The panels from the groups. Heat counts only the window's 24 hours; flows and ranking count every
 * ticket received since its start. Departments tied for the last named place in the flows go by
 * their newest ticket, then id.
 */
export function foldWindow(groups: WindowGroup[], from: Date, at: Date): WallWindow {
  const heat = new Map<string, number>();
  const perDept = new Map<number, { received: number; closed: number; overdue: number; newest: number }>();
  for (const g of groups) {
    if (g.slot >= 0 && g.slot < WINDOW_HOURS) heat.set(`${g.slot}|${g.domain}`, (heat.get(`${g.slot}|${g.domain}`) ?? 0) + g.count);
    if (g.departmentId === null) continue;
    const d = perDept.get(g.departmentId) ?? { received: 0, closed: 0, overdue: 0, newest: 0 };
    d.received += g.count;
    d.closed += g.closed;
    d.overdue += g.overdue;
    d.newest = Math.max(d.newest, g.newest);
    perDept.set(g.departmentId, d);
  }
  const byCount = [...perDept.entries()].sort(([ia, a], [ib, b]) => b.received - a.received || b.newest - a.newest || ia - ib);
  const named = new Set(byCount.slice(0, FLOW_DEPARTMENTS).map(([id]) => id));
  const flows = new Map<string, { source: string; domain: string; departmentId: number | null | "other"; count: number }>();
  for (const g of groups) {
    const departmentId = g.departmentId === null || named.has(g.departmentId) ? g.departmentId : "other";
    const key = `${g.source}|${g.domain}|${departmentId}`;
    const f = flows.get(key) ?? { source: g.source, domain: g.domain, departmentId, count: 0 };
    f.count += g.count;
    flows.set(key, f);
  }
  const cut = byCount[RANKED_DEPARTMENTS - 1]?.[1].received ?? 0;
  return {
    from: from.toISOString(),
    at: at.toISOString(),
    byHourDomain: [...heat].map(([key, count]) => {
      const [slot, domain] = key.split("|") as [string, string];
      return { hour: new Date(from.getTime() + Number(slot) * HOUR).toISOString(), domain, count };
    }),
    flows: [...flows.values()],
    departmentRanking: byCount
      .filter(([, d]) => d.received >= cut)
      .map(([departmentId, d]) => ({ departmentId, received: d.received, closed: d.closed, overdue: d.overdue })),
  };
}
