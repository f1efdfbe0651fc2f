// The SQL half of the bulk path: one chunk of prepared, already tagged tickets into the database.
// One set-based statement claims their keys in ticket_keys (`ON CONFLICT (source, external_id) DO
// NOTHING`), inserts the tickets whose keys it got, their rule tags in the ticket's own tag columns,
// and, hanging off that insert's RETURNING, writes their `created` events and adds them to the
// hourly rollup. Only rows actually
// inserted get an event and a rollup count: replays and races change nothing and the rollup stays
// exact. A push system's batch travels inside that statement, which is its own transaction; an
// import's large chunk is COPYed into a temporary staging table (one per connection, emptied at
// every commit) first.

import { sql, type SQL } from "drizzle-orm";
import type { Actor } from "../domain/actor.js";
import { copyInto } from "../db/copy.js";
import { rowsOf, type Candidate } from "../store/rule-tagger.js";
import { RULE_TAG_COLUMNS, ruleTagValues, type TagEntry } from "../store/ticket-tags.js";
import type { Db } from "../db/client.js";
import type { EventBus } from "../realtime/bus.js";
import { writeStatement, type Tx } from "../store/write.js";

/** Ticket columns the bulk path writes, in the order of a prepared row. */
export const TICKET_COLUMNS = [
  "source", "external_id", "channel", "appeal_type", "title", "content", "address", "lat", "lng", "grid_cell_id",
  "community_id", "street_id", "citizen_name", "citizen_phone", "domain", "suggested_department_id",
  "suggested_matter_id", "received_at", "raw", "updated_at",
] as const;

export type TicketValues = readonly (string | number | Date | object | null)[];

/** A prepared row followed by the values of its rule tags (RULE_TAG_COLUMNS). */
export type TaggedValues = readonly (string | number | Date | object | null)[];

export const withTags = (values: TicketValues, tags: readonly TagEntry[]): TaggedValues => [...values, ...ruleTagValues(tags)];

const at = (name: (typeof TICKET_COLUMNS)[number]) => TICKET_COLUMNS.indexOf(name);
const COL = {
  source: at("source"), externalId: at("external_id"), phone: at("citizen_phone"), address: at("address"), cell: at("grid_cell_id"),
  community: at("community_id"), matter: at("suggested_matter_id"), receivedAt: at("received_at"),
};

/** What a ticket is unique by: its source and external id. */
export const uniqueKey = (source: unknown, externalId: unknown) => `${String(source)}\u0000${String(externalId)}`;

/** A prepared row as the history and collective counts see it: the very values it is stored with. */
export function candidateOf(r: TicketValues): Candidate {
  return {
    source: r[COL.source] as string,
    externalId: r[COL.externalId] as string,
    phone: r[COL.phone] as string | null,
    address: r[COL.address] as string | null,
    cellId: r[COL.cell] as number | null,
    communityId: r[COL.community] as number | null,
    matterId: r[COL.matter] as number | null,
    receivedAt: r[COL.receivedAt] as Date,
  };
}

const INSERTED = [...TICKET_COLUMNS, ...RULE_TAG_COLUMNS];
const columns = INSERTED.join(", ");
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
export const IN_STATEMENT_ROWS = 1000;

function inStatement(rows: readonly TaggedValues[]) {
  const objects = rows.map((r) => Object.fromEntries(INSERTED.map((c, i) => [c, r[i] instanceof Date ? (r[i] as Date).toISOString() : r[i]])));
  // The tickets row type gives every column its own type (enums, jsonb, timestamptz).
  // PostgreSQL's text and jsonb cannot hold NUL: dropped, as COPY's text format does (db/copy.ts).
  const json = JSON.stringify(objects, (_k, v: unknown) => (typeof v === "string" && v.includes("\u0000") ? v.replaceAll("\u0000", "") : v));
  return sql`(select ${sql.raw(columns)}, ordinality as ord from json_populate_recordset(null::tickets, ${json}::json) with ordinality) s`;
}

async function staged(tx: Tx, rows: readonly TaggedValues[]) {
  await tx.execute(sql.raw(STAGE));
  await copyInto(tx, "bulk_stage", ["ord", ...INSERTED], rows, true);
  return sql`bulk_stage`;
}

/** `tab.col, …` for the columns the bulk path writes. */
export const prefixed = (tab: string, cols: readonly string[] = INSERTED) => cols.map((c) => `${tab}.${c}`).join(", ");

/**
 * The CTE `k`: keys for the rows of the CTE `s` (distinct by source and external id, in `ord`
 * order) that are not stored yet, each with its new ticket id. Tickets are partitioned by month, so
 * ticket_keys is what knows a key across months; the tickets written are those of `k`.
 */
export const NEW_KEYS = sql.raw(`k as (
      insert into ticket_keys (ticket_id, source, external_id, received_at)
      select nextval('tickets_id_seq'), s.source, s.external_id, s.received_at from s order by s.ord
      on conflict (source, external_id) do nothing
      returning ticket_id, source, external_id
    )`);

/** Adds the rows of the CTE `ins` (received_at, places, domain, source) to the hourly rollup. */
export const ROLLUP_FROM_INS = sql.raw(`
      insert into ticket_rollup_hourly (hour, grid_cell_id, community_id, street_id, domain, source, received)
      select date_trunc('hour', received_at), coalesce(grid_cell_id, 0), coalesce(community_id, 0), coalesce(street_id, 0),
             coalesce(domain::text, 'UNKNOWN'), source, count(*)::int
      from ins group by 1, 2, 3, 4, 5, 6 order by 1, 2, 5, 6
      on conflict (hour, grid_cell_id, domain, source) do update set received = ticket_rollup_hourly.received + excluded.received`);

/**
 * Turns PostgreSQL's JIT compilation off for the rest of the transaction. A chunk's statements
 * (thousands of rows through lateral counts, a wide insert with its CTEs) are costed far above
 * jit_above_cost, and compiling them took about 1 s of every 10,000-row chunk while running them
 * took 0.7 s: they are many cheap index probes, which JIT does not speed up.
 */
export async function withoutJit(tx: Tx): Promise<void> {
  await tx.execute(sql`set local jit = off`);
}

export interface Inserted {
  id: number;
  source: string;
  external_id: string;
}

/**
 * The statement that inserts the rows (distinct by source and external id) not stored yet, with
 * their `created` events and rollup counts; it returns the ones inserted. `wake` is evaluated once
 * (the event bus's NOTIFY).
 */
function insertSql(source: SQL, actor: Actor, at: string, wake: SQL | null): SQL {
  return sql`
    with s as materialized (select * from ${source}),
    ${NEW_KEYS},
    ins as (
      insert into tickets (id, ${sql.raw(columns)}, status)
      select k.ticket_id, ${sql.raw(prefixed("s"))}, 'received' from s join k on k.source = s.source and k.external_id = s.external_id order by s.ord
      returning id, source, external_id, channel, received_at, grid_cell_id, community_id, street_id, domain, suggested_department_id
    ),
    ev as (
      insert into ticket_events (ticket_id, type, at, actor, actor_role, to_status, payload)
      select id, 'created', ${at}::timestamptz, ${actor.id}, ${actor.role}::text::role, 'received',
             jsonb_build_object('source', source, 'channel', channel, 'suggestedDepartmentId', suggested_department_id)
      from ins order by id
    ),
    ro as (${ROLLUP_FROM_INS})${wake ? sql`,
    wake as materialized (select ${wake} as w)` : sql``}
    select id, source::text as source, external_id from ins${wake ? sql` cross join wake` : sql``}`;
}

const insertedOf = (result: unknown): Inserted[] => rowsOf<Inserted>(result).map((r) => ({ ...r, id: Number(r.id) }));

/**
 * Inserts the rows (distinct by source and external id) that are not stored yet, with their events
 * and rollup counts, inside the caller's transaction; returns the ones inserted, in the rows' order.
 */
export async function insertTickets(tx: Tx, rows: readonly TaggedValues[], actor: Actor, at: string): Promise<Inserted[]> {
  if (rows.length === 0) return [];
  await withoutJit(tx);
  const source = rows.length <= IN_STATEMENT_ROWS ? inStatement(rows) : await staged(tx, rows);
  return insertedOf(await tx.execute(insertSql(source, actor, at, null)));
}

/**
 * Writes a push system's batch (up to IN_STATEMENT_ROWS rows) with its rule tags as one statement
 * that is its own transaction (writeStatement). Returns the rows inserted.
 */
export async function writeTaggedBatch(db: Db, bus: EventBus, rows: readonly TaggedValues[], actor: Actor, at: string): Promise<Inserted[]> {
  if (rows.length === 0) return [];
  if (rows.length > IN_STATEMENT_ROWS) throw new Error(`a batch written as one statement has at most ${IN_STATEMENT_ROWS} rows, not ${rows.length}`);
  return insertedOf(await writeStatement(db, bus, (wake) => insertSql(inStatement(rows), actor, at, wake)));
}
