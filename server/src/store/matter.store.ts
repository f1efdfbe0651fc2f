import { and, asc, desc, eq, gt, inArray, isNull, lte, or, sql, type SQL } from "drizzle-orm";
import { matters, type Domain } from "@cityops/schema";
import type { Db } from "../db/client.js";
import type { EventBus } from "../realtime/bus.js";
import type { Tx } from "./write.js";
import { DomainError, DomainErrorCode, invalidInput, notFound } from "../domain/errors.js";
import { decodeCursor, encodeCursor } from "./ticket-query.js";
import type { Page } from "./ticket.store.js";

export type MatterRow = typeof matters.$inferSelect;

export interface MatterInput {
  key?: string | undefined;
  name: string;
  domain: Domain;
  leadDepartmentId: number;
  coDepartmentIds: number[];
  legalBasis: string;
  keywords: string[];
  timeLimitDays: number;
  changeNote?: string | undefined;
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Versions valid at a moment; `null` means the current versions. */
export function validAt(asOf: Date | null): SQL {
  if (!asOf) return isNull(matters.validTo);
  return and(lte(matters.validFrom, asOf), or(isNull(matters.validTo), gt(matters.validTo, asOf)))!;
}

/**
 * Writes a new version of a matter (or a new matter) inside `tx`: the previous version is closed,
 * never changed otherwise. Part of a larger write (a determination that amends the list) or alone.
 */
export async function writeMatterVersion(tx: Tx, input: MatterInput, actor: string, now: Date): Promise<MatterRow> {
  if (!input.name.trim()) throw invalidInput("name must not be empty / 事项名称不能为空", { field: "name" });
  if (!input.legalBasis.trim()) throw invalidInput("legalBasis must not be empty / 履职依据不能为空", { field: "legalBasis" });
  if (input.timeLimitDays < 1 || input.timeLimitDays > 365) throw invalidInput("timeLimitDays must be 1–365", { field: "timeLimitDays" });
  let version = 1;
  let key = input.key?.trim();
  if (key) {
    const [prev] = await tx
      .select()
      .from(matters)
      .where(eq(matters.key, key))
      .orderBy(desc(matters.version))
      .limit(1)
      .for("update");
    if (!prev) throw notFound("Matter", key);
    version = prev.version + 1;
    if (prev.validTo === null) await tx.update(matters).set({ validTo: now }).where(eq(matters.id, prev.id));
  } else {
    const [r] = await tx.select({ n: sql<number>`count(distinct ${matters.key})::int` }).from(matters);
    key = `M${String(Number(r?.n ?? 0) + 1).padStart(5, "0")}`;
    while ((await tx.select({ id: matters.id }).from(matters).where(eq(matters.key, key)).limit(1)).length) key = `${key}x`;
  }
  const [row] = await tx
    .insert(matters)
    .values({
      key,
      version,
      name: input.name.trim(),
      domain: input.domain,
      leadDepartmentId: input.leadDepartmentId,
      coDepartmentIds: input.coDepartmentIds,
      legalBasis: input.legalBasis.trim(),
      keywords: input.keywords.map((k) => k.trim()).filter(Boolean),
      timeLimitDays: input.timeLimitDays,
      validFrom: now,
      changeNote: input.changeNote ?? null,
      changedBy: actor,
    })
    .returning();
  return row!;
}

export class MatterStore {
  constructor(
    private readonly db: Db,
    private readonly bus: EventBus,
  ) {}

  async search(
    opts: { search?: string | undefined; domain?: Domain | undefined; departmentId?: number | undefined; asOf?: Date | null },
    first: number,
    after: string | null,
  ): Promise<Page<MatterRow>> {
    const where: (SQL | undefined)[] = [validAt(opts.asOf ?? null)];
    const text = opts.search?.trim();
    if (text) {
      // Every whitespace-separated term must match the name, keywords or legal basis.
      for (const term of text.split(/\s+/)) {
        const like = `%${escapeLike(term)}%`;
        where.push(
          sql`(${matters.name} ilike ${like} or array_to_string(${matters.keywords}, ' ') ilike ${like} or ${matters.legalBasis} ilike ${like})`,
        );
      }
    }
    if (opts.domain) where.push(eq(matters.domain, opts.domain));
    if (opts.departmentId !== undefined) {
      where.push(or(eq(matters.leadDepartmentId, opts.departmentId), sql`${opts.departmentId} = any(${matters.coDepartmentIds})`));
    }
    const cursor = after ? decodeCursor(after) : null;
    const rows = await this.db
      .select()
      .from(matters)
      .where(and(...where, cursor ? gt(matters.id, cursor.id) : undefined))
      .orderBy(asc(matters.id))
      .limit(first + 1);
    return {
      rows: rows.slice(0, first).map((node) => ({ cursor: encodeCursor({ v: null, id: node.id }), node })),
      hasNextPage: rows.length > first,
      totalCount: async () => {
        const [r] = await this.db.select({ n: sql<number>`count(*)::int` }).from(matters).where(and(...where));
        return Number(r?.n ?? 0);
      },
    };
  }

  async byIds(ids: readonly number[]): Promise<MatterRow[]> {
    if (ids.length === 0) return [];
    return this.db.select().from(matters).where(inArray(matters.id, [...ids]));
  }

  async versions(key: string): Promise<MatterRow[]> {
    return this.db.select().from(matters).where(eq(matters.key, key)).orderBy(desc(matters.version));
  }

  async current(key: string): Promise<MatterRow | null> {
    const [row] = await this.db.select().from(matters).where(and(eq(matters.key, key), isNull(matters.validTo)));
    return row ?? null;
  }

  /** A new version of a matter (or a new matter); the previous version is closed, never changed otherwise. */
  async upsert(input: MatterInput, actor: string, now = new Date()): Promise<MatterRow> {
    const row = await this.db.transaction((tx) => writeMatterVersion(tx, input, actor, now));
    await this.bus.announce("matters");
    return row;
  }


  async retire(key: string, actor: string, now = new Date()): Promise<MatterRow> {
    const [row] = await this.db
      .update(matters)
      .set({ validTo: now, changedBy: actor })
      .where(and(eq(matters.key, key), isNull(matters.validTo)))
      .returning();
    if (!row) {
      const any = await this.versions(key);
      if (any.length === 0) throw notFound("Matter", key);
      throw new DomainError(DomainErrorCode.Conflict, `Matter ${key} is already retired / 该事项已废止`, { key });
    }
    await this.bus.announce("matters");
    return row;
  }
}
