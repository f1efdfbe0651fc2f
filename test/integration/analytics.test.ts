import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql, type SQL } from "drizzle-orm";
import { modes } from "../helpers/db.js";
import { startTestHub, type TestHub } from "../helpers/hub.js";

// Every figure is checked against plain SQL over the raw tables (tickets with their tag columns,
// ticket_events), written here independently of the store: no rollup, no shared helpers.

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
type Row = Record<string, unknown>;
const num = (v: unknown) => Number(v ?? 0);
const r4 = (n: number, d: number) => (d > 0 ? Math.round((n / d) * 10_000) / 10_000 : null);
/** Beijing local time of a timestamptz column, as a timestamp without zone. */
const local = (col: string) => sql.raw(`((${col} at time zone 'UTC') + interval '8 hours')`);

describe.each(modes())("analytics on %s", (mode) => {
  let t: TestHub;
  let leader: string;
  let now: Date;
  // Unaligned on both ends, so the rollup's whole hours and the raw edges are both exercised.
  let from: string;
  let to: string;
  let dept: { id: string; code: string };

  const rows = (q: SQL) => t.db.database.rows<Row>(q);
  const win = (col = "received_at") => sql.raw(`${col} >= '${from}'::timestamptz and ${col} < '${to}'::timestamptz`);

  beforeAll(async () => {
    t = await startTestHub(mode);
    leader = await t.token("leader");
    const operator = await t.token("operator");
    // A few live tickets: located and not, one dispatched under a matter (which moves it in the rollup).
    const cells = (await t.gql<{ regions: { centerLat: number; centerLng: number }[] }>(`{ regions(level: GRID_CELL) { centerLat centerLng } }`, {}, leader)).data!.regions;
    for (let i = 0; i < 6; i++) {
      const c = cells[i * 7]!;
      const r = await t.gql<{ createTicket: { id: string } }>(
        `mutation($e: String!, $lat: Float, $lng: Float) { createTicket(input: { source: HOTLINE, externalId: $e, channel: PHONE, appealType: COMPLAINT,
           content: "小区门口路灯不亮，晚上出行不便", lat: $lat, lng: $lng }) { id } }`,
        { e: `an-${i}-${Math.random()}`, ...(i < 5 ? { lat: c.centerLat, lng: c.centerLng } : {}) },
        operator,
      );
      expect(r.errors).toBeUndefined();
      if (i === 0) {
        // Under a matter of another domain, so the rollup has to move the ticket between domains.
        const id = Number(r.data!.createTicket.id);
        const [m] = await rows(sql`select id, lead_department_id from matters where valid_to is null
          and domain::text <> coalesce((select domain::text from tickets where id = ${id}), '') order by id limit 1`);
        const d = await t.gql<{ dispatchTicket: { domain: string } }>(
          `mutation($id: ID!, $d: ID!, $m: ID) { dispatchTicket(id: $id, departmentId: $d, matterId: $m) { domain } }`,
          { id: String(id), d: String(m!.lead_department_id), m: String(m!.id) },
          operator,
        );
        expect(d.errors).toBeUndefined();
      }
    }
    now = new Date();
    from = new Date(now.getTime() - 9 * DAY + 17 * 60_000 + 23_000).toISOString();
    // Ends on a whole hour after now: the live tickets are read from the rollup, including the moved one.
    to = new Date(Math.ceil(now.getTime() / HOUR) * HOUR + HOUR).toISOString();
    const [busiest] = await rows(sql`select d.id, d.code from departments d join tickets t on t.department_id = d.id group by 1, 2 order by count(*) desc limit 1`);
    dept = { id: String(busiest!.id), code: String(busiest!.code) };
  });
  afterAll(async () => t?.close());

  const asMap = (list: { k: unknown; n: unknown }[]) => Object.fromEntries(list.map((r) => [String(r.k), num(r.n)]));

  it("heatmaps every level exactly, adding up to the located tickets of the window", async () => {
    // Unaligned start and aligned end, then aligned start and an end inside the current hour.
    const windows = [
      [from, to],
      [new Date(Math.floor(now.getTime() / HOUR) * HOUR - 3 * DAY).toISOString(), new Date(now.getTime() + 60_000).toISOString()],
    ];
    for (const [f, e] of windows) {
      const inWin = sql.raw(`received_at >= '${f}'::timestamptz and received_at < '${e}'::timestamptz`);
      for (const [level, col] of [["GRID_CELL", "grid_cell_id"], ["COMMUNITY", "community_id"], ["STREET", "street_id"]] as const) {
        const r = await t.gql<{ heatmap: { regionId: string; count: number; share: number; region: { id: string } }[] }>(
          `query($l: RegionLevel!, $f: DateTimeISO!, $t: DateTimeISO!) { heatmap(level: $l, from: $f, to: $t) { regionId count share region { id } } }`,
          { l: level, f, t: e },
          leader,
        );
        expect(r.errors).toBeUndefined();
        const expected = asMap((await rows(sql`select ${sql.raw(col)} as k, count(*) as n from tickets where ${inWin} and ${sql.raw(col)} is not null group by 1`)) as never);
        expect(Object.keys(expected).length).toBeGreaterThan(5);
        expect(Object.fromEntries(r.data!.heatmap.map((c) => [c.regionId, c.count]))).toEqual(expected);
        const [located] = await rows(sql`select count(*) as n from tickets where ${inWin} and grid_cell_id is not null`);
        expect(r.data!.heatmap.reduce((s, c) => s + c.count, 0)).toBe(num(located!.n));
        expect(r.data!.heatmap.every((c) => c.region.id === c.regionId)).toBe(true);
      }
    }
  });

  it("reads whole months from the monthly rollup exactly: imported history, a ticket moved between domains, a partial month", async () => {
    const operator = await t.token("operator");
    const cells = (await t.gql<{ regions: { centerLat: number; centerLng: number }[] }>(`{ regions(level: GRID_CELL) { centerLat centerLng } }`, {}, leader)).data!.regions;
    // Beijing-local month starts, computed here independently of the server's helper.
    const monthStart = (back: number) => {
      const l = new Date(now.getTime() + 8 * HOUR);
      return new Date(Date.UTC(l.getUTCFullYear(), l.getUTCMonth() - back, 1) - 8 * HOUR);
    };
    // History the seed does not have: four months back, one ticket on each first local hour of a month too.
    const records = Array.from({ length: 60 }, (_, i) => {
      const c = cells[(i * 11) % cells.length]!;
      const at = i % 15 === 0 ? monthStart(1 + (i % 4)) : new Date(monthStart(4).getTime() + ((i * 7919) % 110) * DAY + (i % 24) * HOUR + 123_000);
      return { externalId: `month-${i}-${now.getTime()}`, content: i % 2 ? "道路积水严重，车辆无法通行" : "小区噪音扰民，夜间施工", receivedAt: at.toISOString(), ...(i % 6 ? { lat: c.centerLat, lng: c.centerLng } : {}) };
    });
    const ing = await t.gql<{ ingestTickets: { created: number } }>(
      `mutation($r: [JSONObject!]!) { ingestTickets(source: HOTLINE, format: TICKET, records: $r) { created } }`,
      { r: records },
      operator,
    );
    expect(ing.errors).toBeUndefined();
    expect(ing.data!.ingestTickets.created).toBe(60);
    // Dispatch one old ticket under a matter of another domain: the hourly rollup moves it, the monthly must follow.
    const [old] = await rows(sql`select id, domain::text as domain from tickets where external_id = ${records[3]!.externalId}`);
    const [m] = await rows(sql`select id, lead_department_id, domain::text as domain from matters where valid_to is null and domain::text <> ${String(old!.domain ?? "")} order by id limit 1`);
    const d = await t.gql(`mutation($id: ID!, $d: ID!, $m: ID) { dispatchTicket(id: $id, departmentId: $d, matterId: $m) { id } }`, { id: String(old!.id), d: String(m!.lead_department_id), m: String(m!.id) }, operator);
    expect(d.errors).toBeUndefined();
    const [moved] = await rows(sql`select count(*) as n from ticket_rollup_monthly`);
    expect(num(moved!.n)).toBeGreaterThan(0);
    const windows = [
      [monthStart(4), monthStart(0)],
      [new Date(monthStart(4).getTime() + 3 * DAY + 5 * HOUR + 17_000), new Date(now.getTime() + 60_000)],
    ];
    for (const [f, e] of windows) {
      const inWin = sql.raw(`received_at >= '${f!.toISOString()}'::timestamptz and received_at < '${e!.toISOString()}'::timestamptz`);
      for (const [filter, cond] of [[null, sql`true`], [{ domain: [String(m!.domain)] }, sql`domain::text = ${String(m!.domain)}`]] as const) {
        const r = await t.gql<{ heatmap: { regionId: string; count: number }[] }>(
          `query($f: DateTimeISO!, $t: DateTimeISO!, $filter: TicketFilter) { heatmap(level: GRID_CELL, from: $f, to: $t, filter: $filter) { regionId count } }`,
          { f: f!.toISOString(), t: e!.toISOString(), filter },
          leader,
        );
        expect(r.errors).toBeUndefined();
        const expected = asMap((await rows(sql`select grid_cell_id as k, count(*) as n from tickets where ${inWin} and grid_cell_id is not null and ${cond} group by 1`)) as never);
        expect(Object.keys(expected).length).toBeGreaterThan(filter ? 0 : 20);
        expect(Object.fromEntries(r.data!.heatmap.map((c) => [c.regionId, c.count])), `${f!.toISOString()} ${JSON.stringify(filter)}`).toEqual(expected);
      }
    }
  });

  it("filters heatmaps through the rollup and through the tickets alike", async () => {
    const [street] = await rows(sql`select street_id as id from tickets where street_id is not null group by 1 order by count(*) desc limit 1`);
    const cases: [Record<string, unknown>, SQL][] = [
      [{ domain: ["URBAN_RURAL_CONSTRUCTION", "CITY_MANAGEMENT"], source: ["HOTLINE"] }, sql`domain in ('URBAN_RURAL_CONSTRUCTION', 'CITY_MANAGEMENT') and source = 'hotline'`],
      [{ regionId: String(street!.id) }, sql`street_id = ${num(street!.id)}`],
      [{ channel: ["PHONE"], appealType: ["COMPLAINT", "HELP"] }, sql`channel = 'phone' and appeal_type in ('complaint', 'help')`],
      [{ tagsAny: ["urgency.urgent"] }, sql`exists (select 1 from unnest(tickets.tag_ids) as tt(tag_id) join tags tg on tg.id = tt.tag_id where tg.code = 'urgency.urgent')`],
    ];
    for (const [filter, cond] of cases) {
      const r = await t.gql<{ heatmap: { regionId: string; count: number }[] }>(
        `query($f: DateTimeISO!, $t: DateTimeISO!, $filter: TicketFilter) { heatmap(level: GRID_CELL, from: $f, to: $t, filter: $filter) { regionId count } }`,
        { f: from, t: to, filter },
        leader,
      );
      expect(r.errors).toBeUndefined();
      const expected = asMap((await rows(sql`select grid_cell_id as k, count(*) as n from tickets where ${win()} and grid_cell_id is not null and ${cond} group by 1`)) as never);
      expect(Object.fromEntries(r.data!.heatmap.map((c) => [c.regionId, c.count])), JSON.stringify(filter)).toEqual(expected);
    }
  });

  it("shows a department only its own tickets", async () => {
    const token = await t.token("department", dept.code);
    const r = await t.gql<{ heatmap: { regionId: string; count: number }[]; overview: { received: number } }>(
      `query($f: DateTimeISO!, $t: DateTimeISO!) { heatmap(level: STREET, from: $f, to: $t) { regionId count } overview(from: $f, to: $t) { received } }`,
      { f: from, t: to },
      token,
    );
    expect(r.errors).toBeUndefined();
    const mine = sql`(department_id = ${Number(dept.id)} or ${Number(dept.id)} = any(co_department_ids))`;
    expect(Object.fromEntries(r.data!.heatmap.map((c) => [c.regionId, c.count]))).toEqual(
      asMap((await rows(sql`select street_id as k, count(*) as n from tickets where ${win()} and street_id is not null and ${mine} group by 1`)) as never),
    );
    const [all] = await rows(sql`select count(*) as n from tickets where ${win()} and ${mine}`);
    expect(r.data!.overview.received).toBe(num(all!.n));
  });

  type M = { matrix: { rows: { key: string; total: number }[]; cols: { key: string; total: number }[]; values: number[][]; total: number } };
  const cellsOf = (m: M["matrix"]) => {
    const out: Record<string, number> = {};
    m.rows.forEach((r, i) => m.cols.forEach((c, j) => m.values[i]![j]! > 0 && (out[`${r.key}|${c.key}`] = m.values[i]![j]!)));
    return out;
  };

  it("builds matrices over time, domain, source, channel, department and a tag category", async () => {
    const WEEK = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];
    const cases: { rows: string; cols: string; extra?: string; sql: SQL; key?: (a: string, b: string) => string }[] = [
      {
        rows: "HOUR_OF_DAY",
        cols: "DOMAIN",
        sql: sql`select extract(hour from ${local("received_at")})::int as a, coalesce(domain::text, 'UNKNOWN') as b, count(*) as n from tickets where ${win()} group by 1, 2`,
        key: (a, b) => `${a.padStart(2, "0")}|${b}`,
      },
      {
        rows: "WEEKDAY",
        cols: "SOURCE",
        sql: sql`select extract(dow from ${local("received_at")})::int as a, source::text as b, count(*) as n from tickets where ${win()} group by 1, 2`,
        key: (a, b) => `${WEEK[Number(a)]}|${b.toUpperCase()}`,
      },
      {
        rows: "CHANNEL",
        cols: "APPEAL_TYPE",
        sql: sql`select channel::text as a, appeal_type::text as b, count(*) as n from tickets where ${win()} group by 1, 2`,
        key: (a, b) => `${a.toUpperCase()}|${b.toUpperCase()}`,
      },
      {
        rows: "DEPARTMENT",
        cols: "STREET",
        sql: sql`select coalesce(department_id, 0) as a, coalesce(street_id, 0) as b, count(*) as n from tickets where ${win()} group by 1, 2`,
      },
      {
        rows: "DOMAIN",
        cols: "TAG",
        extra: "urgency",
        sql: sql`select coalesce(t.domain::text, 'UNKNOWN') as a, coalesce(x.code, 'none') as b, count(*) as n
                 from tickets t left join lateral (select x.code from unnest(t.tag_ids) as tt(tag_id) join tags x on x.id = tt.tag_id
                   and x.category_id = (select id from tag_categories where code = 'urgency')) x on true
                 where ${win("t.received_at")} group by 1, 2`,
      },
    ];
    for (const c of cases) {
      const r = await t.gql<M>(
        `query($r: MatrixDimension!, $c: MatrixDimension!, $f: DateTimeISO!, $t: DateTimeISO!, $tag: String) {
           matrix(rows: $r, cols: $c, from: $f, to: $t, colsTagCategory: $tag) { rows { key total } cols { key total } values total } }`,
        { r: c.rows, c: c.cols, f: from, t: to, tag: c.extra ?? null },
        leader,
      );
      expect(r.errors, `${c.rows}×${c.cols}`).toBeUndefined();
      const key = c.key ?? ((a: string, b: string) => `${a}|${b}`);
      const expected = Object.fromEntries((await rows(c.sql)).map((x) => [key(String(x.a), String(x.b)), num(x.n)]));
      expect(Object.keys(expected).length).toBeGreaterThan(3);
      expect(cellsOf(r.data!.matrix), `${c.rows}×${c.cols}`).toEqual(expected);
      expect(r.data!.matrix.total).toBe(Object.values(expected).reduce((s, n) => s + n, 0));
    }
    const refused = await t.gql(`query($f: DateTimeISO!, $t: DateTimeISO!) { matrix(rows: TAG, cols: DOMAIN, from: $f, to: $t) { total } }`, { f: from, t: to }, leader);
    expect(refused.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
  });

  it("draws trends by hour, day and week in Beijing time, with empty buckets as zero", async () => {
    for (const [interval, expr, shift] of [
      ["HOUR", sql`date_trunc('hour', received_at at time zone 'UTC')`, 0],
      ["DAY", sql`date_trunc('day', ${local("received_at")})`, 8 * HOUR],
      ["WEEK", sql`date_trunc('week', ${local("received_at")})`, 8 * HOUR],
    ] as const) {
      const r = await t.gql<{ trend: { at: string; count: number }[] }>(
        `query($i: Interval!, $f: DateTimeISO!, $t: DateTimeISO!) { trend(interval: $i, from: $f, to: $t, filter: { source: [HOTLINE] }) { at count } }`,
        { i: interval, f: from, t: to },
        leader,
      );
      expect(r.errors).toBeUndefined();
      const expected = await rows(sql`select to_char(${expr}, 'YYYY-MM-DD"T"HH24:MI:SS') as b, count(*) as n from tickets where ${win()} and source = 'hotline' group by 1`);
      const want = Object.fromEntries(expected.map((x) => [new Date(Date.parse(`${String(x.b)}Z`) - shift).toISOString(), num(x.n)]));
      const got = Object.fromEntries(r.data!.trend.filter((p) => p.count > 0).map((p) => [new Date(p.at).toISOString(), p.count]));
      expect(got, interval).toEqual(want);
      const span = interval === "HOUR" ? HOUR : interval === "DAY" ? DAY : 7 * DAY;
      const points = r.data!.trend.map((p) => Date.parse(p.at));
      expect(points.slice(1).every((p, i) => p - points[i]! === span)).toBe(true);
    }
  });

  it("computes overview KPIs as the raw tables say", async () => {
    const r = await t.gql<{ overview: Record<string, unknown> & { asOf: string; bySource: { key: string; count: number }[] } }>(
      `query($f: DateTimeISO!, $t: DateTimeISO!) { overview(from: $f, to: $t) { asOf received located immediateAnswered dispatchedTickets closed dissatisfied dispatches returns openNow overdueNow
         responseRate onTimeClosureRate avgHandlingDays resolutionRate satisfactionRate reopenRate returnRate bySource { key count } } }`,
      { f: from, t: to },
      leader,
    );
    expect(r.errors).toBeUndefined();
    const o = r.data!.overview;
    const at = `'${o.asOf}'::timestamptz`;
    const c = await counts(sql`${win()}`, at);
    const [ev] = await rows(sql`select sum(case when type = 'dispatched' then 1 else 0 end) as d, sum(case when type = 'returned' then 1 else 0 end) as r from ticket_events where ${win("at")}`);
    const [open] = await rows(sql.raw(`select sum(case when status <> 'closed' then 1 else 0 end) as open,
      sum(case when status in ('dispatched','accepted','in_progress','reopened') and due_at < ${at} then 1 else 0 end) as overdue from tickets`));
    const [extra] = await rows(sql`select sum(case when grid_cell_id is not null then 1 else 0 end) as located,
      sum(case when status = 'closed' and dispatched_at is null then 1 else 0 end) as immediate,
      sum(case when dispatched_at is not null then 1 else 0 end) as dispatched from tickets where ${win()}`);
    expect(o).toMatchObject({
      received: c.tickets,
      located: num(extra!.located),
      immediateAnswered: num(extra!.immediate),
      dispatchedTickets: num(extra!.dispatched),
      closed: c.closed,
      dissatisfied: c.dissatisfied,
      dispatches: num(ev!.d),
      returns: num(ev!.r),
      openNow: num(open!.open),
      overdueNow: num(open!.overdue),
      ...expectedRates(c, num(ev!.d), num(ev!.r)),
    });
    const [hot] = await rows(sql`select count(*) as n from tickets where ${win()} and source = 'hotline'`);
    expect(o.bySource.find((s) => s.key === "HOTLINE")!.count).toBe(num(hot!.n));
  });

  it("measures every department and scores it as the assessment rules say", async () => {
    const r = await t.gql<{ departmentMetrics: (Record<string, unknown> & { department: { id: string }; asOf: string; score: number | null; rank: number | null })[] }>(
      `query($f: DateTimeISO!, $t: DateTimeISO!) { departmentMetrics(from: $f, to: $t) { department { id } asOf rank intake dispatches returns tickets replied closed rated
         dissatisfied reopened overdueOpen responseRate onTimeClosureRate avgHandlingDays resolutionRate satisfactionRate reopenRate returnRate score scoreBase deduction } }`,
      { f: from, t: to },
      leader,
    );
    expect(r.errors).toBeUndefined();
    const list = r.data!.departmentMetrics;
    const [n] = await rows(sql`select count(*) as n from departments`);
    expect(list).toHaveLength(num(n!.n));
    const at = `'${list[0]!.asOf}'::timestamptz`;
    const evs = await rows(sql`select department_id as d, sum(case when type = 'dispatched' then 1 else 0 end) as dispatches,
        count(distinct case when type = 'dispatched' then ticket_id end) as intake, sum(case when type = 'returned' then 1 else 0 end) as returns
      from ticket_events where ${win("at")} and department_id is not null group by 1`);
    const ev = new Map(evs.map((e) => [String(e.d), e]));
    let checked = 0;
    for (const m of list) {
      const id = Number(m.department.id);
      const c = await counts(sql`department_id = ${id} and ${win("dispatched_at")}`, at);
      const e = ev.get(m.department.id);
      const rates = expectedRates(c, num(e?.dispatches), num(e?.returns));
      expect(m, `department ${id}`).toMatchObject({
        intake: num(e?.intake),
        dispatches: num(e?.dispatches),
        returns: num(e?.returns),
        tickets: c.tickets,
        replied: c.replied,
        closed: c.closed,
        rated: c.rated,
        dissatisfied: c.dissatisfied,
        reopened: c.reopened,
        overdueOpen: c.overdueOpen,
        ...rates,
      });
      // Assessment: weights 15/25/25/35 over the known rates, minus 0.1 / 0.05 / 0.1 per ticket, capped at 20.
      const parts = [[15, rates.responseRate], [25, rates.onTimeClosureRate], [25, rates.resolutionRate], [35, rates.satisfactionRate]].filter((p) => p[1] !== null) as [number, number][];
      const deduction = Math.min(20, 0.1 * c.dissatisfied + 0.05 * c.reopened + 0.1 * c.overdueOpen);
      const base = parts.length ? (100 * parts.reduce((s, [w, v]) => s + w * v, 0)) / parts.reduce((s, [w]) => s + w, 0) : null;
      if (base === null) expect(m.score).toBeNull();
      else expect(m.score!).toBeCloseTo(Math.max(0, base - deduction), 1);
      if (c.tickets > 0) checked++;
    }
    expect(checked).toBeGreaterThan(10);
    const ranked = list.filter((m) => m.score !== null);
    expect(ranked.map((m) => m.rank)).toEqual(ranked.map((_, i) => i + 1));
    expect([...ranked.map((m) => m.score!)].sort((a, b) => b - a)).toEqual(ranked.map((m) => m.score!));

    const own = await t.gql<{ departmentMetrics: { department: { id: string } }[] }>(
      `query($f: DateTimeISO!, $t: DateTimeISO!) { departmentMetrics(from: $f, to: $t) { department { id } } }`,
      { f: from, t: to },
      await t.token("department", dept.code),
    );
    expect(own.data!.departmentMetrics.map((m) => m.department.id)).toEqual([dept.id]);
  });

  it("refuses a reversed window and answers nothing without a token", async () => {
    const bad = await t.gql(`query($f: DateTimeISO!, $t: DateTimeISO!) { trend(interval: DAY, from: $f, to: $t) { count } }`, { f: to, t: from }, leader);
    expect(bad.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    const anon = await t.gql(`query($f: DateTimeISO!, $t: DateTimeISO!) { overview(from: $f, to: $t) { received } }`, { f: from, t: to }, null);
    expect(anon.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
  });

  /** The outcome counts of the tickets matching `where`, in plain SQL. */
  async function counts(where: SQL, at: string) {
    const held = "status in ('dispatched','accepted','in_progress','reopened')";
    const [c] = await rows(sql`select count(*) as tickets,
      sum(case when dispatched_at is not null and (accepted_at is not null or dispatched_at + interval '24 hours' <= ${sql.raw(at)}) then 1 else 0 end) as response_due,
      sum(case when accepted_at is not null and dispatched_at is not null and accepted_at - dispatched_at <= interval '24 hours' then 1 else 0 end) as responded,
      sum(case when replied_at is not null then 1 else 0 end) as replied,
      sum(case when (replied_at is not null and due_at is not null) or (${sql.raw(held)} and due_at < ${sql.raw(at)}) then 1 else 0 end) as on_time_due,
      sum(case when replied_at <= due_at then 1 else 0 end) as on_time,
      sum(case when replied_at >= dispatched_at then 1 else 0 end) as handled,
      sum(case when replied_at >= dispatched_at then extract(epoch from replied_at - dispatched_at) else 0 end) as handling_seconds,
      sum(case when status = 'closed' then 1 else 0 end) as closed,
      sum(case when status = 'closed' and (satisfaction is null or satisfaction <> 'dissatisfied') then 1 else 0 end) as resolved,
      sum(case when satisfaction is not null then 1 else 0 end) as rated,
      sum(case when satisfaction in ('satisfied', 'basically_satisfied') then 1 else 0 end) as satisfied,
      sum(case when satisfaction = 'dissatisfied' then 1 else 0 end) as dissatisfied,
      sum(case when replied_at is not null and reopen_count > 0 then 1 else 0 end) as reopened,
      sum(case when ${sql.raw(held)} and due_at < ${sql.raw(at)} then 1 else 0 end) as overdue_open
      from tickets where ${where}`);
    return Object.fromEntries(
      Object.entries(c!).map(([k, v]) => [k.replace(/_([a-z])/g, (_, x: string) => x.toUpperCase()), Number(v ?? 0)]),
    ) as Record<"tickets" | "responseDue" | "responded" | "replied" | "onTimeDue" | "onTime" | "handled" | "handlingSeconds" | "closed" | "resolved" | "rated" | "satisfied" | "dissatisfied" | "reopened" | "overdueOpen", number>;
  }

  function expectedRates(c: Awaited<ReturnType<typeof counts>>, dispatches: number, returns: number) {
    return {
      responseRate: r4(c.responded, c.responseDue),
      onTimeClosureRate: r4(c.onTime, c.onTimeDue),
      avgHandlingDays: c.handled > 0 ? Math.round((c.handlingSeconds / 86400 / c.handled) * 100) / 100 : null,
      resolutionRate: r4(c.resolved, c.closed),
      satisfactionRate: r4(c.satisfied, c.rated),
      reopenRate: r4(c.reopened, c.replied),
      returnRate: r4(returns, dispatches),
    };
  }
});
