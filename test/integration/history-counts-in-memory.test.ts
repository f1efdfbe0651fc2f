// A history import counts its rows for the repeat and collective rules in memory, chunk after
// chunk, and tags them exactly as counting in the database does. The same 2,000 rows are imported
// twice, 52 weeks apart (the same weekdays, hours and seasons, further apart than any rule's
// window): once counted in memory, once in the database; every row gets the same tags. A chunk
// that reaches a month holding someone else's tickets is counted in the database.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { sql } from "drizzle-orm";
import { GridLocator } from "../../server/src/domain/geo.js";
import { BulkIntake, type BulkItem } from "../../server/src/ingest/bulk.js";
import { compileMapping } from "../../server/src/ingest/mapping.js";
import { modes } from "../helpers/db.js";
import { startTestHub, type TestHub } from "../helpers/hub.js";

const WEEKS_52 = 364 * 86_400_000;
const ADMIN = { id: "import:test", role: "admin", departmentId: null } as const;
const TEXTS = ["小区门口垃圾桶满溢无人清运，气味很大", "楼上装修噪音扰民，周末一早就开始", "路灯不亮，晚上出行不安全"];

describe.each(modes())("history counted in memory on %s", (mode) => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub(mode);
  }, 240_000);
  afterAll(() => t?.close());

  const intake = (countInMemory: boolean) => {
    const ref = t.hub.services.ref;
    let locator: GridLocator | null = null;
    return new BulkIntake(t.db.database.db, ref, () => (locator ??= new GridLocator(ref.regionsAt("grid_cell"))), t.hub.services.dispatch, t.hub.services.realtime.bus, {
      history: { file: "history.csv" },
      countInMemory,
    });
  };

  /** 2,000 rows from 10 April (in `year`) on, every 30 minutes, up to two hours out of order. */
  const rows = (prefix: string, shift: number): BulkItem[] => {
    const cells = t.hub.services.ref.regionsAt("grid_cell").slice(0, 4);
    const mapping = compileMapping({
      source: "hotline",
      fields: { externalId: "id", content: "text", receivedAt: "at", closedAt: "closed", lat: "lat", lng: "lng", citizenPhone: "phone", address: "address" },
    });
    let seed = 5;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const start = Date.UTC(2019, 3, 10) - shift;
    return Array.from({ length: 2000 }, (_, i) => {
      const at = start + i * 1_800_000 - Math.floor(rnd() * 5) * 1_800_000;
      const cell = cells[Math.floor(rnd() * cells.length)]!;
      return mapping.map({
        id: `${prefix}-${i}`,
        text: TEXTS[Math.floor(rnd() * TEXTS.length)]!,
        at: new Date(at).toISOString(),
        closed: rnd() < 0.7 ? new Date(at + 86_400_000).toISOString() : "",
        lat: String(cell.centerLat),
        lng: String(cell.centerLng),
        phone: rnd() < 0.15 ? "" : `1380000${String(Math.floor(rnd() * 300)).padStart(4, "0")}`,
        address: rnd() < 0.3 ? "" : `幸福路${Math.floor(rnd() * 200)}号`,
      });
    });
  };

  const importAll = async (bulk: BulkIntake, items: BulkItem[]) => {
    for (let i = 0; i < items.length; i += 250) expect((await bulk.write(ADMIN, items.slice(i, i + 250))).created).toBe(Math.min(250, items.length - i));
  };

  it("tags every row as counting in the database does", async () => {
    const memory = intake(true);
    await importAll(memory, rows(`mem-${mode}`, 0));
    const database = intake(false);
    await importAll(database, rows(`db-${mode}`, WEEKS_52));
    expect(memory.counted).toEqual({ inMemory: 8, inDatabase: 0 });
    expect(database.counted).toEqual({ inMemory: 0, inDatabase: 8 });

    const tagged = await t.db.database.rows<{ n: string; mem: number[]; db: number[] }>(sql`
      select split_part(m.external_id, '-', 3) as n, m.tag_ids as mem, d.tag_ids as db
      from tickets m join tickets d on split_part(d.external_id, '-', 3) = split_part(m.external_id, '-', 3)
      where m.external_id like ${`mem-${mode}-%`} and d.external_id like ${`db-${mode}-%`}`);
    expect(tagged).toHaveLength(2000);
    const differ = tagged.filter((r) => r.mem.map(Number).join(",") !== r.db.map(Number).join(","));
    expect(differ.slice(0, 3)).toEqual([]);
    // The counts mattered: repeat callers and collective requests were tagged.
    const [seen] = await t.db.database.rows<{ repeated: number; collective: number }>(sql`
      select count(*) filter (where tag_ids && array(select id from tags where code = 'repeated.repeated'))::int as repeated,
             count(*) filter (where tag_ids && array(select id from tags where code = 'collective.collective'))::int as collective
      from tickets where external_id like ${`mem-${mode}-%`}`);
    expect(seen!.repeated).toBeGreaterThan(100);
    expect(seen!.collective).toBeGreaterThan(100);
  });

  it("counts in the database a chunk whose windows reach someone else's tickets", async () => {
    // Rows from 2019 again: the month now holds the first import's tickets.
    const again = intake(true);
    await importAll(again, rows(`again-${mode}`, 0).slice(0, 250));
    expect(again.counted).toEqual({ inMemory: 0, inDatabase: 1 });
  });

  it("leaves the stored rows of a file imported before out before suggesting or tagging them", async () => {
    const replay = intake(true);
    const suggest = vi.spyOn(t.hub.services.dispatch, "suggest");
    try {
      for (const chunk of [rows(`mem-${mode}`, 0).slice(0, 250), rows(`mem-${mode}`, 0).slice(250, 500)]) {
        const out = await replay.write(ADMIN, chunk);
        expect(out).toMatchObject({ created: 0, duplicates: 250, refused: [] });
        expect(out.inserted.every((x) => !x)).toBe(true);
      }
      expect(suggest).not.toHaveBeenCalled();
      expect(replay.counted).toEqual({ inMemory: 0, inDatabase: 0 });
      // Half stored, half new: only the new rows are prepared, and they are written.
      const mixed = [...rows(`mem-${mode}`, 0).slice(500, 625), ...rows(`late-${mode}`, 0).slice(0, 125)];
      const out = await replay.write(ADMIN, mixed);
      expect(out).toMatchObject({ created: 125, duplicates: 125 });
      expect(out.inserted.slice(0, 125).some((x) => x)).toBe(false);
      expect(out.inserted.slice(125).every((x) => x)).toBe(true);
      expect(suggest.mock.calls.length).toBeGreaterThan(0);
      expect(suggest.mock.calls.length).toBeLessThanOrEqual(TEXTS.length);
    } finally {
      suggest.mockRestore();
    }
    const [stored] = await t.db.database.rows<{ n: number }>(sql`select count(*)::int as n from tickets where external_id like ${`late-${mode}-%`} and cardinality(tag_ids) > 0`);
    expect(stored!.n).toBe(125);
  });
});
