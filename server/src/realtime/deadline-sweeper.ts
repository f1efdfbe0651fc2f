import { sql } from "drizzle-orm";
import type { Database } from "../db/client.js";
import type { EventBus } from "./bus.js";
import { writeTx } from "../store/write.js";

/** How long before its due time a ticket shows up as due soon in its department's queue. */
export const DUE_SOON_HOURS = 4;

/**
 * Deadlines pass without anyone writing: this job turns "due soon" and "overdue" into
 * ticket_events (once per dispatch), so departments' queues and the log see them like any
 * other change. An advisory lock keeps several server processes from sweeping together.
 */
export async function sweepDeadlines(database: Database, bus: EventBus, now = new Date()): Promise<number> {
  const at = now.toISOString();
  return writeTx(database.db, bus, async (tx) => {
    const lock = (await tx.execute(sql`select pg_try_advisory_xact_lock(12345001) as ok`)) as unknown;
    const rows = Array.isArray(lock) ? lock : (lock as { rows: { ok: boolean }[] }).rows;
    if (!rows[0]?.ok) return 0;
    const inserted = (await tx.execute(sql`
      insert into ticket_events (ticket_id, type, at, actor, department_id, from_status, to_status, payload)
      select t.id, k.type::ticket_event_type, ${at}::timestamptz, 'system:deadline', t.department_id, t.status, t.status,
             jsonb_build_object('dueAt', t.due_at)
      from tickets t
      cross join lateral (values
        (case when t.due_at < ${at}::timestamptz then 'overdue'
              when t.due_at < ${at}::timestamptz + make_interval(hours => ${DUE_SOON_HOURS}) then 'due_soon' end)) as k(type)
      where t.status in ('dispatched','accepted','in_progress','reopened')
        and t.due_at < ${at}::timestamptz + make_interval(hours => ${DUE_SOON_HOURS})
        and k.type is not null
        -- A deadline missed before the ticket was imported was the source's, long ago.
        and (t.imported_at is null or t.due_at >= t.imported_at)
        and not exists (
          select 1 from ticket_events e
          where e.ticket_id = t.id and e.type = k.type::ticket_event_type and e.at >= coalesce(t.dispatched_at, t.received_at))
      returning id`)) as unknown;
    const list = Array.isArray(inserted) ? inserted : (inserted as { rows: unknown[] }).rows;
    return list.length;
  });
}

export function startDeadlineSweeper(database: Database, bus: EventBus, onError: (err: unknown) => void, everyMs = 60_000): () => void {
  const timer = setInterval(() => void sweepDeadlines(database, bus).catch(onError), everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
