// Tickets are partitioned by Beijing month of receipt (migration 0013): each month of the seeded
// history, this month and the next have their partition; a query of one month reads that month's
// partition only; a ticket of a month without a partition waits in the default partition and moves
// when its month is created; (source, external id) stays unique across months; history lands in its
// own months; and a database from before the partitioning keeps every ticket, event and tag.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql, type SQL } from "drizzle-orm";
import postgres from "postgres";
import { districtClock } from "@cityops/schema/vocabulary";
import { applyMigrations } from "../../server/src/db/migrate.js";
import { GridLocator } from "../../server/src/domain/geo.js";
import { BulkIntake } from "../../server/src/ingest/bulk.js";
import { compileMapping } from "../../server/src/ingest/mapping.js";
import { modes } from "../helpers/db.js";
import { startTestHub, type TestHub } from "../helpers/hub.js";
import { databaseBefore } from "../helpers/migrations.js";

const monthOf = (d: Date) => {
  const l = districtClock(d);
  return `tickets_${l.getUTCFullYear()}_${String(l.getUTCMonth() + 1).padStart(2, "0")}`;
};

/** What the database said when a statement failed (drizzle wraps it in "Failed query: …"). */
async function refusal(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    const e = err as { message?: string; cause?: { message?: string } };
    return `${e.message ?? ""} ${e.cause?.message ?? ""}`;
  }
  throw new Error("the statement was expected to fail");
}

const CREATE = `mutation($i: CreateTicketInput!) { createTicket(input: $i) { id externalId receivedAt } }`;

describe.each(modes())("tickets partitioned by month on %s", (mode) => {
  let t: TestHub;
  let operator: string;
  const rows = <T>(q: SQL) => t.db.database.rows<T>(q);
  const partitions = async () => (await rows<{ part: string }>(sql`select inhrelid::regclass::text as part from pg_inherits where inhparent = 'tickets'::regclass`)).map((r) => r.part).sort();
  const partitionOf = async (id: number) => (await rows<{ part: string }>(sql`select tableoid::regclass::text as part from tickets where id = ${id}`))[0]?.part;
  const create = async (externalId: string, receivedAt: Date) => {
    const r = await t.gql<{ createTicket: { id: string } }>(
      CREATE,
      { i: { source: "HOTLINE", externalId, channel: "PHONE", appealType: "COMPLAINT", content: "小区门口路灯不亮，晚上出行不便", citizenPhone: "13900001111", receivedAt: receivedAt.toISOString() } },
      operator,
    );
    expect(r.errors).toBeUndefined();
    return Number(r.data!.createTicket.id);
  };

  beforeAll(async () => {
    t = await startTestHub(mode);
    operator = await t.token("operator");
  }, 240_000);
  afterAll(() => t?.close());

  it("gives each seeded month, this month and the next a partition, and leaves the default partition empty", async () => {
    const seeded = (await rows<{ part: string }>(sql`select distinct 'tickets_' || to_char(received_at at time zone 'Asia/Shanghai', 'YYYY_MM') as part from tickets`)).map((r) => r.part);
    const now = new Date();
    const expected = [...new Set([...seeded, monthOf(now), monthOf(new Date(now.getTime() + 31 * 86_400_000))])];
    const parts = await partitions();
    for (const p of expected) expect(parts).toContain(p);
    expect(parts).toContain("tickets_default");
    const [d] = await rows<{ n: number }>(sql`select count(*)::int as n from tickets_default`);
    expect(d!.n).toBe(0);
  });

  it("gives every seeded partition every index of tickets, and every index of tickets is valid", async () => {
    const [parent] = await rows<{ n: number; invalid: number }>(sql`select count(*)::int as n, count(*) filter (where not indisvalid)::int as invalid from pg_index where indrelid = 'tickets'::regclass`);
    expect(parent!.invalid).toBe(0);
    const perPartition = await rows<{ part: string; n: number }>(sql`select c.relname as part, (select count(*)::int from pg_index i where i.indrelid = c.oid) as n
      from pg_inherits h join pg_class c on c.oid = h.inhrelid where h.inhparent = 'tickets'::regclass`);
    expect(perPartition.length).toBeGreaterThan(2);
    for (const p of perPartition) expect(p, p.part).toEqual({ part: p.part, n: parent!.n });
  });

  it("reads only the month's partition for a query of one month", async () => {
    const plan = (await rows<Record<string, string>>(sql`explain (costs off) select count(*) from tickets
      where received_at >= date_trunc('month', now() at time zone 'Asia/Shanghai') at time zone 'Asia/Shanghai'
        and received_at < (date_trunc('month', now() at time zone 'Asia/Shanghai') + interval '1 month') at time zone 'Asia/Shanghai'`))
      .map((r) => Object.values(r)[0])
      .join("\n");
    const read = [...new Set([...plan.matchAll(/\b(tickets_(\d{4}_\d{2}|default))/g)].map((m) => m[1]!))];
    expect(read).toEqual([monthOf(new Date())]);
  });

  it("stores a ticket of a month without a partition in the default partition and moves it, with its id, events and tags, when the month is created", async () => {
    const at = new Date("2019-03-10T02:00:00Z");
    const id = await create(`part-old-${mode}`, at);
    expect(await partitionOf(id)).toBe("tickets_default");
    const [before] = await rows<{ events: number; tags: number }>(sql`select (select count(*)::int from ticket_events where ticket_id = ${id}) as events, cardinality(tag_ids) as tags from tickets where id = ${id}`);
    expect(before!.events).toBeGreaterThan(0);
    expect(before!.tags).toBeGreaterThan(0);

    await rows(sql`select cityops_ticket_month(${at.toISOString()}::timestamptz)`);
    expect(await partitionOf(id)).toBe("tickets_2019_03");
    const r = await t.gql<{ ticket: { id: string; events: { type: string }[]; tags: { ruleId: string }[] } }>(`query($id: ID!) { ticket(id: $id) { id events { type } tags { ruleId } } }`, { id: String(id) }, operator);
    expect(r.errors).toBeUndefined();
    expect(r.data!.ticket.events.length).toBe(before!.events);
    expect(r.data!.ticket.tags.length).toBe(before!.tags);
    const [d] = await rows<{ n: number }>(sql`select count(*)::int as n from tickets_default`);
    expect(d!.n).toBe(0);
  });

  // Two hubs starting together both make next month's partition; the second used to fail on CREATE
  // TABLE, the partition made meanwhile missing from its view of the catalog, and its hub did not start.
  it.runIf(mode === "postgres")("makes a month once when a second session asks for it while the first is making it", async () => {
    const first = postgres(t.db.url!, { max: 1, onnotice: () => {} });
    const second = postgres(t.db.url!, { max: 1, onnotice: () => {} });
    try {
      const at = "2033-03-10T02:00:00Z";
      let waiting: Promise<{ part: string }[]> | null = null;
      await first.begin(async (tx) => {
        await tx`select cityops_ticket_month(${at}::timestamptz)`;
        waiting = second<{ part: string }[]>`select cityops_ticket_month(${at}::timestamptz) as part`;
        waiting.catch(() => {});
        // Committed only once the second session waits for the first's lock: otherwise there is no race.
        let waits = false;
        for (let i = 0; i < 200 && !waits; i++) {
          const [w] = await rows<{ n: number }>(sql`select count(*)::int as n from pg_locks l join pg_stat_activity a on a.pid = l.pid where not l.granted and a.datname = current_database()`);
          waits = w!.n > 0;
          if (!waits) await new Promise((r) => setTimeout(r, 50));
        }
        expect(waits).toBe(true);
      });
      expect(await waiting!).toEqual([{ part: "tickets_2033_03" }]);
      expect((await partitions()).filter((p) => p === "tickets_2033_03")).toHaveLength(1);
    } finally {
      await first.end();
      await second.end();
    }
  });

  it("keeps (source, external id) unique across months: a replay with another month's time answers the stored ticket", async () => {
    const first = await create(`part-replay-${mode}`, new Date());
    const again = await create(`part-replay-${mode}`, new Date("2020-06-01T00:00:00Z"));
    expect(again).toBe(first);
    const [n] = await rows<{ n: number }>(sql`select count(*)::int as n from tickets where external_id = ${`part-replay-${mode}`}`);
    expect(n!.n).toBe(1);
    // Written past the intake path, a second ticket with a stored key is refused by the database.
    expect(
      await refusal(rows(sql`insert into tickets (source, external_id, channel, appeal_type, content, received_at) values ('hotline', ${`part-replay-${mode}`}, 'phone', 'complaint', 'x', '2021-01-05T00:00:00Z')`)),
    ).toMatch(/ticket_keys_source_external_uq|duplicate key/);
  });

  it("never lets a ticket's key columns change: its month and its key stay where they were filed", async () => {
    const id = await create(`part-fixed-${mode}`, new Date());
    expect(await refusal(rows(sql`update tickets set received_at = received_at - interval '40 days' where id = ${id}`))).toMatch(/never change/);
    expect(await refusal(rows(sql`update tickets set external_id = 'other' where id = ${id}`))).toMatch(/never change/);
  });

  it("writes an import's history into the partitions of its own months", async () => {
    const ref = t.hub.services.ref;
    let locator: GridLocator | null = null;
    const bulk = new BulkIntake(t.db.database.db, ref, () => (locator ??= new GridLocator(ref.regionsAt("grid_cell"))), t.hub.services.dispatch, t.hub.services.realtime.bus, { suggest: false, history: { file: "old.csv" } });
    const mapping = compileMapping({ source: "hotline", dateFormat: "YYYY-MM-DD HH:mm", fields: { externalId: "id", content: "text", receivedAt: "at", closedAt: "closed" } });
    const items = [
      { id: "h-1", text: "路灯不亮", at: "2018-05-03 09:00", closed: "2018-05-04 10:00" },
      { id: "h-2", text: "道路积水", at: "2018-07-20 14:00", closed: "2018-07-22 10:00" },
      { id: "h-3", text: "噪音扰民", at: "2018-07-21 22:00", closed: "" },
    ].map((r) => mapping.map({ ...r, id: `${r.id}-${mode}` }));
    const out = await bulk.write({ id: "import:test", role: "admin", departmentId: null }, items);
    expect(out.created).toBe(3);
    const placed = await rows<{ external_id: string; part: string; status: string }>(
      sql`select external_id, tableoid::regclass::text as part, status::text as status from tickets where external_id like ${`h-%-${mode}`} order by external_id`,
    );
    expect(placed.map((p) => [p.part, p.status])).toEqual([
      ["tickets_2018_05", "closed"],
      ["tickets_2018_07", "closed"],
      ["tickets_2018_07", "received"],
    ]);
    const [keys] = await rows<{ n: number }>(sql`select count(*)::int as n from ticket_keys where external_id like ${`h-%-${mode}`}`);
    expect(keys!.n).toBe(3);
  });

  it("fills a month without a partition outside tickets and attaches it, indexes built, when the import finishes", async () => {
    const ref = t.hub.services.ref;
    let locator: GridLocator | null = null;
    const opts = { suggest: false, history: { file: "old.csv" }, loadNewMonths: true };
    const bulk = new BulkIntake(t.db.database.db, ref, () => (locator ??= new GridLocator(ref.regionsAt("grid_cell"))), t.hub.services.dispatch, t.hub.services.realtime.bus, opts);
    const mapping = compileMapping({ source: "hotline", dateFormat: "YYYY-MM-DD HH:mm", fields: { externalId: "id", content: "text", receivedAt: "at", closedAt: "closed" } });
    const items = ["2017-03-03 09:00", "2017-03-20 14:00", "2017-04-02 08:00"].map((at, i) => mapping.map({ id: `load-${i}-${mode}`, text: "路灯不亮", at, closed: "" }));
    const admin = { id: "import:test", role: "admin", departmentId: null } as const;
    expect((await bulk.write(admin, items)).created).toBe(3);
    const visible = async () => (await rows<{ n: number }>(sql`select count(*)::int as n from tickets where external_id like ${`load-%-${mode}`}`))[0]!.n;
    const pending = async () => (await rows<{ partition: string }>(sql`select partition from ticket_month_loads order by 1`)).map((r) => r.partition);
    // Written, keyed (a replay is a duplicate), but not part of tickets yet.
    expect(await visible()).toBe(0);
    expect(await pending()).toEqual(["tickets_2017_03", "tickets_2017_04"]);
    expect((await bulk.write(admin, items.slice(0, 1))).duplicates).toBe(1);

    await bulk.finish();
    expect(await visible()).toBe(3);
    expect(await pending()).toEqual([]);
    expect(await partitions()).toEqual(expect.arrayContaining(["tickets_2017_03", "tickets_2017_04"]));
    const [idx] = await rows<{ parent: number; month: number }>(sql`select
      (select count(*)::int from pg_indexes where tablename = 'tickets') as parent, (select count(*)::int from pg_indexes where tablename = 'tickets_2017_03') as month`);
    expect(idx!.month).toBe(idx!.parent);
  });

  it("attaches a month the import has moved past while later months are still filled, and writes later rows of it through tickets", async () => {
    const ref = t.hub.services.ref;
    let locator: GridLocator | null = null;
    const bulk = new BulkIntake(t.db.database.db, ref, () => (locator ??= new GridLocator(ref.regionsAt("grid_cell"))), t.hub.services.dispatch, t.hub.services.realtime.bus, { suggest: false, history: { file: "moving.csv" }, loadNewMonths: true });
    const mapping = compileMapping({ source: "hotline", dateFormat: "YYYY-MM-DD HH:mm", fields: { externalId: "id", content: "text", receivedAt: "at" } });
    const admin = { id: "import:test", role: "admin", departmentId: null } as const;
    const row = (id: string, at: string) => mapping.map({ id: `${id}-${mode}`, text: "占道经营", at });
    const like = `mv-%-${mode}`;
    const visible = async () => (await rows<{ n: number }>(sql`select count(*)::int as n from tickets where external_id like ${like}`))[0]!.n;
    const pending = async () => (await rows<{ partition: string }>(sql`select partition from ticket_month_loads where partition like 'tickets_2015_%' order by 1`)).map((r) => r.partition);
    const rolled = async () => (await rows<{ n: number }>(sql`select coalesce(sum(received), 0)::int as n from ticket_rollup_hourly where hour >= '2014-12-31 16:00+00' and hour < '2015-03-31 16:00+00'`))[0]!.n;

    expect((await bulk.write(admin, [row("mv-1", "2015-01-10 09:00"), row("mv-2", "2015-01-20 09:00")])).created).toBe(2);
    expect(await pending()).toEqual(["tickets_2015_01"]);
    expect((await bulk.write(admin, [row("mv-3", "2015-02-01 09:00"), row("mv-4", "2015-02-01 10:00")])).created).toBe(2);
    // The import is in February now: January is attached, February still filled outside tickets.
    expect(await pending()).toEqual(["tickets_2015_02"]);
    expect(await visible()).toBe(2);
    // A January row that comes late (within what memory counts) goes through tickets into its
    // attached month, visible at once;
    // a chunk with a stored key is written the slow way, its new row too.
    const late = await bulk.write(admin, [row("mv-5", "2015-01-31 20:00"), row("mv-3", "2015-02-01 09:00")]);
    expect([late.created, late.duplicates]).toEqual([1, 1]);
    expect(await visible()).toBe(3);
    expect(await partitionOf(Number((await rows<{ id: number }>(sql`select ticket_id as id from ticket_keys where external_id = ${`mv-5-${mode}`}`))[0]!.id))).toBe("tickets_2015_01");
    await bulk.finish();
    expect(await visible()).toBe(5);
    expect(await pending()).toEqual([]);
    // Every ticket counted once in the hourly rollup, whichever way it was written.
    expect(await rolled()).toBe(5);
  });

  it("leaves a month pending whose rows name a tag that is not there, and attaches an interrupted import's month when the next import starts", async () => {
    const ref = t.hub.services.ref;
    let locator: GridLocator | null = null;
    const make = () => new BulkIntake(t.db.database.db, ref, () => (locator ??= new GridLocator(ref.regionsAt("grid_cell"))), t.hub.services.dispatch, t.hub.services.realtime.bus, { suggest: false, history: { file: "cut.csv" }, loadNewMonths: true });
    const mapping = compileMapping({ source: "hotline", dateFormat: "YYYY-MM-DD HH:mm", fields: { externalId: "id", content: "text", receivedAt: "at" } });
    const admin = { id: "import:test", role: "admin", departmentId: null } as const;
    const first = make();
    await first.write(admin, [mapping.map({ id: `cut-1-${mode}`, text: "噪音扰民", at: "2016-05-05 10:00" })]);
    // Spoiled behind the import's back: the attach checks what the triggers would have checked.
    await rows(sql`update tickets_2016_05 set tag_ids = array[999999], tag_rules = array[0::smallint], tag_actors = array['x'] where external_id = ${`cut-1-${mode}`}`);
    expect(await refusal(first.finish())).toMatch(/tag 999999/);
    expect((await rows<{ partition: string }>(sql`select partition from ticket_month_loads`)).map((r) => r.partition)).toEqual(["tickets_2016_05"]);
    await rows(sql`update tickets_2016_05 set tag_ids = '{}', tag_rules = '{}', tag_actors = '{}' where external_id = ${`cut-1-${mode}`}`);

    // The first import never finishes; the next one attaches its month before writing.
    await make().write(admin, [mapping.map({ id: `cut-2-${mode}`, text: "噪音扰民", at: "2016-06-05 10:00" })]);
    expect(await partitionOf(Number((await rows<{ id: number }>(sql`select ticket_id as id from ticket_keys where external_id = ${`cut-1-${mode}`}`))[0]!.id))).toBe("tickets_2016_05");
  });
});

describe.each(modes())("a database from before the partitioning on %s", (mode) => {
  const old = databaseBefore(mode, "0012_ticket_tag_arrays");

  it("keeps every ticket, event and tag, in the partition of its month, with its keys", async () => {
    const db = old();
    const run = <T>(q: SQL) => db.database.rows<T>(q);
    const [cat] = await run<{ id: number }>(sql`insert into tag_categories (code, name, name_en, set_by) values ('urgency', '紧急程度', 'Urgency', 'both') returning id`);
    const [tag] = await run<{ id: number }>(sql`insert into tags (category_id, code, name, name_en) values (${cat!.id}, 'urgency.high', '紧急', 'Urgent') returning id`);
    const [rule] = await run<{ id: number }>(sql`insert into tag_rules (rule_id, confidence) values ('r@1', 0.9) returning id`);
    const times = ["2025-11-30T15:59:59Z", "2025-11-30T16:00:00Z", "2026-02-10T08:00:00Z"]; // the first two straddle a Beijing month end
    for (const [i, at] of times.entries()) {
      const [row] = await run<{ id: number }>(sql`insert into tickets (source, external_id, channel, appeal_type, content, received_at, tag_ids, tag_rules)
        values ('hotline', ${`old-${i}`}, 'phone', 'complaint', '路灯不亮', ${at}, ${`{${tag!.id}}`}, ${`{${rule!.id}}`}) returning id`);
      await run(sql`insert into ticket_events (ticket_id, type, actor, to_status) values (${row!.id}, 'created', 'test', 'received')`);
    }
    await applyMigrations(db.database, db.url);

    const stored = await run<{ external_id: string; part: string; tags: number[]; events: number; key: number }>(sql`
      select t.external_id, t.tableoid::regclass::text as part, t.tag_ids as tags,
        (select count(*)::int from ticket_events e where e.ticket_id = t.id) as events,
        (select count(*)::int from ticket_keys k where k.ticket_id = t.id and k.external_id = t.external_id) as key
      from tickets t order by t.external_id`);
    expect(stored.map((s) => [s.external_id, s.part, s.events, s.key])).toEqual([
      ["old-0", "tickets_2025_11", 1, 1],
      ["old-1", "tickets_2025_12", 1, 1],
      ["old-2", "tickets_2026_02", 1, 1],
    ]);
    for (const s of stored) expect(s.tags.map(Number)).toEqual([tag!.id]);
    // New tickets continue the old ids.
    const [next] = await run<{ id: number; max: number }>(sql`select nextval('tickets_id_seq')::int as id, (select max(id)::int from tickets) as max`);
    expect(next!.id).toBeGreaterThan(next!.max);
  });
});

describe.each(modes())("a database seeded before partition indexes were rebuilt whole on %s", (mode) => {
  const old = databaseBefore(mode, "0015_ticket_month_loads");

  it("builds every index of tickets on every partition and makes it valid", async () => {
    const db = old();
    const run = <T>(q: SQL) => db.database.rows<T>(q);
    await run(sql`select cityops_ticket_month(now())`);
    await run(sql`insert into tickets (source, external_id, channel, appeal_type, content, citizen_phone) values ('hotline', 'seeded-1', 'phone', 'complaint', '路灯不亮', '13900001111')`);
    // What the seed's bulk load left: the index rebuilt from its catalog definition, on the parent only.
    await run(sql`drop index tickets_phone_received_idx`);
    await run(sql`create index tickets_phone_received_idx on only tickets (citizen_phone, received_at) where citizen_phone is not null`);
    const state = async () =>
      (await run<{ valid: boolean; partitions: number }>(sql`select i.indisvalid as valid,
        (select count(*)::int from pg_inherits h where h.inhparent = i.indexrelid) as partitions
        from pg_index i where i.indexrelid = 'tickets_phone_received_idx'::regclass`))[0];
    expect(await state()).toEqual({ valid: false, partitions: 0 });

    await applyMigrations(db.database, db.url);
    const parts = (await run<{ n: number }>(sql`select count(*)::int as n from pg_inherits where inhparent = 'tickets'::regclass`))[0]!.n;
    expect(await state()).toEqual({ valid: true, partitions: parts });
  });
});
