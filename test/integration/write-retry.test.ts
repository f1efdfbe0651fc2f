// Two writers that lock the same rows in opposite orders deadlock; PostgreSQL aborts one of them.
// writeTx runs the aborted one again, so both callers succeed and each change lands once.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { freshDatabase, modes, type TestDatabase } from "../helpers/db.js";
import { MemoryBus } from "../../server/src/realtime/bus.js";
import { isRetryable, writeTx } from "../../server/src/store/write.js";

// PGlite has one connection: its transactions run one after another and cannot deadlock.
describe.skipIf(!modes().includes("postgres"))("write transactions on postgres", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await freshDatabase("postgres");
    await db.database.rows(sql`create table deadlock_probe (id int primary key, n int not null)`);
    await db.database.rows(sql`insert into deadlock_probe values (1, 0), (2, 0)`);
  });
  afterAll(async () => db?.dispose());

  it("runs a transaction PostgreSQL aborted as a deadlock victim again, so both writers succeed once", async () => {
    const bus = new MemoryBus();
    let commits = 0;
    bus.committed = () => void commits++;
    let attempts = 0;
    const firstLocked: [() => void, () => void] = [() => {}, () => {}];
    const locked = [new Promise<void>((r) => (firstLocked[0] = r)), new Promise<void>((r) => (firstLocked[1] = r))];
    const writer = (first: number, second: number, me: 0 | 1) =>
      writeTx(db.database.db, bus, async (tx) => {
        attempts++;
        await tx.execute(sql`update deadlock_probe set n = n + 1 where id = ${first}`);
        firstLocked[me]();
        // Both hold their first row before either asks for its second: a certain deadlock.
        await locked[1 - me];
        await tx.execute(sql`update deadlock_probe set n = n + 10 where id = ${second}`);
        return me;
      });
    expect(await Promise.all([writer(1, 2, 0), writer(2, 1, 1)])).toEqual([0, 1]);
    expect(attempts).toBe(3);
    expect(commits).toBe(2);
    const rows = await db.database.rows<{ id: number; n: number }>(sql`select id, n from deadlock_probe order by id`);
    expect(rows.map((r) => Number(r.n))).toEqual([11, 11]);
  });

  it("does not run a transaction again for an ordinary error", async () => {
    let attempts = 0;
    await expect(
      writeTx(db.database.db, new MemoryBus(), async (tx) => {
        attempts++;
        await tx.execute(sql`insert into deadlock_probe values (1, 0)`);
      }),
    ).rejects.toSatisfy((e: unknown) => !isRetryable(e));
    expect(attempts).toBe(1);
  });
});
