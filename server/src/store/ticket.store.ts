import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { supervisions, ticketEvents, ticketRollupHourly, tickets } from "@cityops/schema";
import type { Db } from "../db/client.js";
import type { Actor } from "../domain/actor.js";
import { forbidden, notFound } from "../domain/errors.js";
import { transition, type Command } from "../domain/lifecycle.js";
import type { ReferenceData } from "./reference.store.js";
import type { EventBus } from "../realtime/bus.js";
import { writeTx } from "./write.js";
import {
  cursorFor,
  decodeCursor,
  orderAndSeek,
  ticketConditions,
  visibility,
  type TicketOrder,
  type TicketQuery,
} from "./ticket-query.js";

export type TicketRow = typeof tickets.$inferSelect;
export type TicketEventRow = typeof ticketEvents.$inferSelect;

export interface Page<T> {
  rows: { cursor: string; node: T }[];
  hasNextPage: boolean;
  /** Counted only when asked for: a count over millions of rows is not free. */
  totalCount: () => Promise<number>;
}

export function canRead(actor: Actor, t: Pick<TicketRow, "departmentId" | "coDepartmentIds">): boolean {
  if (actor.role !== "department") return true;
  return actor.departmentId !== null && (t.departmentId === actor.departmentId || t.coDepartmentIds.includes(actor.departmentId));
}

export class TicketStore {
  constructor(
    private readonly db: Db,
    private readonly ref: ReferenceData,
    private readonly bus: EventBus,
  ) {}

  async list(actor: Actor, q: TicketQuery, first: number, after: string | null, order: TicketOrder, now = new Date()): Promise<Page<TicketRow>> {
    const where = ticketConditions(q, actor, this.ref, now);
    const cursor = after ? decodeCursor(after) : null;
    if (cursor && cursor.v === null && order !== "DUE_AT_ASC") throw decodeCursor("\u0000");
    const { orderBy, seek } = orderAndSeek(order, cursor);
    const rows = await this.db
      .select()
      .from(tickets)
      .where(and(...where, seek))
      .orderBy(...orderBy)
      .limit(first + 1);
    const page = rows.slice(0, first);
    return {
      rows: page.map((node) => ({ cursor: cursorFor(order, node), node })),
      hasNextPage: rows.length > first,
      totalCount: async () => {
        const [r] = await this.db.select({ n: sql<number>`count(*)::int` }).from(tickets).where(and(...where));
        return Number(r?.n ?? 0);
      },
    };
  }

  async get(actor: Actor, id: number): Promise<TicketRow> {
    const [row] = await this.db.select().from(tickets).where(eq(tickets.id, id));
    if (!row) throw notFound("Ticket", id);
    if (!canRead(actor, row)) throw forbidden(`Ticket ${id} belongs to another department / 无权查看其他单位的工单`, { ticketId: id });
    return row;
  }

  /** Tickets by id, for batching; rows the actor may not see are left out. */
  async byIds(actor: Actor, ids: readonly number[]): Promise<TicketRow[]> {
    if (ids.length === 0) return [];
    return this.db
      .select()
      .from(tickets)
      .where(and(inArray(tickets.id, [...ids]), visibility(actor)));
  }

  async eventsFor(ticketIds: readonly number[]): Promise<Map<number, TicketEventRow[]>> {
    const out = new Map<number, TicketEventRow[]>(ticketIds.map((id) => [id, []]));
    if (ticketIds.length === 0) return out;
    const rows = await this.db
      .select()
      .from(ticketEvents)
      .where(inArray(ticketEvents.ticketId, [...ticketIds]))
      .orderBy(asc(ticketEvents.ticketId), asc(ticketEvents.id));
    for (const r of rows) out.get(r.ticketId)?.push(r);
    return out;
  }

  /**
   * Runs one lifecycle command: lock the row, let the pure state machine decide, write the change
   * and its event in the same transaction. A refused command throws before anything is written.
   */
  async run(actor: Actor, ticketId: number, command: Command, now = new Date()): Promise<TicketRow> {
    return writeTx(this.db, this.bus, async (tx) => {
      const [row] = await tx.select().from(tickets).where(eq(tickets.id, ticketId)).for("update");
      if (!row) throw notFound("Ticket", ticketId);
      if (!canRead(actor, row)) throw forbidden(`Ticket ${ticketId} belongs to another department / 无权操作其他单位的工单`, { ticketId });
      const { patch, event } = transition(row, command, actor, now);
      const [updated] = await tx
        .update(tickets)
        .set({ ...patch, updatedAt: now })
        .where(eq(tickets.id, ticketId))
        .returning();
      await tx.insert(ticketEvents).values({
        ticketId,
        type: event.type,
        at: now,
        actor: actor.id,
        actorRole: actor.role,
        departmentId: event.departmentId,
        fromStatus: event.fromStatus,
        toStatus: event.toStatus,
        payload: event.payload,
      });
      if (patch.domain !== undefined && patch.domain !== row.domain) {
        // The rollup counts tickets by domain: move this one so heatmaps stay exact.
        const key = and(
          eq(ticketRollupHourly.hour, sql`date_trunc('hour', ${row.receivedAt.toISOString()}::timestamptz)`),
          eq(ticketRollupHourly.gridCellId, row.gridCellId ?? 0),
          eq(ticketRollupHourly.source, row.source),
        );
        await tx
          .update(ticketRollupHourly)
          .set({ received: sql`${ticketRollupHourly.received} - 1` })
          .where(and(key, eq(ticketRollupHourly.domain, row.domain ?? "UNKNOWN")));
        await tx
          .insert(ticketRollupHourly)
          .values({
            hour: sql`date_trunc('hour', ${row.receivedAt.toISOString()}::timestamptz)` as unknown as Date,
            gridCellId: row.gridCellId ?? 0,
            communityId: row.communityId ?? 0,
            streetId: row.streetId ?? 0,
            domain: patch.domain,
            source: row.source,
            received: 1,
          })
          .onConflictDoUpdate({
            target: [ticketRollupHourly.hour, ticketRollupHourly.gridCellId, ticketRollupHourly.domain, ticketRollupHourly.source],
            set: { received: sql`${ticketRollupHourly.received} + 1` },
          });
      }
      if (command.kind === "supervise") {
        await tx.insert(supervisions).values({
          ticketId,
          method: command.method,
          note: command.note,
          departmentId: row.departmentId,
          actor: actor.id,
          at: now,
        });
      }
      return updated!;
    });
  }
}
