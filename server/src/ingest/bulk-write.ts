// The SQL half of the bulk path: one chunk of prepared tickets into the database, inside the
// caller's transaction. The rows are COPYed into a temporary staging table (one per connection,
// emptied at every commit), then one set-based statement inserts them into tickets with
// `ON CONFLICT (source, external_id) DO NOTHING RETURNING` and, hanging off its RETURNING, writes
// their `created` events and adds them to the hourly rollup. Only rows actually inserted get an
// event and a rollup count: replays and races change nothing and the rollup stays exact.

import { sql } from "drizzle-orm";
import type { Actor } from "../domain/actor.js";
import { copyInto } from "../db/copy.js";
import { rowsOf } from "../store/rule-tagger.js";
import type { Tx } from "../store/write.js";

/** Ticket columns the bulk path writes, in the order of a prepared row. */
export const TICKET_COLUMNS = [
  "source", "external_id", "channel", "appeal_type", "title", "content", "address", "lat", "lng", "grid_cell_id",
  "community_id", "street_id", "citizen_name", "citizen_phone", "domain", "suggested_department_id",
  "suggested_matter_id", "received_at", "raw", "updated_at",
] as const;

export type TicketValues = readonly (string | number | Date | object | null)[];

const columns = TICKET_COLUMNS.join(", ");
// Created once per connection with the columns' own types (enums, jsonb) and no indexes or constraints.
const STAGE = `create temp table if not exists bulk_stage on commit delete rows as
  select 0::int as ord, ${columns} from tickets with no data`;

/**
 * Up to this many rows travel inside the insert statement itself as one JSON parameter; more go
 * through COPY into the staging table first. A staging table makes the transaction write (and take
 * its transaction id) one round trip earlier, and `on commit delete rows` truncates its files inside
 * the commit: with pushing systems sending a few dozen tickets a batch, that truncation waited on
 * the file system for up to hundreds of milliseconds while every ticket event committed after it
 * waited too (see realtime/event-log.ts). Large import chunks keep COPY, which PostgreSQL decodes
 * several times faster than JSON.
 */
const IN_STATEMENT_ROWS = 1000;

function inStatement(rows: readonly TicketValues[]) {
  const objects = rows.map((r) => Object.fromEntries(TICKET_COLUMNS.map((c, i) => [c, r[i] instanceof Date ? (r[i] as Date).toISOString() : r[i]])));
  // The tickets row type gives every column its own type (enums, jsonb, timestamptz).
  // PostgreSQL's text and jsonb cannot hold NUL: dropped, as COPY's text format does (db/copy.ts).
  const json = JSON.stringify(objects, (_k, v: unknown) => (typeof v === "string" && v.includes("\u0000") ? v.replaceAll("\u0000", "") : v));
  return sql`(select ${sql.raw(columns)}, ordinality as ord from json_populate_recordset(null::tickets, ${json}::json) with ordinality) s`;
}

async function staged(tx: Tx, rows: readonly TicketValues[]) {
  await tx.execute(sql.raw(STAGE));
  await copyInto(tx, "bulk_stage", ["ord", ...TICKET_COLUMNS], rows.map((r, i) => [i, ...r]));
  return sql`bulk_stage`;
}

export interface Inserted {
  id: number;
  source: string;
  external_id: string;
}

/**
 * Inserts the rows (distinct by source and external id) that are not stored yet, with their events
 * and rollup counts; returns the ones inserted. Ids follow the rows' order.
 */
export async function insertTickets(tx: Tx, rows: readonly TicketValues[], actor: Actor, at: string): Promise<Inserted[]> {
  if (rows.length === 0) return [];
  const source = rows.length <= IN_STATEMENT_ROWS ? inStatement(rows) : await staged(tx, rows);
  const result = await tx.execute(sql`
    with ins as (
      insert into tickets (${sql.raw(columns)}, status)
      select ${sql.raw(columns)}, 'received' from ${source} order by ord
      on conflict (source, external_id) do nothing
      returning id, source, external_id, channel, received_at, grid_cell_id, community_id, street_id, domain, suggested_department_id
    ),
    ev as (
      insert into ticket_events (ticket_id, type, at, actor, actor_role, to_status, payload)
      select id, 'created', ${at}::timestamptz, ${actor.id}, ${actor.role}::text::role, 'received',
             jsonb_build_object('source', source, 'channel', channel, 'suggestedDepartmentId', suggested_department_id)
      from ins order by id
    ),
    ro as (
      insert into ticket_rollup_hourly (hour, grid_cell_id, community_id, street_id, domain, source, received)
      select date_trunc('hour', received_at), coalesce(grid_cell_id, 0), coalesce(community_id, 0), coalesce(street_id, 0),
             coalesce(domain::text, 'UNKNOWN'), source, count(*)::int
      from ins group by 1, 2, 3, 4, 5, 6 order by 1, 2, 5, 6
      on conflict (hour, grid_cell_id, domain, source) do update set received = ticket_rollup_hourly.received + excluded.received
    )
    select id, source::text as source, external_id from ins`);
  return rowsOf<Inserted>(result).map((r) => ({ ...r, id: Number(r.id) }));
}

export interface TagRow {
  ticket_id: number;
  tag_id: number;
  origin: "rule";
  confidence: number;
  rule_id: string;
  created_at: string;
}

/**
 * Rule tags of tickets inserted in this same transaction: nobody else can have tagged them yet, so
 * a plain COPY (no conflict handling) is safe once each ticket's tags are distinct.
 */
export async function copyNewTicketTags(tx: Tx, rows: readonly TagRow[]): Promise<void> {
  const seen = new Set<string>();
  const out: (string | number)[][] = [];
  for (const r of rows) {
    const k = `${r.ticket_id}:${r.tag_id}`;
    if (seen.has(k)) continue;
    seen.add(k);
    out.push([r.ticket_id, r.tag_id, r.origin, r.confidence, r.rule_id, r.created_at]);
  }
  await copyInto(tx, "ticket_tags", ["ticket_id", "tag_id", "origin", "confidence", "rule_id", "created_at"], out);
}
