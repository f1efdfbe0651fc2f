import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { migrate } from "drizzle-orm/pglite/migrator";
import type { PgliteDatabase } from "drizzle-orm/pglite";
import { openDatabase, type Database } from "../../server/src/db/client.js";
import { generateDemoData, seedDemo, type SeedSummary } from "../../server/src/seed/seed.js";
import { pointInPolygon } from "../../server/src/domain/geo.js";
import type { Geometry } from "../../schema/src/tables/geography.js";

const migrationsFolder = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../migrations");
const NOW = new Date("2025-11-27T04:00:00Z");
const SMALL = { now: NOW, seed: 7, days: 10, ticketsPerYear: 20_000 };

let dir: string;
let database: Database;
let summary: SeedSummary;

async function count(query: ReturnType<typeof sql>): Promise<number> {
  const [row] = await database.rows<{ n: number | string }>(query);
  return Number(row?.n ?? NaN);
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "cityops-seed-test-"));
  database = await openDatabase({ dataDir: dir });
  await migrate(database.db as unknown as PgliteDatabase, { migrationsFolder });
  summary = await seedDemo(database, SMALL);
});

afterAll(async () => {
  await database?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("seedDemo on the embedded database", () => {
  it("loads the demo district, departments, responsibility list and a small history", async () => {
    expect(await count(sql`select count(*) as n from regions where level = 'street'`)).toBe(8);
    expect(await count(sql`select count(*) as n from regions where level = 'community'`)).toBeGreaterThanOrEqual(50);
    expect(await count(sql`select count(*) as n from regions where level = 'grid_cell'`)).toBeGreaterThanOrEqual(420);
    expect(summary.departments).toBeGreaterThanOrEqual(55);
    expect(await count(sql`select count(distinct key) as n from matters`)).toBeGreaterThanOrEqual(5500);
    expect(summary.tickets).toBe(await count(sql`select count(*) as n from tickets`));
    expect(summary.events).toBe(await count(sql`select count(*) as n from ticket_events`));
    expect(summary.ticketTags).toBe(await count(sql`select sum(cardinality(tag_ids)) as n from tickets`));
    // 10 days at 20,000 a year is ~550 tickets, plus the rainstorm surges.
    expect(summary.tickets).toBeGreaterThan(400);
    expect(summary.tickets).toBeLessThan(900);
  });

  it("keeps one current version per matter, older versions closed", async () => {
    expect(await count(sql`select count(*) as n from (select key from matters where valid_to is null group by key having count(*) <> 1) x`)).toBe(0);
    expect(await count(sql`select count(*) as n from (select key from matters group by key having count(*) > 1) x`)).toBeGreaterThan(50);
    expect(await count(sql`select count(*) as n from matters where valid_to is not null and valid_to <= valid_from`)).toBe(0);
  });

  it("links each ticket to the matter version in force when it arrived", async () => {
    expect(
      await count(sql`select count(*) as n from tickets t join matters m on m.id = t.matter_id
        where t.received_at < m.valid_from or (m.valid_to is not null and t.received_at >= m.valid_to) or t.domain <> m.domain`),
    ).toBe(0);
  });

  it("starts every ticket's history with a created event", async () => {
    expect(await count(sql`select count(*) as n from tickets t where not exists (select 1 from ticket_events e where e.ticket_id = t.id)`)).toBe(0);
    expect(
      await count(sql`select count(*) as n from (
        select distinct on (ticket_id) ticket_id, type, from_status from ticket_events order by ticket_id, id) f
        where type <> 'created' or from_status is not null`),
    ).toBe(0);
  });

  it("orders each ticket's events in time and chains fromStatus to the previous toStatus", async () => {
    expect(
      await count(sql`select count(*) as n from (
        select from_status, at, lag(to_status) over w as prev_to, lag(at) over w as prev_at, row_number() over w as rn
        from ticket_events window w as (partition by ticket_id order by id)) x
        where rn > 1 and (from_status is distinct from prev_to or at < prev_at)`),
    ).toBe(0);
  });

  it("ends each history in the ticket's status; closed tickets end with a closing event", async () => {
    const rows = await database.rows<{ status: string; type: string; to_status: string }>(sql`
      select t.status, l.type, l.to_status from tickets t
      join lateral (select type, to_status from ticket_events e where e.ticket_id = t.id order by id desc limit 1) l on true`);
    for (const r of rows) {
      expect(r.to_status).toBe(r.status);
      // Immediate answers close at intake with one event, as the state machine does.
      if (r.status === "closed") expect(["closed", "answered_immediately"]).toContain(r.type);
    }
    expect(rows.filter((r) => r.status === "closed").length).toBeGreaterThan(rows.length / 2);
  });

  it("matches the ticket columns to the history: counters, department and deadline", async () => {
    expect(
      await count(sql`select count(*) as n from tickets t where
        reopen_count <> (select count(*) from ticket_events e where e.ticket_id = t.id and e.type = 'reopened')
        or return_count <> (select count(*) from ticket_events e where e.ticket_id = t.id and e.type = 'returned')
        or supervision_count <> (select count(*) from supervisions s where s.ticket_id = t.id)`),
    ).toBe(0);
    // A department holding a ticket got it by the last dispatch, with the matter's time limit.
    expect(
      await count(sql`select count(*) as n from tickets t join matters m on m.id = t.matter_id
        where t.status in ('accepted', 'in_progress', 'replied', 'called_back', 'closed') and t.dispatched_at is not null
          and (t.department_id is distinct from m.lead_department_id
               or t.due_at <> t.dispatched_at + make_interval(days => m.time_limit_days))`),
    ).toBe(0);
  });

  it("keeps the hourly rollup equal to the tickets grouped the same way", async () => {
    expect(
      await count(sql`
        with t as (select date_trunc('hour', received_at) as h, coalesce(grid_cell_id, 0) as g, coalesce(domain::text, 'UNKNOWN') as d,
                          source as s, coalesce(community_id, 0) as c, coalesce(street_id, 0) as st, count(*)::int as n
                   from tickets group by 1, 2, 3, 4, 5, 6),
             r as (select hour as h, grid_cell_id as g, domain as d, source as s, community_id as c, street_id as st, received as n
                   from ticket_rollup_hourly)
        select count(*) as n from t full join r using (h, g, d, s) where t.n is distinct from r.n or t.c is distinct from r.c or t.st is distinct from r.st`),
    ).toBe(0);
  });

  it("places located tickets inside their grid cell", async () => {
    const rows = await database.rows<{ lat: number; lng: number; geometry: Geometry }>(
      sql`select t.lat, t.lng, r.geometry from tickets t join regions r on r.id = t.grid_cell_id`,
    );
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect(pointInPolygon(r.lat, r.lng, r.geometry)).toBe(true);
    expect(await count(sql`select count(*) as n from tickets where (lat is null) <> (grid_cell_id is null)`)).toBe(0);
  });

  it("gives each grid cell a polygon that contains its own center", async () => {
    const cells = await database.rows<{ code: string; center_lat: number; center_lng: number; geometry: Geometry }>(
      sql`select code, center_lat, center_lng, geometry from regions where level = 'grid_cell'`,
    );
    for (const c of cells) expect(pointInPolygon(c.center_lat, c.center_lng, c.geometry), c.code).toBe(true);
  });

  it("tags tickets by rule with taxonomy codes", async () => {
    expect(await count(sql`select count(*) as n from tickets t where not exists (
      select 1 from unnest(t.tag_ids) as tt(tag_id) join tags g on g.id = tt.tag_id where g.code like 'appeal_type.%')`)).toBe(0);
    // Set by the seed's rules (a person's tag names no rule), and nobody's name.
    expect(await count(sql`select count(*) as n from tickets t cross join unnest(t.tag_rules) as tt(rule) left join tag_rules r on r.id = tt.rule
      where coalesce(r.rule_id, '') not like 'seed.%'`)).toBe(0);
    expect(await count(sql`select count(*) as n from tickets where cardinality(tag_actors) > 0`)).toBe(0);
  });

  it("refuses to seed a database that already holds data", async () => {
    await expect(seedDemo(database, SMALL)).rejects.toThrow(/empty database/);
  });

  it("moves the id sequences past the seeded rows", async () => {
    const [max] = await database.rows<{ n: number }>(sql`select max(id)::int as n from ticket_events`);
    const [row] = await database.rows<{ id: number }>(
      sql`insert into ticket_events (ticket_id, type, actor, from_status, to_status) values (1, 'supervised', 'test', 'closed', 'closed') returning id`,
    );
    expect(Number(row?.id)).toBeGreaterThan(Number(max?.n));
    await database.rows(sql`delete from ticket_events where actor = 'test'`);
  });
});

describe("generateDemoData", () => {
  it("generates the same data for the same seed and now", () => {
    const a = generateDemoData(SMALL);
    const b = generateDemoData(SMALL);
    expect(b.generated.tickets.length).toBe(a.generated.tickets.length);
    expect(b.generated.events.length).toBe(a.generated.events.length);
    expect(b.generated.tickets.slice(0, 50)).toEqual(a.generated.tickets.slice(0, 50));
    expect(b.generated.events.slice(0, 200)).toEqual(a.generated.events.slice(0, 200));
    expect(b.matters).toEqual(a.matters);
  });

  it("generates different histories for different seeds", () => {
    const a = generateDemoData(SMALL);
    const b = generateDemoData({ ...SMALL, seed: 8 });
    expect(b.generated.tickets.slice(0, 20)).not.toEqual(a.generated.tickets.slice(0, 20));
  });
});
