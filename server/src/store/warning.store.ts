import { and, desc, eq, gt, gte, inArray, lt, ne, sql, type SQL } from "drizzle-orm";
import { reports, warnings, type ReportKind, type WarningKind, type WarningSeverity, type WarningStatus } from "@cityops/schema";
import type { Database } from "../db/client.js";
import type { Actor } from "../domain/actor.js";
import { forbidden, notFound } from "../domain/errors.js";
import { planChange, SELF_RESOLVING_KINDS, type StoredWarning } from "../domain/warnings/merge.js";
import { severityRank, type WarningCandidate } from "../domain/warnings/types.js";
import { checkWarningCommand, warningTransition, type WarningCommand } from "../domain/warnings/states.js";
import type { EventBus } from "../realtime/bus.js";
import { decodeCursor, encodeCursor } from "./ticket-query.js";
import type { Page } from "./ticket.store.js";
import { noTicketEvents, writeTx, type Tx } from "./write.js";
import { writeWarnings, type WarningWrites } from "./warning-write.js";
import { DEPARTMENT_HELD } from "../domain/lifecycle.js";
import type { RequestFacts } from "../domain/warnings/repeat.js";
import { requestsInGroups, type LikeRequests } from "./request-groups.js";
import type { HeldTicket } from "../domain/warnings/deadlines.js";
import type { SeasonalRequest, SeasonPeriod } from "../domain/warnings/proactive.js";

export type WarningRow = typeof warnings.$inferSelect;

export interface WarningQuery {
  status?: WarningStatus[] | undefined;
  kind?: WarningKind[] | undefined;
  minSeverity?: WarningSeverity | undefined;
}

type Row = Record<string, unknown>;
const HELD = sql.raw(DEPARTMENT_HELD.map((s) => `'${s}'`).join(","));

/** Serialises every writer of the push feed across processes; see warnings.push_seq. */
const ENGINE_LOCK = 12345006;
const ENGINE_ACTOR = "system:warning-engine";
/** Open warnings read per statement when a run plans its changes. */
const OPEN_PAGE = 200;

const SEVERITIES: readonly WarningSeverity[] = ["info", "low", "medium", "high", "critical"];
export const severitiesFrom = (min: WarningSeverity | undefined) => (min ? SEVERITIES.filter((s) => severityRank(s) >= severityRank(min)) : [...SEVERITIES]);

/** Who may see a warning: a department only those addressed to it. */
export function canSeeWarning(actor: Actor, w: Pick<WarningRow, "departmentId">): boolean {
  return actor.role !== "department" || (actor.departmentId !== null && w.departmentId === actor.departmentId);
}

const historyEntry = (action: string, by: string, at: Date, extra: Record<string, unknown> = {}) =>
  sql`${JSON.stringify([{ action, by, at: at.toISOString(), ...extra }])}::jsonb`;

export interface AppliedChange {
  warning: WarningRow;
  change: "raised" | "escalated" | "updated" | "resolved";
}

export class WarningStore {
  constructor(
    private readonly database: Database,
    private readonly bus: EventBus,
  ) {}

  private conditions(actor: Actor, q: WarningQuery): SQL[] {
    const c: (SQL | undefined)[] = [];
    if (actor.role === "department") c.push(eq(warnings.departmentId, actor.departmentId ?? -1));
    if (q.status?.length) c.push(inArray(warnings.status, q.status));
    if (q.kind?.length) c.push(inArray(warnings.kind, q.kind));
    if (q.minSeverity) c.push(inArray(warnings.severity, severitiesFrom(q.minSeverity)));
    return c.filter((x): x is SQL => x !== undefined);
  }

  /** Newest first, keyset-paged on id. */
  async list(actor: Actor, q: WarningQuery, first: number, after: string | null): Promise<Page<WarningRow>> {
    const where = this.conditions(actor, q);
    const cursor = after ? decodeCursor(after) : null;
    const rows = await this.database.db
      .select()
      .from(warnings)
      .where(and(...where, cursor ? lt(warnings.id, cursor.id) : undefined))
      .orderBy(desc(warnings.id))
      .limit(first + 1);
    return {
      rows: rows.slice(0, first).map((node) => ({ cursor: encodeCursor({ v: null, id: node.id }), node })),
      hasNextPage: rows.length > first,
      totalCount: async () => {
        const [r] = await this.database.db.select({ n: sql<number>`count(*)::int` }).from(warnings).where(and(...where));
        return Number(r?.n ?? 0);
      },
    };
  }

  async get(actor: Actor, id: number): Promise<WarningRow> {
    const [row] = await this.database.db.select().from(warnings).where(eq(warnings.id, id));
    if (!row) throw notFound("Warning", id);
    if (!canSeeWarning(actor, row)) throw forbidden(`Warning ${id} is addressed to another unit / 无权查看该预警`, { warningId: id });
    return row;
  }

  /** raised → acknowledged; acknowledging again changes nothing (domain/warnings/states.ts). */
  acknowledge(actor: Actor, id: number, now = new Date()): Promise<WarningRow> {
    return this.transition(actor, id, now, { kind: "acknowledge" });
  }

  /** raised | acknowledged → resolved, with a note saying what was done. */
  resolve(actor: Actor, id: number, note: string, now = new Date()): Promise<WarningRow> {
    return this.transition(actor, id, now, { kind: "resolve", note });
  }

  private async transition(actor: Actor, id: number, now: Date, command: WarningCommand): Promise<WarningRow> {
    const checked = checkWarningCommand(command);
    return this.database.db.transaction(async (tx) => {
      const [row] = await tx.select().from(warnings).where(eq(warnings.id, id)).for("update");
      if (!row) throw notFound("Warning", id);
      if (!canSeeWarning(actor, row)) throw forbidden(`Warning ${id} is addressed to another unit / 无权处理该预警`, { warningId: id });
      const change = warningTransition(id, row.status, checked);
      if (!change) return row;
      const set =
        change.status === "acknowledged"
          ? { status: change.status, acknowledgedBy: actor.id, acknowledgedAt: now }
          : { status: change.status, resolvedBy: actor.id, resolvedAt: now, resolutionNote: change.note ?? null };
      const extra = change.note ? { note: change.note } : {};
      const [updated] = await tx
        .update(warnings)
        .set({ ...set, updatedAt: now, history: sql`${warnings.history} || ${historyEntry(change.action, actor.id, now, extra)}` })
        .where(eq(warnings.id, id))
        .returning();
      return updated!;
    });
  }

  /**
   * Turns detector candidates into warnings in one transaction under the engine lock: raises new
   * ones, grows open ones (escalating when severity rises), and — for the self-resolving kinds a
   * full run covered — resolves open warnings whose condition is gone.
   */
  async apply(candidates: WarningCandidate[], coveredKinds: readonly WarningKind[], now = new Date()): Promise<AppliedChange[]> {
    const kinds = [...new Set([...candidates.map((c) => c.kind), ...coveredKinds])];
    if (kinds.length === 0) return [];
    return writeTx(this.database.db, this.bus, async (tx) => {
      // Warnings are not ticket events: ticket events committed meanwhile go out without waiting.
      await tx.execute(sql`select ${noTicketEvents}, pg_advisory_xact_lock(${ENGINE_LOCK})`);
      const [seqRow] = await tx.select({ s: sql<number>`coalesce(max(${warnings.pushSeq}), 0)::bigint` }).from(warnings);
      let seq = Number(seqRow?.s ?? 0);
      // In pages, for the same reason as the writes (warning-write.ts): a storm keeps a thousand open.
      const open: WarningRow[] = [];
      for (let page: WarningRow[] = [], after = 0; ; after = page.at(-1)!.id) {
        page = await tx
          .select()
          .from(warnings)
          .where(and(ne(warnings.status, "resolved"), inArray(warnings.kind, kinds), gt(warnings.id, after)))
          .orderBy(warnings.id)
          .limit(OPEN_PAGE);
        open.push(...page);
        if (page.length < OPEN_PAGE) break;
      }
      const openByKey = new Map(open.map((w) => [`${w.kind}|${w.scopeKey}`, w]));
      const resolved = await this.lastResolved(tx, candidates.filter((c) => !openByKey.has(`${c.kind}|${c.scopeKey}`)));
      // Planned in memory, written in three set-based statements (warning-write.ts): until this
      // transaction commits, no ticket event committed after its first write can be delivered.
      const writes: WarningWrites = { raises: [], updates: [], resolves: { ids: [], by: ENGINE_ACTOR, note: "条件已消除，系统自动办结 / The condition is gone" } };
      const order: { id: number | null; raise: number | null; change: AppliedChange["change"] }[] = [];
      const seen = new Set<string>();
      for (const c of candidates) {
        const key = `${c.kind}|${c.scopeKey}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const existing = openByKey.get(key) ?? null;
        const plan = planChange(c, existing && stored(existing), resolved.get(key) ?? null, now);
        if (plan.action === "raise") {
          order.push({ id: null, raise: writes.raises.length, change: "raised" });
          writes.raises.push({
            kind: c.kind,
            severity: c.severity,
            status: "raised",
            scopeKey: c.scopeKey,
            scope: c.scope,
            title: c.title,
            detail: c.detail,
            evidenceTicketIds: c.evidenceTicketIds,
            count: c.count,
            departmentId: c.departmentId,
            raisedAt: now,
            updatedAt: now,
            pushSeq: ++seq,
            history: [{ action: "raised", by: ENGINE_ACTOR, at: now.toISOString(), severity: c.severity, count: c.count }],
          });
        } else if (plan.action === "update" && existing) {
          const escalation = plan.escalated
            ? { pushSeq: ++seq, entry: { action: "escalated", by: ENGINE_ACTOR, at: now.toISOString(), severity: plan.severity, count: plan.count } }
            : null;
          order.push({ id: existing.id, raise: null, change: plan.escalated ? "escalated" : "updated" });
          writes.updates.push({ id: existing.id, candidate: c, severity: plan.severity, evidenceTicketIds: plan.evidenceTicketIds, count: plan.count, escalation });
        }
      }
      for (const w of open) {
        if (!coveredKinds.includes(w.kind) || !SELF_RESOLVING_KINDS.has(w.kind) || seen.has(`${w.kind}|${w.scopeKey}`)) continue;
        order.push({ id: w.id, raise: null, change: "resolved" });
        writes.resolves.ids.push(w.id);
      }
      const written = await writeWarnings(tx, writes, now);
      // Open warnings are unique by kind and scope: match the inserted rows by that, not by position.
      const raisedByKey = new Map(written.raised.map((x) => [`${x.kind}|${x.scopeKey}`, x]));
      return order.flatMap((o): AppliedChange[] => {
        if (o.raise !== null) {
          const r = writes.raises[o.raise]!;
          const row = raisedByKey.get(`${r.kind}|${r.scopeKey}`);
          return row ? [{ warning: row, change: o.change }] : [];
        }
        const took = o.change === "resolved" ? written.resolved.has(o.id!) : written.updated.has(o.id!);
        const row = written.rows.get(o.id!);
        return took && row ? [{ warning: row, change: o.change }] : [];
      });
    });
  }

  private async lastResolved(tx: Tx, candidates: WarningCandidate[]): Promise<Map<string, StoredWarning>> {
    if (candidates.length === 0) return new Map();
    const keys = [...new Set(candidates.map((c) => c.scopeKey))];
    const kinds = [...new Set(candidates.map((c) => c.kind))];
    const rows = await tx
      .select()
      .from(warnings)
      .where(and(eq(warnings.status, "resolved"), inArray(warnings.kind, kinds), inArray(warnings.scopeKey, keys)))
      .orderBy(desc(warnings.resolvedAt));
    const out = new Map<string, StoredWarning>();
    for (const r of rows) if (!out.has(`${r.kind}|${r.scopeKey}`)) out.set(`${r.kind}|${r.scopeKey}`, stored(r));
    return out;
  }

  /** Warnings raised or escalated after a feed position, in feed order. */
  async pushedAfter(seq: number, limit = 500): Promise<WarningRow[]> {
    return this.database.db
      .select()
      .from(warnings)
      .where(sql`${warnings.pushSeq} > ${seq}`)
      .orderBy(warnings.pushSeq)
      .limit(limit);
  }

  async headSeq(): Promise<number> {
    const [r] = await this.database.db.select({ s: sql<number>`coalesce(max(${warnings.pushSeq}), 0)::bigint` }).from(warnings);
    return Number(r?.s ?? 0);
  }

  /** Open warnings raised in a window, for reports. */
  async raisedBetween(from: Date, to: Date): Promise<WarningRow[]> {
    return this.database.db
      .select()
      .from(warnings)
      .where(and(gte(warnings.raisedAt, from), lt(warnings.raisedAt, to)))
      .orderBy(desc(warnings.raisedAt));
  }

  // ——— detector inputs ———

  /** The requests of recent groups large enough to warn of; see request-groups.ts. */
  async recentRequests(since: Date, now: Date, like: LikeRequests | null): Promise<RequestFacts[]> {
    return requestsInGroups(this.database, since, now, like);
  }

  /**
   * Tickets a department holds that are overdue or due within `withinMs`. A deadline an imported
   * ticket had already missed when it was imported is the source's old news, not today's warning.
   */
  async heldNearDue(now: Date, withinMs: number): Promise<HeldTicket[]> {
    const rows = await this.database.rows<Row>(sql`
      select id, department_id, due_at from tickets
      where status in (${HELD}) and department_id is not null and due_at < ${new Date(now.getTime() + withinMs).toISOString()}::timestamptz
        and (imported_at is null or due_at >= imported_at)`);
    return rows.map((r) => ({ id: Number(r.id), departmentId: Number(r.department_id), dueAt: new Date(r.due_at as string) }));
  }

  /** Per department, the dissatisfied and reopened tickets dispatched to it since `since`. */
  async badTickets(since: Date): Promise<Map<number, number[]>> {
    const rows = await this.database.rows<Row>(sql`
      select department_id, id from tickets
      where department_id is not null and dispatched_at >= ${since.toISOString()}::timestamptz
        and (satisfaction = 'dissatisfied' or (replied_at is not null and reopen_count > 0))
      order by id desc`);
    const out = new Map<number, number[]>();
    for (const r of rows) {
      const d = Number(r.department_id);
      const list = out.get(d) ?? [];
      if (list.length < 200) list.push(Number(r.id));
      out.set(d, list);
    }
    return out;
  }

  /** Located requests of earlier seasons whose title or content matches the season's pattern. */
  async seasonalRequests(periods: SeasonPeriod[], pattern: string): Promise<SeasonalRequest[]> {
    if (periods.length === 0) return [];
    const ranges = sql.join(
      periods.map((p) => sql`(received_at >= ${p.from.toISOString()}::timestamptz and received_at < ${p.to.toISOString()}::timestamptz)`),
      sql` or `,
    );
    const rows = await this.database.rows<Row>(sql`
      select id, received_at, grid_cell_id, department_id from tickets
      where (${ranges}) and grid_cell_id is not null and (content ~ ${pattern} or coalesce(title, '') ~ ${pattern})`);
    return rows.map((r) => {
      const at = new Date(r.received_at as string);
      const period = periods.find((p) => at >= p.from && at < p.to)!;
      return { id: Number(r.id), seasonYear: period.year, gridCellId: Number(r.grid_cell_id), departmentId: r.department_id === null ? null : Number(r.department_id) };
    });
  }
}

function stored(w: WarningRow): StoredWarning {
  return { id: w.id, severity: w.severity, evidenceTicketIds: w.evidenceTicketIds.map(Number), count: w.count, resolvedAt: w.resolvedAt };
}


export type ReportRow = typeof reports.$inferSelect;

/** 预警专报, 领导参阅, 信息动态: drafts kept as HTML with the figures they were written from. */
export class ReportStore {
  constructor(private readonly database: Database) {}

  async create(row: Omit<ReportRow, "id" | "createdAt">, now = new Date()): Promise<ReportRow> {
    const [created] = await this.database.db.insert(reports).values({ ...row, createdAt: now }).returning();
    return created!;
  }

  async get(id: number): Promise<ReportRow> {
    const [row] = await this.database.db.select().from(reports).where(eq(reports.id, id));
    if (!row) throw notFound("Report", id);
    return row;
  }

  /** The next issue number (期号) of a kind in a year. */
  async nextIssue(kind: ReportKind, yearFrom: Date, yearTo: Date): Promise<number> {
    const [r] = await this.database.db
      .select({ n: sql<number>`count(*)::int` })
      .from(reports)
      .where(and(eq(reports.kind, kind), gte(reports.createdAt, yearFrom), lt(reports.createdAt, yearTo)));
    return Number(r?.n ?? 0) + 1;
  }

  async list(kind: ReportKind | undefined, first: number, after: string | null): Promise<Page<ReportRow>> {
    const cursor = after ? decodeCursor(after) : null;
    const where = and(kind ? eq(reports.kind, kind) : undefined);
    const rows = await this.database.db
      .select()
      .from(reports)
      .where(and(where, cursor ? lt(reports.id, cursor.id) : undefined))
      .orderBy(desc(reports.id))
      .limit(first + 1);
    return {
      rows: rows.slice(0, first).map((node) => ({ cursor: encodeCursor({ v: null, id: node.id }), node })),
      hasNextPage: rows.length > first,
      totalCount: async () => {
        const [r] = await this.database.db.select({ n: sql<number>`count(*)::int` }).from(reports).where(where);
        return Number(r?.n ?? 0);
      },
    };
  }
}
