import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql, type SQL } from "drizzle-orm";
import { addressKeySql, phoneKeySql } from "@cityops/schema";
import { rowsOf } from "../../server/src/store/rule-tagger.js";
import { toRequestFacts } from "../../server/src/store/request-groups.js";
import { modes } from "../helpers/db.js";
import { startTestHub, type TestHub } from "../helpers/hub.js";
import { detectCollective, detectRepeats, SMALLEST_GROUP, type RequestFacts } from "../../server/src/domain/warnings/repeat.js";
import { WARNING_RULES, type WarningCandidate } from "../../server/src/domain/warnings/types.js";

// The database pre-groups the repeat and collective detectors' input (store/request-groups.ts).
// Whatever it leaves out must not change what the detectors find: checked against every recent
// request read plainly, on the seeded district plus requests written the ways operators write them.
describe.each(modes())("repeat and collective inputs on %s", (mode) => {
  let t: TestHub;
  let operator: string;
  let cell: { id: string; centerLat: number; centerLng: number };

  beforeAll(async () => {
    t = await startTestHub(mode);
    operator = await t.token("operator");
    const cells = (await t.gql<{ regions: (typeof cell)[] }>(`{ regions(level: GRID_CELL) { id centerLat centerLng } }`, {}, operator)).data!.regions;
    cell = cells[cells.length - 1]!;
  });
  afterAll(async () => t?.close());

  const report = async (content: string, phone: string | null, address: string | null, at?: { centerLat: number; centerLng: number }) => {
    const r = await t.gql<{ createTicket: { id: string } }>(
      `mutation($e: String!, $c: String!, $p: String, $a: String, $lat: Float, $lng: Float) { createTicket(input: { source: HOTLINE, externalId: $e,
         channel: PHONE, appealType: HELP, content: $c, citizenPhone: $p, address: $a, lat: $lat, lng: $lng }) { id } }`,
      { e: `g-${Math.random()}`, c: content, p: phone, a: address, ...(at ? { lat: at.centerLat, lng: at.centerLng } : {}) },
      operator,
    );
    expect(r.errors).toBeUndefined();
    return Number(r.data!.createTicket.id);
  };

  /** Every request in the window, as the detectors were fed before the database grouped them. */
  const everyRequest = async (since: Date, now: Date): Promise<RequestFacts[]> => {
    const rows = await t.db.database.rows<Record<string, unknown>>(sql`
      select t.id, t.received_at, t.citizen_phone, t.address, t.grid_cell_id, t.department_id, m.key as matter_key, m.name as matter_name
      from tickets t left join matters m on m.id = coalesce(t.matter_id, t.suggested_matter_id)
      where t.received_at >= ${since.toISOString()}::timestamptz and t.received_at <= ${now.toISOString()}::timestamptz`);
    return rows.map(toRequestFacts);
  };
  const labels = { region: (id: number) => `r${id}`, domain: (d: string) => d, department: (id: number) => `d${id}` };
  const detect = (rows: RequestFacts[], now: Date) =>
    [...detectRepeats(rows, now), ...detectCollective(rows, now, labels)]
      .map((c: WarningCandidate) => ({ ...c, evidenceTicketIds: [...c.evidenceTicketIds].sort((a, b) => a - b) }))
      .sort((a, b) => `${a.kind}|${a.scopeKey}`.localeCompare(`${b.kind}|${b.scopeKey}`));

  it("finds the same repeats and collective requests as from every request, from far fewer rows", async () => {
    // One caller three times, written three ways; one address four times, written four ways (with
    // an ideographic space and full-width brackets); five callers on one matter in one cell.
    const caller: number[] = [];
    for (const p of ["+86 139-8765-4321", "139 8765 4321", "8613987654321"]) caller.push(await report("我家门口的下水道井盖丢了，很危险", p, null));
    const place: number[] = [];
    for (const a of ["和平里东街 18 号院", "和平里东街18号院", "和平里东街\u300018号院", "和平里东街（18号院）"]) place.push(await report("楼下餐馆油烟很大，熏得开不了窗", null, a));
    const neighbours: number[] = [];
    for (let i = 0; i < 5; i++) neighbours.push(await report("小区里的暖气不热，屋里只有十几度", `1370000${String(1000 + i)}`, null, cell));
    // Alone in their groups: left out.
    const single = await report("公园里的健身器材坏了", "13500001111", "幸福大街甲1号楼前");

    const now = new Date();
    const since = new Date(now.getTime() - WARNING_RULES.repeat.windowMs);
    const all = await everyRequest(since, now);
    const grouped = await t.hub.services.warnings.recentRequests(since, now, null);
    expect(detect(grouped, now)).toEqual(detect(all, now));
    expect(grouped.length).toBeLessThan(all.length / 2);
    const ids = new Set(grouped.map((r) => r.id));
    for (const id of [...caller, ...place, ...neighbours]) expect(ids.has(id), `request ${id} of a group`).toBe(true);
    expect(ids.has(single)).toBe(false);

    const found = detect(grouped, now);
    expect(found.find((c) => c.kind === "repeat" && (c.scope as { by: string }).by === "caller" && c.evidenceTicketIds.includes(caller[0]!))?.count).toBe(3);
    expect(found.find((c) => c.kind === "repeat" && (c.scope as { by: string }).by === "address" && c.evidenceTicketIds.includes(place[0]!))?.count).toBe(4);
    expect(found.find((c) => c.kind === "collective" && c.evidenceTicketIds.includes(neighbours[0]!))?.count).toBe(5);

    // A run for new requests only: the groups they belong to, found by any way of writing them.
    const like = await t.hub.services.warnings.recentRequests(since, now, { phones: ["139 8765 4321"], addresses: ["和平里东街18号院"], cells: [] });
    expect(new Set(like.map((r) => r.id))).toEqual(new Set([...caller, ...place]));
  });

  it("reads a cell's anonymous requests only where that cell and matter has a collective group", async () => {
    const cells = (await t.gql<{ regions: (typeof cell)[] }>(`{ regions(level: GRID_CELL) { id centerLat centerLng } }`, {}, operator)).data!.regions;
    const [quiet, busy] = [cells[cells.length - 2]!, cells[cells.length - 3]!];
    // Anonymous grid reports (no phone, no address) in two cells; in the busy one enough callers too.
    const matter = "小区里的暖气不热，屋里只有十几度";
    const lonely = [await report(matter, null, null, quiet), await report(matter, null, null, quiet)];
    const joined = [await report(matter, null, null, busy)];
    for (let i = 0; i < SMALLEST_GROUP.collectiveCallers; i++) joined.push(await report(matter, `1360000${String(2000 + i)}`, null, busy));
    const now = new Date();
    const since = new Date(now.getTime() - WARNING_RULES.repeat.windowMs);
    const like = { phones: [], addresses: [], cells: [Number(quiet.id), Number(busy.id)] };
    const read = await t.hub.services.warnings.recentRequests(since, now, like);
    const ids = new Set(read.map((r) => r.id));
    for (const id of joined) expect(ids.has(id), `request ${id} of the collective group`).toBe(true);
    for (const id of lonely) expect(ids.has(id), `anonymous request ${id} of no group`).toBe(false);
    // The same warnings as from every request of those cells.
    const inCells = (await everyRequest(since, now)).filter((r) => like.cells.includes(r.gridCellId ?? -1));
    expect(detect(read, now).filter((c) => c.kind === "collective")).toEqual(detect(inCells, now).filter((c) => c.kind === "collective"));
    expect(detect(read, now).find((c) => c.kind === "collective")?.evidenceTicketIds).toEqual([...joined].sort((a, b) => a - b));
  });

  it("looks up a caller's and an address's earlier requests through their key indexes", async () => {
    // The indexes match only a query that spells the key exactly as they do (constants and all).
    const explain = (key: SQL, col: string) =>
      t.db.database.db.transaction(async (tx) => {
        await tx.execute(sql`set local enable_seqscan = off`);
        const plan = rowsOf<Record<string, string>>(
          await tx.execute(sql`explain select t.id from tickets t where t.${sql.raw(col)} is not null and ${key} = any('{x}'::text[]) and t.received_at >= now() - interval '30 days'`),
        );
        return plan.map((r) => Object.values(r)[0]).join("\n");
      });
    // Tickets are partitioned by month: each month's scan uses that month's copy of the index.
    const copies = async (index: string) =>
      rowsOf<{ name: string }>(await t.db.database.db.execute(sql`select inhrelid::regclass::text as name from pg_inherits where inhparent = ${index}::regclass`)).map((r) => r.name);
    for (const [key, col, index] of [
      [phoneKeySql(sql`t.citizen_phone`), "citizen_phone", "tickets_phone_key_received_idx"],
      [addressKeySql(sql`t.address`), "address", "tickets_address_key_received_idx"],
    ] as const) {
      const plan = await explain(key, col);
      const names = await copies(index);
      expect(names.length).toBeGreaterThan(0);
      expect(names.some((n) => plan.includes(n))).toBe(true);
      expect(plan).not.toMatch(/Seq Scan/);
    }
  });
});
