// A ticket's tag ids (tickets.tag_ids) refer to the taxonomy and its tag_rules to the rules that set
// them, checked per inserting statement and per updated row (migration 0012) as foreign keys would:
// an id that is not there fails the whole statement with 23503, a tag on a ticket cannot be deleted,
// a tag_rules entry never changes or goes, ids cannot change. The tags live on the ticket row, so no
// tag outlives its ticket.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { freshDatabase, modes, type TestDatabase } from "../helpers/db.js";
import { sqlState } from "../helpers/sql-state.js";
import { seedDemo } from "../../server/src/seed/seed.js";

const newTicket = (externalId: string, tagId: number, rule: number) =>
  sql`(${"hotline"}::ticket_source, ${externalId}, 'phone', 'complaint', '路灯不亮', 'received', array[${tagId}::int], array[${rule}::smallint])`;
const INSERT = sql`insert into tickets (source, external_id, channel, appeal_type, content, status, tag_ids, tag_rules) values`;

describe.each(modes())("ticket tag references on %s", (mode) => {
  let db: TestDatabase;
  let ticket: number;
  let tag: number;
  let rule: number;
  const tickets = async () => Number((await db.database.rows<{ n: number }>(sql`select count(*)::int as n from tickets`))[0]!.n);
  const tagsOf = async (id: number) => (await db.database.rows<{ ids: string }>(sql`select tag_ids::text as ids from tickets where id = ${id}`))[0]!.ids;

  beforeAll(async () => {
    db = await freshDatabase(mode);
    await seedDemo(db.database, { days: 2, ticketsPerYear: 3000, seed: 3 });
    ticket = Number((await db.database.rows<{ id: number }>(sql`select id from tickets order by id limit 1`))[0]!.id);
    tag = Number((await db.database.rows<{ id: number }>(sql`select id from tags where not id = any(select unnest(tag_ids) from tickets where id = ${ticket}) order by id limit 1`))[0]!.id);
    rule = Number((await db.database.rows<{ id: number }>(sql`insert into tag_rules (rule_id, confidence) values ('probe@1', 0.5) returning id`))[0]!.id);
  }, 120_000);
  afterAll(async () => db?.dispose());

  it("refuses a new ticket with a tag that is not in the taxonomy, and the good rows of that statement with it", async () => {
    const before = await tickets();
    expect(await sqlState(db.database.rows(sql`${INSERT} ${newTicket("ref-good", tag, rule)}, ${newTicket("ref-bad", 999999, rule)}`))).toBe("23503");
    expect(await sqlState(db.database.rows(sql`${INSERT} ${newTicket("ref-good", tag, rule)}, ${newTicket("ref-bad", tag, 32000)}`))).toBe("23503");
    expect(await tickets()).toBe(before);
  });

  it("refuses to put a tag that is not in the taxonomy on a ticket, a rule that is not in tag_rules, or one tag twice", async () => {
    const was = await tagsOf(ticket);
    const put = (ids: number[], by = rule) =>
      sqlState(
        db.database.rows(sql`update tickets set tag_ids = ${sql.raw(`'{${ids.join(",")}}'`)}::int[],
          tag_rules = array_fill(${by}::smallint, array[${ids.length}::int]), tag_actors = '{}' where id = ${ticket}`),
      );
    expect(await put([tag, 999999])).toBe("23503");
    expect(await put([tag], 32000)).toBe("23503");
    expect(await put([tag, tag])).toBe("23505");
    expect(await tagsOf(ticket)).toBe(was);
  });

  it("refuses provenance that does not line up with the tags", async () => {
    expect(await sqlState(db.database.rows(sql`update tickets set tag_ids = tag_ids || ${tag}::int where id = ${ticket}`))).toBe("23514");
    expect(await sqlState(db.database.rows(sql`update tickets set tag_actors = array_fill(null::text, array[cardinality(tag_ids)]) where id = ${ticket}`))).toBe("23514");
  });

  it("never changes or deletes a tag_rules entry", async () => {
    expect(await sqlState(db.database.rows(sql`update tag_rules set confidence = 0.6 where id = ${rule}`))).toBe("23503");
    expect(await sqlState(db.database.rows(sql`delete from tag_rules where id = ${rule}`))).toBe("23503");
  });

  it("refuses to delete a taxonomy tag still on a ticket, and deletes one on none", async () => {
    const used = Number((await db.database.rows<{ id: number }>(sql`select tag_ids[1] as id from tickets where cardinality(tag_ids) > 0 limit 1`))[0]!.id);
    let message = "";
    const code = await sqlState(
      db.database.rows(sql`delete from tags where id = ${used}`).catch((e: Error) => {
        message = `${e.message} ${String((e as { cause?: Error }).cause?.message ?? "")}`;
        throw e;
      }),
    );
    expect(code).toBe("23503");
    expect(message).toContain("still on a ticket");
    const [fresh] = await db.database.rows<{ id: number }>(
      sql`insert into tags (category_id, code, name, name_en) select category_id, 'probe.unused', '探针', 'probe' from tags limit 1 returning id`,
    );
    expect(await sqlState(db.database.rows(sql`delete from tags where id = ${fresh!.id}`))).toBeNull();
  });

  it("refuses to change a referenced id", async () => {
    const tagged = Number((await db.database.rows<{ id: number }>(sql`select id from tickets where cardinality(tag_ids) > 0 limit 1`))[0]!.id);
    expect(await sqlState(db.database.rows(sql`update tags set id = id + 100000 where id = ${tag}`))).toBe("23503");
    expect(await sqlState(db.database.rows(sql`update tickets set id = id + 100000000 where id = ${tagged}`))).toBe("23503");
  });
});

// A delete of a tag and a writer of a ticket carrying it, racing: whichever commits first wins, never both.
describe.skipIf(!modes().includes("postgres"))("ticket tag references under concurrency", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await freshDatabase("postgres");
  });
  afterAll(async () => db?.dispose());

  const probeTag = async (code: string) => {
    const [cat] = await db.database.rows<{ id: number }>(sql`insert into tag_categories (code, name, name_en, set_by) values (${code}, '探针', 'probe', 'rule') returning id`);
    const [tg] = await db.database.rows<{ id: number }>(sql`insert into tags (category_id, code, name, name_en) values (${cat!.id}, ${`${code}.a`}, '探针', 'probe') returning id`);
    return Number(tg!.id);
  };

  /** `first` runs in a transaction held open until `second` has had time to reach the database. */
  async function race(first: (tx: postgres.TransactionSql) => Promise<unknown>, second: (tx: postgres.TransactionSql) => Promise<unknown>): Promise<string> {
    const a = postgres(db.url!, { max: 1, onnotice: () => {} });
    const b = postgres(db.url!, { max: 1, onnotice: () => {} });
    try {
      let release!: () => void;
      const held = new Promise<void>((r) => (release = r));
      let started!: () => void;
      const didStart = new Promise<void>((r) => (started = r));
      const one = a.begin(async (tx) => {
        await first(tx);
        started();
        await held;
      });
      await didStart;
      const two = b.begin((tx) => second(tx)).then(
        () => "done",
        (e: { code?: string }) => e.code ?? "error",
      );
      await new Promise((r) => setTimeout(r, 300));
      release();
      await one;
      return await two;
    } finally {
      await a.end();
      await b.end();
    }
  }

  it("makes a delete of a tag wait for a writer of a ticket carrying it, then refuse", async () => {
    const tg = await probeTag("probe1");
    const outcome = await race(
      (tx) => tx`insert into tickets (source, external_id, channel, appeal_type, content, status, tag_ids, tag_rules, tag_actors)
        values ('hotline', 'ref-race-1', 'phone', 'complaint', '路灯不亮', 'received', ${`{${tg}}`}::int[], '{0}', '{operator:test}')`,
      (tx) => tx`delete from tags where id = ${tg}`,
    );
    expect(outcome).toBe("23503");
    expect(Number((await db.database.rows<{ n: number }>(sql`select count(*)::int as n from tags where id = ${tg}`))[0]!.n)).toBe(1);
  });

  it("makes a writer of a ticket wait for a delete of its tag, then refuse", async () => {
    const tg = await probeTag("probe2");
    const outcome = await race(
      (tx) => tx`delete from tags where id = ${tg}`,
      (tx) => tx`insert into tickets (source, external_id, channel, appeal_type, content, status, tag_ids, tag_rules, tag_actors)
        values ('hotline', 'ref-race-2', 'phone', 'complaint', '路灯不亮', 'received', ${`{${tg}}`}::int[], '{0}', '{operator:test}')`,
    );
    expect(outcome).toBe("23503");
    expect(Number((await db.database.rows<{ n: number }>(sql`select count(*)::int as n from tickets where external_id = 'ref-race-2'`))[0]!.n)).toBe(0);
  });
});
