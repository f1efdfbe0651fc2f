// The SQL half of a history import: one chunk of tickets that lived their lives elsewhere, each
// written in the state it is in now with its times, department, reply and rating, and a compact
// timeline (tickets.timeline) instead of one event row per step, and its rule tags in its own tag
// columns. Subscribers hear of the chunk once: a single `imported` event, not a `created` event per
// ticket. The chunk is COPYed into a staging table; only rows whose keys are not stored yet are
// inserted (bulk-write.ts's NEW_KEYS), and only those reach the rollup: a replayed chunk changes nothing.

import { sql } from "drizzle-orm";
import type { Actor } from "../domain/actor.js";
import { copyInto } from "../db/copy.js";
import type { Tx } from "../store/write.js";
import { NEW_KEYS, ROLLUP_FROM_INS, TICKET_COLUMNS, prefixed, withoutJit, type Inserted } from "./bulk-write.js";
import { rowsOf } from "../store/rule-tagger.js";
import { RULE_TAG_COLUMNS } from "../store/ticket-tags.js";

/** The lifecycle columns a history row adds to a prepared ticket row, in this order. */
export const HISTORY_COLUMNS = [
  "status", "department_id", "co_department_ids", "dispatched_at", "accepted_at", "replied_at", "closed_at", "due_at", "reply",
  "satisfaction", "reopen_count", "timeline", "imported_at",
] as const;

export type HistoryValues = readonly (string | number | Date | object | null)[];
/** A prepared ticket row followed by its HISTORY_COLUMNS and its rule tags (RULE_TAG_COLUMNS). */
export type HistoryRow = readonly (string | number | Date | object | null)[];

const ALL = [...TICKET_COLUMNS, ...HISTORY_COLUMNS, ...RULE_TAG_COLUMNS];
const columns = ALL.join(", ");
const STAGE = `create temp table if not exists history_stage on commit delete rows as
  select 0::int as ord, ${columns} from tickets with no data`;

/** An int[] in COPY's text format. */
export const intArray = (ids: readonly number[]) => `{${ids.join(",")}}`;

/**
 * Inserts the rows not stored yet (by source and external id) with their rollup counts and one
 * `imported` event for the chunk, inside the caller's transaction; returns the rows inserted.
 */
export async function insertHistory(tx: Tx, rows: readonly (HistoryRow)[], actor: Actor, at: string, file: string | null): Promise<Inserted[]> {
  if (rows.length === 0) return [];
  await withoutJit(tx);
  await tx.execute(sql.raw(STAGE));
  await copyInto(tx, "history_stage", ["ord", ...ALL], rows, true);
  const result = await tx.execute(sql`
    with s as (select * from history_stage),
    ${NEW_KEYS},
    ins as (
      insert into tickets (id, ${sql.raw(columns)})
      select k.ticket_id, ${sql.raw(prefixed("s", ALL))} from s join k on k.source = s.source and k.external_id = s.external_id order by s.ord
      returning id, source, external_id, received_at, grid_cell_id, community_id, street_id, domain, status
    ),
    ro as (${ROLLUP_FROM_INS}),
    ev as (
      insert into ticket_events (ticket_id, type, at, actor, actor_role, payload)
      select min(id), 'imported', ${at}::timestamptz, ${actor.id}, ${actor.role}::text::role,
             jsonb_build_object('tickets', count(*), 'closed', count(*) filter (where status = 'closed'),
               'firstTicketId', min(id), 'lastTicketId', max(id), 'receivedFrom', min(received_at), 'receivedTo', max(received_at),
               'file', ${file}::text)
      from ins having count(*) > 0
    )
    select id, source::text as source, external_id from ins`);
  return rowsOf<Inserted>(result).map((r) => ({ ...r, id: Number(r.id) }));
}
