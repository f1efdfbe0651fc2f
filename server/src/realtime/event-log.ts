import { sql } from "drizzle-orm";
import type { Database } from "../db/client.js";
import type { TicketEventRow } from "../store/ticket.store.js";
import type { EventCursor } from "./cursor.js";

interface RawEvent {
  id: number | string;
  ticket_id: number | string;
  type: TicketEventRow["type"];
  at: Date | string;
  actor: string;
  actor_role: TicketEventRow["actorRole"];
  department_id: number | null;
  from_status: TicketEventRow["fromStatus"];
  to_status: TicketEventRow["toStatus"];
  payload: Record<string, unknown> | string;
  tx: number | string;
}

function toRow(r: RawEvent): TicketEventRow {
  return {
    id: Number(r.id),
    ticketId: Number(r.ticket_id),
    type: r.type,
    at: r.at instanceof Date ? r.at : new Date(r.at),
    actor: r.actor,
    actorRole: r.actor_role,
    departmentId: r.department_id === null ? null : Number(r.department_id),
    fromStatus: r.from_status,
    toStatus: r.to_status,
    payload: typeof r.payload === "string" ? (JSON.parse(r.payload) as Record<string, unknown>) : r.payload,
    tx: Number(r.tx),
  };
}

/**
 * Reads the committed, final part of the event log after a cursor.
 *
 * Ids come from a sequence, so a transaction that started earlier can commit later with a
 * smaller id: reading "id > last" would skip it. Instead every event carries the id of the
 * transaction that wrote it, and we read only events whose transaction is older than the oldest
 * transaction still running (the snapshot's xmin). No transaction older than xmin can still
 * commit and new ones get larger ids, so the set {tx < xmin} never changes once read, and the
 * order (tx, id) is the same for a live subscriber and for a replay.
 */
export async function readCommittedAfter(database: Database, after: EventCursor, limit: number, upTo?: EventCursor): Promise<TicketEventRow[]> {
  const bound = upTo ? sql`and (tx, id) <= (${upTo.tx}::bigint, ${upTo.id}::bigint)` : sql``;
  const rows = await database.rows<RawEvent>(sql`
    select id, ticket_id, type, at, actor, actor_role, department_id, from_status, to_status, payload, tx
    from ticket_events
    where (tx, id) > (${after.tx}::bigint, ${after.id}::bigint)
      and tx < (pg_snapshot_xmin(pg_current_snapshot())::text)::bigint
      ${bound}
    order by tx, id
    limit ${limit}`);
  return rows.map(toRow);
}

/** The newest final position: where a subscriber without a cursor starts. */
export async function headCursor(database: Database): Promise<EventCursor> {
  const [r] = await database.rows<{ tx: number | string | null; id: number | string | null }>(sql`
    select tx, id from ticket_events
    where tx < (pg_snapshot_xmin(pg_current_snapshot())::text)::bigint
    order by tx desc, id desc limit 1`);
  return r && r.tx !== null ? { tx: Number(r.tx), id: Number(r.id) } : { tx: 0, id: 0 };
}
