// The wall's 24-hour charts come in its frame (last24h), counted by the hub: they must be the counts
// a direct look at the window's tickets gives — what the wall itself computed when it still paged
// through the tickets.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { modes } from "../helpers/db.js";
import { startTestHub, type TestHub } from "../helpers/hub.js";

const HOUR = 3_600_000;

interface Window {
  from: string;
  at: string;
  byHourDomain: { hour: string; domain: string; count: number }[];
  flows: { source: string; domain: string; departmentId: number | null | "other"; count: number }[];
  departmentRanking: { departmentId: number; received: number; closed: number; overdue: number }[];
}

interface Row {
  id: number;
  received: number;
  domain: string | null;
  source: string;
  department: number | null;
  status: string;
  due: number | null;
}

const byKey = <T>(xs: T[], key: (x: T) => string) => [...xs].sort((a, b) => key(a).localeCompare(key(b)));

describe.each(modes())("the wall frame's last 24 hours on %s", (mode) => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub(mode);
  });
  afterAll(async () => t?.close());

  it("equal a direct count of the tickets received in the window", async () => {
    const operator = await t.token("operator");
    const departments = (await t.gql<{ departments: { id: string }[] }>(`{ departments { id } }`, {}, operator)).data!.departments;
    // One ticket no department holds yet and one dispatched now.
    for (const [ext, dispatch] of [["win-open", false], ["win-sent", true]] as const) {
      const c = await t.gql<{ createTicket: { id: string } }>(
        `mutation($e: String!) { createTicket(input: { source: GRID, externalId: $e, channel: GRID_REPORT, appealType: REPORT, content: "井盖缺失，夜间行人有跌落危险" }) { id } }`,
        { e: ext },
        operator,
      );
      expect(c.errors).toBeUndefined();
      if (dispatch) {
        const d = await t.gql(`mutation($id: ID!, $d: ID!) { dispatchTicket(id: $id, departmentId: $d) { id } }`, { id: c.data!.createTicket.id, d: departments[5]!.id }, operator);
        expect(d.errors).toBeUndefined();
      }
    }
    // The hub recounts every few seconds: wait for a count made after the last write.
    const written = Date.now();
    const wall = await t.token("wall");
    let w: Window | undefined;
    for (const until = Date.now() + 30_000; Date.now() < until; await new Promise((r) => setTimeout(r, 500))) {
      const s = await t.gql<{ wallSnapshot: { data: { last24h: Window } } }>(`{ wallSnapshot { data } }`, {}, wall);
      expect(s.errors).toBeUndefined();
      w = s.data!.wallSnapshot.data.last24h;
      if (Date.parse(w.at) > written) break;
    }
    expect(Date.parse(w!.at)).toBeGreaterThan(written);
    const { from, at } = { from: Date.parse(w!.from), at: Date.parse(w!.at) };
    // The window starts on the district (UTC+8) hour 23 hours before the count.
    expect(from).toBe(Math.floor((at + 8 * HOUR) / HOUR) * HOUR - 8 * HOUR - 23 * HOUR);

    const rows = (
      await t.db.database.rows<Record<string, unknown>>(sql`select id, received_at, domain, source, department_id, status, due_at from tickets where received_at >= ${w!.from}::timestamptz`)
    ).map(
      (r): Row => ({
        id: Number(r.id),
        received: new Date(r.received_at as string).getTime(),
        domain: r.domain === null ? null : String(r.domain),
        source: String(r.source),
        department: r.department_id === null ? null : Number(r.department_id),
        status: String(r.status),
        due: r.due_at === null ? null : new Date(r.due_at as string).getTime(),
      }),
    );
    expect(rows.length).toBeGreaterThan(2);
    expect(rows.some((r) => r.department === null)).toBe(true);

    // Hour × domain, hours of the window only.
    const heat = new Map<string, number>();
    for (const r of rows) {
      const slot = Math.floor((r.received - from) / HOUR);
      if (slot < 0 || slot >= 24) continue;
      const key = `${new Date(from + slot * HOUR).toISOString()}|${r.domain ?? "UNKNOWN"}`;
      heat.set(key, (heat.get(key) ?? 0) + 1);
    }
    const expectedHeat = [...heat].map(([k, count]) => ({ hour: k.split("|")[0]!, domain: k.split("|")[1]!, count }));
    expect(byKey(w!.byHourDomain, (c) => `${c.hour}|${c.domain}`)).toEqual(byKey(expectedHeat, (c) => `${c.hour}|${c.domain}`));

    // Departments: dispatched, closed and (held past their due time) overdue.
    const held = new Set(["dispatched", "accepted", "in_progress", "reopened"]);
    const perDept = new Map<number, { received: number; closed: number; overdue: number; newest: [number, number] }>();
    for (const r of rows) {
      if (r.department === null) continue;
      const d = perDept.get(r.department) ?? { received: 0, closed: 0, overdue: 0, newest: [0, 0] };
      d.received++;
      if (r.status === "closed") d.closed++;
      if (held.has(r.status) && r.due !== null && r.due < at) d.overdue++;
      if (r.received > d.newest[0]) d.newest = [r.received, r.id];
      perDept.set(r.department, d);
    }
    expect(perDept.size).toBeGreaterThan(10);
    const ranked = [...perDept].sort(([, a], [, b]) => b.received - a.received);
    const tenth = ranked[9]![1].received;
    const expectedRanking = ranked.filter(([, d]) => d.received >= tenth).map(([departmentId, d]) => ({ departmentId, received: d.received, closed: d.closed, overdue: d.overdue }));
    expect(byKey(w!.departmentRanking, (r) => String(r.departmentId).padStart(9))).toEqual(byKey(expectedRanking, (r) => String(r.departmentId).padStart(9)));

    // Flows: source × domain × department, the seven busiest departments by name, the rest as one.
    const top = new Set(
      [...perDept]
        .sort(([ia, a], [ib, b]) => b.received - a.received || b.newest[0] - a.newest[0] || ia - ib)
        .slice(0, 7)
        .map(([id]) => id),
    );
    const flows = new Map<string, number>();
    for (const r of rows) {
      const dept = r.department === null ? "null" : top.has(r.department) ? String(r.department) : "other";
      const key = `${r.source}|${r.domain ?? "UNKNOWN"}|${dept}`;
      flows.set(key, (flows.get(key) ?? 0) + 1);
    }
    const got = w!.flows.map((f) => `${f.source}|${f.domain}|${f.departmentId}=${f.count}`).sort();
    expect(got).toEqual([...flows].map(([k, n]) => `${k}=${n}`).sort());
  }, 90_000);
});
