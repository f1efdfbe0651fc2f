// ticket_tags' references to tickets and tags are checked per statement (migration 0007), not by
// row-level foreign keys: the guarantees must stay those of the foreign keys they replace.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { freshDatabase, modes, type TestDatabase } from "../helpers/db.js";
import { seedDemo } from "../../server/src/seed/seed.js";

/** The SQLSTATE of a failed statement (drizzle wraps the driver's error in `cause`). */
async function sqlState(p: Promise<unknown>): Promise<string | null> {
  try {
    await p;
    return null;
  } catch (err) {
    for (let e: unknown = err; e && typeof e === "object"; e = (e as { cause?: unknown }).cause) {
      const code = (e as { code?: unknown }).code;
      if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) return code;
    }
    throw err;
  }
}

describe.each(modes())("ticket tag references on %s", (mode) => {
  let db: TestDatabase;
  let ticket: number;
  let tag: number;
  const count = async () => Number((await db.database.rows<{ n: number }>(sql`select count(*)::int as n from ticket_tags`))[0]!.n);

  beforeAll(async () => {
    db = await freshDatabase(mode);
    await seedDemo(db.database, { days: 2, ticketsPerYear: 3000, seed: 3 });
    ticket = Number((await db.database.rows<{ id: number }>(sql`select id from tickets order by id limit 1`))[0]!.id);
    tag = Number((await db.database.rows<{ id: number }>(sql`select id from tags where id not in (select tag_id from ticket_tags where ticket_id = ${ticket}) order by id limit 1`))[0]!.id);
  }, 120_000);
  afterAll(async () => db?.dispose());

  it("refuses a tag on a ticket that does not exist, and the good rows of that statement with it", async () => {
    const before = await count();
    const code = await sqlState(
      db.database.rows(sql`insert into ticket_tags (ticket_id, tag_id, origin) values (${ticket}, ${tag}, 'manual'), (999999999, ${tag}, 'manual')`),
    );
    expect(code).toBe("23503");
    expect(await count()).toBe(before);
  });

  it("refuses a tag that is not in the taxonomy", async () => {
    expect(await sqlState(db.database.rows(sql`insert into ticket_tags (ticket_id, tag_id, origin) values (${ticket}, 999999, 'manual')`))).toBe("23503");
  });

  it("refuses to move a tag onto a ticket that does not exist", async () => {
    await db.database.rows(sql`insert into ticket_tags (ticket_id, tag_id, origin) values (${ticket}, ${tag}, 'manual')`);
    expect(await sqlState(db.database.rows(sql`update ticket_tags set ticket_id = 999999999 where ticket_id = ${ticket} and tag_id = ${tag}`))).toBe("23503");
    await db.database.rows(sql`delete from ticket_tags where ticket_id = ${ticket} and tag_id = ${tag}`);
  });

  it("refuses to delete a taxonomy tag still on a ticket, and deletes one on none", async () => {
    const used = Number((await db.database.rows<{ id: number }>(sql`select tag_id as id from ticket_tags limit 1`))[0]!.id);
    expect(await sqlState(db.database.rows(sql`delete from tags where id = ${used}`))).toBe("23503");
    const [fresh] = await db.database.rows<{ id: number }>(
      sql`insert into tags (category_id, code, name, name_en) select category_id, 'probe.unused', '探针', 'probe' from tags limit 1 returning id`,
    );
    expect(await sqlState(db.database.rows(sql`delete from tags where id = ${fresh!.id}`))).toBeNull();
  });

  it("refuses to delete a tagged ticket or to change a referenced id", async () => {
    // A ticket with tags but no supervision records; its events go first (they have a foreign key of their own).
    const tagged = Number(
      (await db.database.rows<{ id: number }>(sql`select g.ticket_id as id from ticket_tags g where not exists (select 1 from supervisions s where s.ticket_id = g.ticket_id) limit 1`))[0]!.id,
    );
    let message = "";
    const code = await sqlState(
      db.database.db
        .transaction(async (tx) => {
          await tx.execute(sql`delete from ticket_events where ticket_id = ${tagged}`);
          await tx.execute(sql`delete from tickets where id = ${tagged}`);
        })
        .catch((e: Error) => {
          message = `${e.message} ${String((e as { cause?: Error }).cause?.message ?? "")}`;
          throw e;
        }),
    );
    expect(code).toBe("23503");
    expect(message).toContain("ticket_tags");
    expect(Number((await db.database.rows<{ n: number }>(sql`select count(*)::int as n from tickets where id = ${tagged}`))[0]!.n)).toBe(1);
    expect(await sqlState(db.database.rows(sql`update tags set id = id + 100000 where id = ${tag}`))).toBe("23503");
    expect(await sqlState(db.database.rows(sql`update tickets set id = id + 100000000 where id = ${tagged}`))).toBe("23503");
  });
});

// A delete and a writer of tags racing on one ticket: whichever commits first wins, never both.
describe.skipIf(!modes().includes("postgres"))("ticket tag references under concurrency", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await freshDatabase("postgres");
  });
  afterAll(async () => db?.dispose());

  it("makes a delete of a ticket wait for a writer of its tags, then refuse", async () => {
    const [cat] = await db.database.rows<{ id: number }>(sql`insert into tag_categories (code, name, name_en, set_by) values ('probe', '探针', 'probe', 'rule') returning id`);
    const [tg] = await db.database.rows<{ id: number }>(sql`insert into tags (category_id, code, name, name_en) values (${cat!.id}, 'probe.a', '探针', 'probe') returning id`);
    const [tk] = await db.database.rows<{ id: number }>(
      sql`insert into tickets (source, external_id, channel, appeal_type, content, status) values ('hotline', 'ref-race-1', 'phone', 'complaint', '路灯不亮', 'received') returning id`,
    );
    const a = postgres(db.url!, { max: 1, onnotice: () => {} });
    const b = postgres(db.url!, { max: 1, onnotice: () => {} });
    try {
      let release!: () => void;
      const held = new Promise<void>((r) => (release = r));
      let inserted!: () => void;
      const didInsert = new Promise<void>((r) => (inserted = r));
      const writer = a.begin(async (tx) => {
        await tx`insert into ticket_tags (ticket_id, tag_id, origin) values (${tk!.id}, ${tg!.id}, 'rule')`;
        inserted();
        await held;
      });
      await didInsert;
      // The writer has its tag in but not committed: the delete must wait for it, then see it.
      const deleting = b.begin((tx) => tx`delete from tickets where id = ${tk!.id}`).then(
        () => "deleted",
        (e: { code?: string }) => e.code ?? "error",
      );
      await new Promise((r) => setTimeout(r, 300));
      release();
      await writer;
      expect(await deleting).toBe("23503");
      expect((await a`select count(*)::int as n from tickets where id = ${tk!.id}`)[0]!.n).toBe(1);
    } finally {
      await a.end();
      await b.end();
    }
  });
});
