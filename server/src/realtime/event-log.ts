import { and, asc, eq, sql } from "drizzle-orm";
import { ticketEvents, tickets } from "@cityops/schema";
import type { Database } from "../db/client.js";
import type { TicketEventRow, TicketRow } from "../store/ticket.store.js";
import { NO_TICKET_EVENTS } from "../store/write.js";
import type { EventCursor } from "./cursor.js";

/** One event as subscribers receive it: the log row, its cursor, and the ticket as it is now. */
export interface LiveEvent {
  cursor: EventCursor;
  event: TicketEventRow;
  ticket: TicketRow;
  tagIds: number[];
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
 *
 * xids are cluster-wide, so a long transaction in another database of the same cluster (a report,
 * a restore, another application) would hold the plain xmin back and stall delivery here. A
 * transaction of another database can never write our event log, so the bound skips the running
 * xids that pg_stat_activity shows belonging to a backend of another database. Nor can a
 * transaction of ours that began with cityops_no_ticket_events() (migration 0008): the warning
 * engine's, which rewrites hundreds of warnings in a storm and held every ticket event back for
 * its whole length. Such a transaction holds a shared advisory lock, and pg_locks shows it and the
 * transaction's own xid under one virtual transaction id, which is never reused for another
 * transaction — a positive match even when the two rows are read at different moments.
 * Only positive matches are skipped: an xid that has ended (and whose backend moved on) between
 * the snapshot and the reads, a prepared transaction, or a backend whose details we may not read
 * stays in, which can only delay, never skip. The snapshot is the statement's own
 * (pg_current_snapshot), the same one the rows are read with.
 */
const COMMITTED_BOUND = sql`(with quiet as materialized (
      select t.transactionid from pg_locks t join pg_locks m on m.virtualtransaction = t.virtualtransaction
      where t.locktype = 'transactionid' and m.locktype = 'advisory' and m.granted
        and m.classid = ${NO_TICKET_EVENTS.classid} and m.objid = ${NO_TICKET_EVENTS.objid} and m.objsubid = 2
        and m.database = (select oid from pg_database where datname = current_database()))
    select coalesce(
      (select min(x) from pg_snapshot_xip(pg_current_snapshot()) x
        where not exists (select 1 from pg_stat_activity a where a.backend_xid = x::xid and a.datname <> current_database())
          and not exists (select 1 from quiet q where q.transactionid = x::xid)),
      pg_snapshot_xmax(pg_current_snapshot()))::text::bigint)`;

/**
 * The committed events after `after` (up to `upTo`), each with its ticket as it is now and its tag
 * ids, in log order. One statement: on a loaded machine every extra round trip between commit and
 * subscriber costs a turn of the scheduler on both sides. An event whose ticket is gone (tickets
 * are never deleted, but a stalled reader would be worse) comes back without it, for the caller to
 * step over.
 */
export async function readCommittedAfter(
  database: Database,
  after: EventCursor,
  limit: number,
  upTo?: EventCursor,
): Promise<{ event: TicketEventRow; live: LiveEvent | null }[]> {
  const rows = await database.db
    .select({
      event: ticketEvents,
      ticket: tickets,
    })
    .from(ticketEvents)
    .leftJoin(tickets, eq(tickets.id, ticketEvents.ticketId))
    .where(
      and(
        sql`(${ticketEvents.tx}, ${ticketEvents.id}) > (${after.tx}::bigint, ${after.id}::bigint)`,
        sql`${ticketEvents.tx} < ${COMMITTED_BOUND}`,
        upTo ? sql`(${ticketEvents.tx}, ${ticketEvents.id}) <= (${upTo.tx}::bigint, ${upTo.id}::bigint)` : undefined,
      ),
    )
    .orderBy(asc(ticketEvents.tx), asc(ticketEvents.id))
    .limit(limit);
  return rows.map(({ event, ticket }) => ({
    event,
    live: ticket ? { cursor: { tx: event.tx, id: event.id }, event, ticket, tagIds: ticket.tagIds } : null,
  }));
}

/** The newest final position: where a subscriber without a cursor starts. */
export async function headCursor(database: Database): Promise<EventCursor> {
  const [r] = await database.rows<{ tx: number | string | null; id: number | string | null }>(sql`
    select tx, id from ticket_events
    where tx < ${COMMITTED_BOUND}
    order by tx desc, id desc limit 1`);
  return r && r.tx !== null ? { tx: Number(r.tx), id: Number(r.id) } : { tx: 0, id: 0 };
}
