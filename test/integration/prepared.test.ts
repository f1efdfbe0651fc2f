import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { freshDatabase, modes, type TestDatabase } from "../helpers/db.js";

// db/client.ts: drizzle's queries go to postgres.js as prepared statements, so a query's repeats on
// a connection take one round trip instead of two. Unnamed statements (postgres.js's default for
// drizzle) never show in pg_prepared_statements; prepared ones do, on the connection that ran them.
describe.skipIf(!modes().includes("postgres"))("queries on PostgreSQL", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await freshDatabase("postgres");
  });
  afterAll(async () => db?.dispose());

  it("are prepared once per connection and reused, in transactions and savepoints too", async () => {
    const probe = "select $1::int + 41 as answer";
    const prepared = await db.database.db.transaction(async (tx) => {
      const answers: number[] = [];
      const answer = (r: unknown) => Number((r as { answer: number }[])[0]!.answer);
      for (const n of [1, 2]) answers.push(answer(await tx.execute(sql`select ${n}::int + 41 as answer`)));
      await tx.transaction(async (inner) => void answers.push(answer(await inner.execute(sql`select ${3}::int + 41 as answer`))));
      expect(answers).toEqual([42, 43, 44]);
      return tx.execute(sql`select count(*)::int as n from pg_prepared_statements where statement = ${probe}`);
    });
    expect(Number((prepared as unknown as { n: number }[])[0]!.n)).toBe(1);
  });
});
