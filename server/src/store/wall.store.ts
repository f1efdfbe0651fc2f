// The wall frame's reads (realtime/wall-frame.ts, wall-window.ts shape them): today's counters from
// the tickets and the hourly rollup, the newest tickets and open warnings, the 30-day rates and the
// 24-hour groups. A handful of statements per second for all walls together.

import { sql } from "drizzle-orm";
import { UNCLASSIFIED_DOMAIN } from "@cityops/schema/vocabulary";
import type { Database } from "../db/client.js";
import { DEPARTMENT_HELD } from "../domain/lifecycle.js";

type Row = Record<string, unknown>;
const HELD = sql.raw(DEPARTMENT_HELD.map((s) => `'${s}'`).join(","));

/** Today's counters, heat by cell and street, domains, sources, the newest tickets and open warnings. */
export function frameRows(database: Database, day: string) {
  const q = <T extends Row>(s: ReturnType<typeof sql>) => database.rows<T>(s);
  return Promise.all([
    q(sql`select
        (select count(*) from tickets where closed_at >= ${day}::timestamptz) as closed,
        (select count(*) from tickets where status <> 'closed') as open,
        (select count(*) from tickets where status <> 'closed' and status in ('dispatched','accepted','in_progress','reopened') and due_at < now()) as overdue`),
    q(sql`select grid_cell_id as id, sum(received)::int as n from ticket_rollup_hourly where hour >= ${day}::timestamptz and grid_cell_id <> 0 group by 1`),
    q(sql`select street_id as id, sum(received)::int as n from ticket_rollup_hourly where hour >= ${day}::timestamptz and street_id <> 0 group by 1`),
    q(sql`select domain, sum(received)::int as n from ticket_rollup_hourly where hour >= ${day}::timestamptz group by 1 order by 2 desc`),
    q(sql`select source, sum(received)::int as n from ticket_rollup_hourly where hour >= ${day}::timestamptz group by 1`),
    q(sql`select id, received_at, source, channel, appeal_type, domain, street_id, grid_cell_id, status, coalesce(title, left(content, 120)) as text, citizen_name
          from tickets order by received_at desc, id desc limit 20`),
    // Where a warning is, when its scope names a place (surges and collective: a region; repeats at one
    // address: its grid cell), so the wall can pulse it on the map.
    q(sql`select id, kind, severity, title, raised_at,
            case when jsonb_typeof(scope->'regionId') = 'number' then (scope->>'regionId')::int
                 when jsonb_typeof(scope->'gridCellId') = 'number' then (scope->>'gridCellId')::int end as region_id
          from warnings where status <> 'resolved' order by raised_at desc limit 10`),
  ]);
}

/** Counts behind the 30-day rates, over the tickets received in the last 120 days or still open. */
export function recentRateCounts(database: Database, day: string, since: string) {
  return database.rows<Row>(sql`select
      count(*) filter (where closed_at >= ${since}::timestamptz) as closed30,
      count(*) filter (where closed_at >= ${since}::timestamptz and satisfaction in ('satisfied','basically_satisfied')) as sat,
      count(*) filter (where closed_at >= ${since}::timestamptz and satisfaction is not null) as rated,
      count(*) filter (where replied_at >= ${since}::timestamptz and due_at is not null and replied_at <= due_at) as on_time,
      count(*) filter (where replied_at >= ${since}::timestamptz and due_at is not null) as with_due,
      count(*) filter (where closed_at >= ${since}::timestamptz and reopen_count > 0) as reopened,
      avg(extract(epoch from (replied_at - dispatched_at)) / 3600) filter (where replied_at >= ${since}::timestamptz and dispatched_at is not null) as handling_h
    from tickets where received_at >= ${day}::timestamptz - interval '120 days' or status <> 'closed'`);
}

/** Tickets received since `from`, grouped by hour slot × domain × source × department. */
export function windowGroupRows(database: Database, from: Date, at: Date) {
  return database.rows<Row>(sql`select
      floor(extract(epoch from (received_at - ${from.toISOString()}::timestamptz)) / 3600)::int as slot,
      coalesce(domain::text, ${UNCLASSIFIED_DOMAIN}) as domain, source::text as source, department_id,
      count(*)::int as n,
      count(*) filter (where status = 'closed')::int as closed,
      count(*) filter (where status in (${HELD}) and due_at < ${at.toISOString()}::timestamptz)::int as overdue,
      floor(extract(epoch from max(received_at)) * 1000)::bigint as newest
    from tickets where received_at >= ${from.toISOString()}::timestamptz
    group by 1, 2, 3, 4`);
}
