import { asc, sql } from "drizzle-orm";
import { departments, regions, tagCategories, tags } from "@cityops/schema";
import type { Database, Db } from "../db/client.js";
import type { TicketPlace } from "../domain/privacy/policy.js";

export type DepartmentRow = typeof departments.$inferSelect;
export type RegionRow = typeof regions.$inferSelect;
export type TagCategoryRow = typeof tagCategories.$inferSelect;
export type TagRow = typeof tags.$inferSelect;

/**
 * Departments, regions and the tag taxonomy: a few hundred rows that change rarely and are
 * needed on almost every ticket. Held in memory so that a page of tickets resolves its
 * department, region and tag names without one more statement per page.
 */
export class ReferenceData {
  departments = new Map<number, DepartmentRow>();
  departmentsByCode = new Map<string, DepartmentRow>();
  regions = new Map<number, RegionRow>();
  categories = new Map<number, TagCategoryRow>();
  tags = new Map<number, TagRow>();
  tagsByCode = new Map<string, TagRow>();
  private loadedAt = 0;
  /** How many times the data was (re)loaded: the wall frame carries it, so walls refetch the map. */
  version = 0;

  constructor(private readonly db: Db) {}

  async load(): Promise<this> {
    const [d, r, c, t] = await Promise.all([
      this.db.select().from(departments).orderBy(asc(departments.id)),
      this.db.select().from(regions).orderBy(asc(regions.id)),
      this.db.select().from(tagCategories).orderBy(asc(tagCategories.sortOrder), asc(tagCategories.id)),
      this.db.select().from(tags).orderBy(asc(tags.id)),
    ]);
    this.departments = new Map(d.map((x) => [x.id, x]));
    this.departmentsByCode = new Map(d.map((x) => [x.code, x]));
    this.regions = new Map(r.map((x) => [x.id, x]));
    this.categories = new Map(c.map((x) => [x.id, x]));
    this.tags = new Map(t.map((x) => [x.id, x]));
    this.tagsByCode = new Map(t.map((x) => [x.code, x]));
    this.loadedAt = Date.now();
    this.version++;
    return this;
  }

  get age(): number {
    return Date.now() - this.loadedAt;
  }

  /** Where a ticket is, as far as readers who may not see its address may know (domain/privacy). */
  placeOf(t: { streetId: number | null; communityId: number | null; gridCellId: number | null }): TicketPlace {
    const name = (id: number | null) => (id === null ? undefined : this.regions.get(id)?.name);
    const names = [name(t.streetId), name(t.communityId)].filter((x): x is string => !!x);
    const cell = t.gridCellId === null ? undefined : this.regions.get(t.gridCellId);
    return { area: names.length ? names.join(" · ") : null, cellCentre: cell ? { lat: cell.centerLat, lng: cell.centerLng } : null };
  }

  regionsAt(level: RegionRow["level"]): RegionRow[] {
    return [...this.regions.values()].filter((r) => r.level === level);
  }
}

/** Whether the database holds no reference data yet: a fresh database, to seed or to move a city into. */
export async function isEmpty(database: Database): Promise<boolean> {
  const [row] = await database.rows<{ n: number }>(sql`select count(*)::int as n from departments`);
  return Number(row?.n ?? 0) === 0;
}
