import { asc, sql } from "drizzle-orm";
import { departments, regions, tagCategories, tagRules, tags } from "@cityops/schema";
import type { Database, Db } from "../db/client.js";
import type { TicketPlace } from "../domain/privacy/policy.js";

export type DepartmentRow = typeof departments.$inferSelect;
export type RegionRow = typeof regions.$inferSelect;
export type TagCategoryRow = typeof tagCategories.$inferSelect;
export type TagRow = typeof tags.$inferSelect;
export type TagRuleRow = typeof tagRules.$inferSelect;

/** A rule's tag provenance as a key: the confidence as the database's real holds it. */
const ruleKey = (ruleId: string, confidence: number) => `${ruleId}\u0000${Math.fround(confidence)}`;

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
  /** The rule and confidence behind each id of tickets.tag_rules. */
  tagRules = new Map<number, TagRuleRow>();
  private tagRuleIds = new Map<string, number>();
  private loadingTagRules: Promise<void> | null = null;
  private loadedAt = 0;
  /** How many times the data was (re)loaded: the wall frame carries it, so walls refetch the map. */
  version = 0;

  constructor(private readonly db: Db) {}

  async load(): Promise<this> {
    const [d, r, c, t, rules] = await Promise.all([
      this.db.select().from(departments).orderBy(asc(departments.id)),
      this.db.select().from(regions).orderBy(asc(regions.id)),
      this.db.select().from(tagCategories).orderBy(asc(tagCategories.sortOrder), asc(tagCategories.id)),
      this.db.select().from(tags).orderBy(asc(tags.id)),
      this.db.select().from(tagRules),
    ]);
    this.departments = new Map(d.map((x) => [x.id, x]));
    this.departmentsByCode = new Map(d.map((x) => [x.code, x]));
    this.regions = new Map(r.map((x) => [x.id, x]));
    this.categories = new Map(c.map((x) => [x.id, x]));
    this.tags = new Map(t.map((x) => [x.id, x]));
    this.tagsByCode = new Map(t.map((x) => [x.code, x]));
    this.setTagRules(rules);
    this.loadedAt = Date.now();
    this.version++;
    return this;
  }

  /** Reads tag_rules again: tickets written by another process may name entries it added since. */
  loadTagRules(): Promise<void> {
    this.loadingTagRules ??= (async () => {
      try {
        this.setTagRules(await this.db.select().from(tagRules));
      } finally {
        this.loadingTagRules = null;
      }
    })();
    return this.loadingTagRules;
  }

  private setTagRules(rows: readonly TagRuleRow[]) {
    this.tagRules = new Map(rows.map((r) => [r.id, r]));
    this.tagRuleIds = new Map(rows.map((r) => [ruleKey(r.ruleId, r.confidence), r.id]));
  }

  /** The tag_rules id of a rule's tag; known once ensureTagRules has seen the pair. */
  tagRuleId(ruleId: string, confidence: number): number | undefined {
    return this.tagRuleIds.get(ruleKey(ruleId, confidence));
  }

  /**
   * Gives every (rule id, confidence) pair its tag_rules entry. It runs as statements of its own,
   * never inside a writer's transaction: an entry of a transaction that rolled back would be
   * remembered here without existing.
   */
  async ensureTagRules(pairs: readonly { ruleId: string; confidence: number }[]): Promise<void> {
    const missing = pairs.filter((p) => this.tagRuleId(p.ruleId, p.confidence) === undefined);
    if (missing.length === 0) return;
    const json = JSON.stringify(missing.map((p) => ({ rule_id: p.ruleId, confidence: p.confidence })));
    await this.db.execute(sql`insert into tag_rules (rule_id, confidence)
      select rule_id, confidence from json_to_recordset(${json}::json) as x(rule_id text, confidence real) on conflict do nothing`);
    await this.loadTagRules();
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
