// The deadline sweeper's write (realtime/deadline-sweeper.ts runs it on a timer): "due soon" and
// "overdue" become ticket events once per dispatch, under an advisory lock so that several hub
// processes never sweep together.

import { sql } from "drizzle-orm";
import type { Tx } from "./write.js";

/** How long before its due time a ticket shows up as due soon in its department's queue. */
const DUE_SOON_HOURS = 4;

/** Writes the deadline events due at `at`; returns how many (0 when another process holds the lock). */
export async function writeDeadlineEvents(tx: Tx, at: string): Promise<number> {
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
}
