import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { freshDatabase, modes, type TestDatabase } from "../helpers/db.js";
import { insertTickets, TICKET_COLUMNS, withTags, type TicketValues } from "../../server/src/ingest/bulk-write.js";
import type { TagEntry } from "../../server/src/store/ticket-tags.js";

// insertTickets sends a push system's small batch inside the statement (one JSON parameter) and an
// import's large chunk by COPY through a staging table. Whichever way a row came, it must be
// stored the same, to the byte, its rule tags included.
describe.each(modes())("bulk ticket insert on %s", (mode) => {
  let db: TestDatabase;
  let tags: TagEntry[] = [];
  beforeAll(async () => {
    db = await freshDatabase(mode);
    // Every migrated database holds the product's taxonomy (db/taxonomy.ts).
    const ids = await db.database.rows<{ id: number }>(sql`select id from tags where code in ('urgency.urgent', 'urgency.normal') order by id`);
    expect(ids).toHaveLength(2);
    const [rule] = await db.database.rows<{ id: number }>(sql`insert into tag_rules (rule_id, confidence) values ('keyword.urgent@1', 0.8) returning id`);
    tags = ids.map((t) => ({ tagId: Number(t.id), rule: Number(rule!.id), actor: "" })).reverse();
  });
  afterAll(async () => db?.dispose());

  const actor = { id: "test:bulk", role: "admin" as const, departmentId: null };
  const at = new Date("2026-11-30T08:00:00Z");
  const awkward = (externalId: string): TicketValues => {
    const v: Record<(typeof TICKET_COLUMNS)[number], unknown> = {
      source: "grid",
      external_id: externalId,
      channel: "app",
      appeal_type: "complaint",
      title: 'Tab\there, "quotes", back\\slash',
      content: "第一行\n第二行\r\n NUL:\u0000 end 😀 \\N",
      address: "朝阳区 建国路\u300088号",
      lat: 39.908765,
      lng: 116.459321,
      grid_cell_id: null,
      community_id: null,
      street_id: null,
      citizen_name: null,
      citizen_phone: "+86 138-0000-0000",
      domain: "ECOLOGY_ENVIRONMENT",
      suggested_department_id: null,
      suggested_matter_id: null,
      received_at: new Date("2026-11-30T07:59:58.123Z"),
      raw: { nested: { list: [1, "二", null], text: "a\tb\\c" } },
      updated_at: at,
    };
    return TICKET_COLUMNS.map((c) => v[c]) as TicketValues;
  };
  const plain = (i: number): TicketValues => {
    const row = [...awkward(`filler-${i}`)];
    row[TICKET_COLUMNS.indexOf("title")] = null;
    row[TICKET_COLUMNS.indexOf("content")] = `路灯不亮 ${i}`;
    return row;
  };
  const write = (rows: TicketValues[]) => db.database.db.transaction((tx) => insertTickets(tx, rows.map((r) => withTags(r, tags)), actor, at.toISOString()));

  it("stores a row sent in the statement exactly as one sent by COPY, with its event and rollup count", async () => {
    const small = await write([awkward("in-statement"), plain(-1)]);
    const large = await write([awkward("copied"), ...Array.from({ length: 1500 }, (_, i) => plain(i))]);
    expect(small.map((r) => r.external_id)).toEqual(["in-statement", "filler--1"]);
    expect(large).toHaveLength(1501);
    expect(large[0]!.external_id).toBe("copied");

    const cols = TICKET_COLUMNS.filter((c) => c !== "external_id").join(", ");
    const stored = await db.database.rows<Record<string, unknown>>(
      sql`select external_id, ${sql.raw(cols)}, raw::text as raw_text, status, tag_ids::text as tag_ids, tag_rules::text as tag_rules, tag_actors::text as tag_actors
        from tickets where external_id in ('in-statement', 'copied') order by external_id`,
    );
    expect(stored).toHaveLength(2);
    const [copied, inStatement] = stored.map(({ external_id: _, ...rest }) => rest);
    expect(inStatement).toEqual(copied);
    expect(inStatement!.content).toBe("第一行\n第二行\r\n NUL: end 😀 \\N");
    expect(inStatement!.title).toBe('Tab\there, "quotes", back\\slash');
    expect(JSON.parse(inStatement!.raw_text as string)).toEqual({ nested: { list: [1, "二", null], text: "a\tb\\c" } });
    const ids = tags.map((t) => t.tagId).sort((a, b) => a - b);
    expect(inStatement).toMatchObject({ tag_ids: `{${ids.join(",")}}`, tag_rules: `{${tags.map((t) => t.rule).join(",")}}`, tag_actors: "{}" });

    const [counts] = await db.database.rows<{ events: number; rollup: number }>(sql`select
      (select count(*)::int from ticket_events e join tickets t on t.id = e.ticket_id and e.type = 'created' where t.external_id in ('in-statement', 'copied')) as events,
      (select coalesce(sum(received), 0)::int from ticket_rollup_hourly where hour = '2026-11-30T07:00:00Z' and domain = 'ECOLOGY_ENVIRONMENT') as rollup`);
    expect(counts).toEqual({ events: 2, rollup: 1503 });
  });

  it("adds nothing for rows already stored, either way", async () => {
    expect(await write([awkward("in-statement")])).toEqual([]);
    expect(await write([awkward("copied"), ...Array.from({ length: 1500 }, (_, i) => plain(i))])).toEqual([]);
  });
});
