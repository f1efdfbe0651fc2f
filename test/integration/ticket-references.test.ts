// A ticket's grid cell, community, street, department and matter are checked per statement
// (migration 0014) as foreign keys would check them: a value that is not there fails the whole
// statement with 23503, on insert and on update; a region, department or matter that a ticket names
// cannot be deleted, and ids never change. One lookup per distinct value instead of one per row and key.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { freshDatabase, modes, type TestDatabase } from "../helpers/db.js";
import { sqlState } from "../helpers/sql-state.js";
import { seedDemo } from "../../server/src/seed/seed.js";

describe.each(modes())("ticket references on %s", (mode) => {
  let db: TestDatabase;
  let named: { id: number; grid_cell_id: number; community_id: number; street_id: number; department_id: number; matter_id: number };
  const one = async <T>(q: ReturnType<typeof sql>) => (await db.database.rows<T>(q))[0]!;
  const count = async () => Number((await one<{ n: number }>(sql`select count(*)::int as n from tickets`)).n);
  const insert = (ext: string, col: string, value: number) =>
    db.database.rows(sql`insert into tickets (source, external_id, channel, appeal_type, content, ${sql.raw(col)})
      values ('hotline', ${`${ext}-ok`}, 'phone', 'complaint', '路灯不亮', ${named[col as keyof typeof named]}), ('hotline', ${ext}, 'phone', 'complaint', '路灯不亮', ${value})`);

  beforeAll(async () => {
    db = await freshDatabase(mode);
    await seedDemo(db.database, { days: 2, ticketsPerYear: 3000, seed: 3 });
    named = await one(sql`select id, grid_cell_id, community_id, street_id, department_id, matter_id from tickets
      where grid_cell_id is not null and department_id is not null and matter_id is not null order by id limit 1`);
  }, 120_000);
  afterAll(async () => db?.dispose());

  it("refuses a new ticket naming a place, department or matter that is not there, and the good rows of that statement with it", async () => {
    const before = await count();
    for (const col of ["grid_cell_id", "community_id", "street_id", "department_id", "matter_id"]) expect(await sqlState(insert(`ref-${col}`, col, 999_999)), col).toBe("23503");
    expect(await count()).toBe(before);
    expect(await sqlState(insert("ref-fine", "department_id", named.department_id))).toBeNull();
  });

  it("refuses to move a ticket to a department or matter that is not there", async () => {
    expect(await sqlState(db.database.rows(sql`update tickets set department_id = 999999 where id = ${named.id}`))).toBe("23503");
    expect(await sqlState(db.database.rows(sql`update tickets set matter_id = 999999 where id = ${named.id}`))).toBe("23503");
    expect((await one<{ d: number }>(sql`select department_id as d from tickets where id = ${named.id}`)).d).toBe(named.department_id);
  });

  it("refuses to delete a region, department or matter a ticket names, or to change its id; one no ticket names can go", async () => {
    expect(await sqlState(db.database.rows(sql`delete from regions where id = ${named.grid_cell_id}`))).toBe("23503");
    expect(await sqlState(db.database.rows(sql`delete from regions where id = ${named.street_id}`))).toBe("23503");
    expect(await sqlState(db.database.rows(sql`delete from departments where id = ${named.department_id}`))).toBe("23503");
    expect(await sqlState(db.database.rows(sql`delete from matters where id = ${named.matter_id}`))).toBe("23503");
    expect(await sqlState(db.database.rows(sql`update departments set id = 999999 where id = ${named.department_id}`))).toBe("23503");
    const [spare] = await db.database.rows<{ id: number }>(sql`insert into departments (code, name, name_en, kind) values ('SPARE-REF', '备用单位', 'Spare unit', 'other') returning id`);
    expect(await sqlState(db.database.rows(sql`delete from departments where id = ${spare!.id}`))).toBeNull();
  });
});
