import { and, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import { departments, knowledgeAnswers, matters, referenceLoads, regions, type Geometry, type RegionLevel } from "@cityops/schema";
import type { Db } from "../db/client.js";
import type { DepartmentLookup, DepartmentRow, Diff, KnowledgeRow, MatterRowIn, StoredMatter } from "../domain/city/reference-rows.js";
import type { KnownRegion, RegionOut } from "../domain/city/regions.js";
import type { Tx } from "./write.js";

export const LOAD_KINDS = ["regions", "departments", "matters", "knowledge"] as const;
export type LoadKind = (typeof LOAD_KINDS)[number];

export interface LoadRecord {
  kind: LoadKind;
  fileName: string;
  sha256: string;
  loadedBy: string;
  summary: Record<string, unknown>;
}

/** Matters are written in parts of this many rows: 5,500 rows of one INSERT would pass PostgreSQL's parameter limit. */
const CHUNK = 500;

function chunks<T>(rows: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += CHUNK) out.push(rows.slice(i, i + CHUNK));
  return out;
}

/**
 * The reads a city's load compares with and its writes, each load in one transaction with the row
 * that records it: a load applies completely or not at all (load/loader.ts).
 */
export class CityLoadStore {
  constructor(private readonly db: Db) {}

  async departmentLookup(): Promise<DepartmentLookup & { rows: (typeof departments.$inferSelect)[] }> {
    const rows = await this.db.select().from(departments);
    return { rows, byCode: new Map(rows.map((d) => [d.code, d.id])), byName: new Map(rows.map((d) => [d.name, d.id])) };
  }

  async currentMatters(): Promise<StoredMatter[]> {
    return this.db
      .select({ key: matters.key, name: matters.name, domain: matters.domain, leadDepartmentId: matters.leadDepartmentId, coDepartmentIds: matters.coDepartmentIds, legalBasis: matters.legalBasis, keywords: matters.keywords, timeLimitDays: matters.timeLimitDays })
      .from(matters)
      .where(isNull(matters.validTo));
  }

  async knownRegions(): Promise<Map<string, KnownRegion & { name: string; parentId: number | null; id: number }>> {
    const rows = await this.db.select({ id: regions.id, code: regions.code, level: regions.level, geometry: regions.geometry, name: regions.name, parentId: regions.parentId }).from(regions);
    return new Map(rows.map((r) => [r.code, r]));
  }

  async loadedKnowledge(): Promise<{ id: number; question: string; answer: string; validFrom: Date | null; validTo: Date | null; active: boolean }[]> {
    return this.db
      .select({ id: knowledgeAnswers.id, question: knowledgeAnswers.question, answer: knowledgeAnswers.answer, validFrom: knowledgeAnswers.validFrom, validTo: knowledgeAnswers.validTo, active: knowledgeAnswers.active })
      .from(knowledgeAnswers)
      .where(isNull(knowledgeAnswers.matterKey));
  }

  private async record(tx: Tx, r: LoadRecord, now: Date): Promise<void> {
    await tx.insert(referenceLoads).values({ kind: r.kind, fileName: r.fileName, sha256: r.sha256, loadedBy: r.loadedBy, loadedAt: now, summary: r.summary });
  }

  /** New and changed departments, then every parent link (a parent may be a row of the same sheet). */
  async applyDepartments(plan: { upsert: DepartmentRow[] }, r: LoadRecord, now = new Date()): Promise<void> {
    await this.db.transaction(async (tx) => {
      for (const part of chunks(plan.upsert)) {
        await tx
          .insert(departments)
          .values(part.map((d) => ({ code: d.code, name: d.name, nameEn: d.name, kind: d.kind, contact: d.contact })))
          .onConflictDoUpdate({ target: departments.code, set: { name: sql`excluded.name`, kind: sql`excluded.kind`, contact: sql`excluded.contact` } });
      }
      const all = await tx.select({ id: departments.id, code: departments.code, name: departments.name }).from(departments);
      const byCode = new Map(all.map((d) => [d.code, d.id]));
      const byName = new Map(all.map((d) => [d.name, d.id]));
      for (const d of plan.upsert) {
        const parentId = d.parent ? (byCode.get(d.parent) ?? byName.get(d.parent) ?? null) : null;
        await tx.update(departments).set({ parentId }).where(eq(departments.code, d.code));
      }
      await this.record(tx, r, now);
    });
  }

  /** A new version of the list: changed matters get a version valid from `now`, absent ones are retired. */
  async applyMatters(diff: Diff<MatterRowIn>, r: LoadRecord, actor: string, now = new Date()): Promise<void> {
    await this.db.transaction(async (tx) => {
      const closing = [...diff.changed.map((m) => m.key), ...diff.retired];
      const versions = new Map<string, number>();
      for (const part of chunks(closing)) {
        const rows = await tx
          .update(matters)
          .set({ validTo: now, changedBy: actor })
          .where(and(inArray(matters.key, part), isNull(matters.validTo)))
          .returning({ key: matters.key, version: matters.version });
        for (const row of rows) versions.set(row.key, row.version);
      }
      const inserts = [...diff.added.map((m) => ({ m, version: 1, note: "权责清单导入：新增" })), ...diff.changed.map((m) => ({ m, version: (versions.get(m.key) ?? 0) + 1, note: "权责清单导入：修订" }))];
      for (const part of chunks(inserts)) {
        await tx.insert(matters).values(
          part.map(({ m, version, note }) => ({
            key: m.key,
            version,
            name: m.name,
            domain: m.domain,
            leadDepartmentId: m.leadDepartmentId,
            coDepartmentIds: m.coDepartmentIds,
            legalBasis: m.legalBasis,
            keywords: m.keywords,
            timeLimitDays: m.timeLimitDays,
            validFrom: now,
            changeNote: `${note} (${r.fileName})`,
            changedBy: actor,
          })),
        );
      }
      await this.record(tx, r, now);
    });
  }

  /** The knowledge sheet is the whole set of loaded answers: new ones added, changed ones updated, absent ones set inactive. */
  async applyKnowledge(plan: { insert: KnowledgeRow[]; update: (KnowledgeRow & { id: number })[]; deactivate: number[] }, r: LoadRecord, now = new Date()): Promise<void> {
    await this.db.transaction(async (tx) => {
      for (const part of chunks(plan.insert)) {
        await tx.insert(knowledgeAnswers).values(part.map((k) => ({ question: k.question, answer: k.answer, validFrom: k.validFrom, validTo: k.validTo, basis: "", active: true, updatedAt: now })));
      }
      for (const k of plan.update) {
        await tx.update(knowledgeAnswers).set({ answer: k.answer, validFrom: k.validFrom, validTo: k.validTo, active: true, updatedAt: now }).where(eq(knowledgeAnswers.id, k.id));
      }
      for (const part of chunks(plan.deactivate)) await tx.update(knowledgeAnswers).set({ active: false, updatedAt: now }).where(inArray(knowledgeAnswers.id, part));
      await this.record(tx, r, now);
    });
  }

  /** New and changed regions by code, then their parent links by code. */
  async applyRegions(upsert: RegionOut[], r: LoadRecord, now = new Date()): Promise<void> {
    await this.db.transaction(async (tx) => {
      for (const part of chunks(upsert)) {
        await tx
          .insert(regions)
          .values(
            part.map((g) => ({
              code: g.code,
              level: g.level as RegionLevel,
              name: g.name,
              nameEn: g.name,
              geometry: g.geometry as Geometry,
              centerLat: g.center.lat,
              centerLng: g.center.lng,
              ...g.bbox,
              isDemo: false,
            })),
          )
          .onConflictDoUpdate({
            target: regions.code,
            set: {
              level: sql`excluded.level`,
              name: sql`excluded.name`,
              geometry: sql`excluded.geometry`,
              centerLat: sql`excluded.center_lat`,
              centerLng: sql`excluded.center_lng`,
              minLat: sql`excluded.min_lat`,
              minLng: sql`excluded.min_lng`,
              maxLat: sql`excluded.max_lat`,
              maxLng: sql`excluded.max_lng`,
              isDemo: sql`false`,
            },
          });
      }
      const ids = new Map((await tx.select({ id: regions.id, code: regions.code }).from(regions)).map((x) => [x.code, x.id]));
      for (const g of upsert) await tx.update(regions).set({ parentId: g.parentCode ? (ids.get(g.parentCode) ?? null) : null }).where(eq(regions.code, g.code));
      await this.record(tx, r, now);
    });
  }

  /** How many of each kind are stored, and the newest load of each. */
  async status(): Promise<{ kind: LoadKind; count: number; last: (typeof referenceLoads.$inferSelect) | null }[]> {
    const [counts] = await this.db
      .select({
        regions: sql<number>`(select count(*)::int from ${regions})`,
        departments: sql<number>`(select count(*)::int from ${departments})`,
        matters: sql<number>`(select count(*)::int from ${matters} where ${matters.validTo} is null)`,
        knowledge: sql<number>`(select count(*)::int from ${knowledgeAnswers} where ${knowledgeAnswers.active})`,
      })
      .from(sql`(select 1) as one`);
    const out = [];
    for (const kind of LOAD_KINDS) {
      const [last] = await this.db.select().from(referenceLoads).where(eq(referenceLoads.kind, kind)).orderBy(desc(referenceLoads.loadedAt), desc(referenceLoads.id)).limit(1);
      out.push({ kind, count: Number(counts?.[kind] ?? 0), last: last ?? null });
    }
    return out;
  }
}
