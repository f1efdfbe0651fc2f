// The SQL half of a history import: one chunk of tickets that lived their lives elsewhere, each
// written in the state it is in now with its times, department, reply and rating, and a compact
// timeline (tickets.timeline) instead of one event row per step, and its rule tags in its own tag
// columns. Subscribers hear of the chunk once: a single `imported` event, not a `created` event per
// ticket. Two ways in: a chunk whose rows all fall in months this import fills, and none of whose
// keys is stored, is COPYed straight into those months (loadHistory); any other chunk is COPYed into
// a staging table and only rows whose keys are not stored yet are inserted (insertHistory, with
// bulk-write.ts's NEW_KEYS), so only those reach the rollup: a replayed chunk changes nothing.

import { sql, type SQL } from "drizzle-orm";
import type { Actor } from "../domain/actor.js";
import { copyInto } from "../db/copy.js";
import { writeTx, type Tx } from "../store/write.js";
import type { Db } from "../db/client.js";
import type { EventBus } from "../realtime/bus.js";
import { NEW_KEYS, ROLLUP_FROM_INS, TICKET_COLUMNS, prefixed, uniqueKey, withoutJit, type Inserted } from "./bulk-write.js";
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
/** A month written outside `tickets` (a pending load table) and the receipt times it holds. */
export interface LoadTarget {
  table: string;
  from: Date;
  to: Date;
}

/**
 * Inserts the rows not stored yet (by source and external id) with their rollup counts and one
 * `imported` event for those that went into `tickets`, inside the caller's transaction; returns the
 * rows inserted. Rows received in a `loads` month go straight into its load table (no indexes, no
 * triggers: they are checked when it is attached) and are announced when it is.
 */
export async function insertHistory(tx: Tx, rows: readonly HistoryRow[], actor: Actor, at: string, file: string | null, loads: readonly LoadTarget[] = []): Promise<HistoryInserted[]> {
  if (rows.length === 0) return [];
  await withoutJit(tx);
  await tx.execute(sql.raw(STAGE));
  await copyInto(tx, "history_stage", ["ord", ...ALL], rows, true);
  const into = (table: string, where: SQL, n: number) => sql`${sql.raw(`ins_${n}`)} as (
      insert into ${sql.identifier(table)} (id, ${sql.raw(columns)})
      select k.ticket_id, ${sql.raw(prefixed("s", ALL))} from s join k on k.source = s.source and k.external_id = s.external_id where ${where} order by s.ord
      returning id, source, external_id, received_at, grid_cell_id, community_id, street_id, domain, status
    )`;
  const inLoad = (l: LoadTarget) => sql`(s.received_at >= ${l.from.toISOString()}::timestamptz and s.received_at < ${l.to.toISOString()}::timestamptz)`;
  const targets = [into("tickets", loads.length > 0 ? sql`not (${sql.join(loads.map(inLoad), sql` or `)})` : sql`true`, 0), ...loads.map((l, i) => into(l.table, inLoad(l), i + 1))];
  const result = await tx.execute(sql`
    with s as (select * from history_stage),
    ${NEW_KEYS},
    ${sql.join(targets, sql`,
    `)},
    ins as (${sql.raw(targets.map((_, i) => `select *, ${i > 0} as loaded from ins_${i}`).join(" union all "))}),
    ro as (${ROLLUP_FROM_INS}),
    ev as (${importedEvent(sql`(select * from ins where not loaded)`, actor, at, file)})
    select id, source::text as source, external_id, status::text as status, received_at, loaded from ins`);
  return rowsOf<HistoryInserted & { received_at: string | Date }>(result).map((r) => ({ ...r, id: Number(r.id), received_at: new Date(r.received_at) }));
}

const COL = Object.fromEntries(ALL.map((c, i) => [c, i])) as Record<(typeof ALL)[number], number>;

/** Which of these keys (source, external id) are stored already, as uniqueKey strings. */
export async function storedKeys(db: Db | Tx, keys: readonly { source: string; externalId: string }[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const json = JSON.stringify(keys.map((k) => [k.source, k.externalId]));
  const rows = rowsOf<{ source: string; external_id: string }>(
    await db.execute(sql`select k.source::text as source, k.external_id from jsonb_array_elements(${json}::jsonb) e
      join ticket_keys k on k.source = (e->>0)::ticket_source and k.external_id = e->>1`),
  );
  return new Set(rows.map((r) => uniqueKey(r.source, r.external_id)));
}

/**
 * Writes a chunk whose rows all belong to load months straight into their load tables with COPY:
 * no staging table, no INSERT … SELECT. Ids are drawn from the tickets' sequence and the keys
 * COPYed into ticket_keys. Returns null, having written nothing, when any key is stored already (a
 * replay, a restarted import): such a chunk goes through insertHistory, which skips stored keys.
 * A key stored by someone else between the check and the COPY fails the COPY, and the chunk's
 * transaction with it. The rows' rollup counts are added here, as insertHistory adds them.
 */
export async function loadHistory(tx: Tx, rows: readonly HistoryRow[], loads: readonly LoadTarget[]): Promise<HistoryInserted[] | null> {
  if (rows.length === 0) return [];
  const stored = await storedKeys(tx, rows.map((r) => ({ source: r[COL.source] as string, externalId: r[COL.external_id] as string })));
  if (stored.size > 0) return null;
  const ids = rowsOf<{ id: string }>(await tx.execute(sql`select nextval('tickets_id_seq')::text as id from generate_series(1, ${rows.length}::int)`)).map((r) => r.id);
  await withoutJit(tx);
  await copyInto(tx, "ticket_keys", ["ticket_id", "source", "external_id", "received_at"], rows.map((r) => [r[COL.source], r[COL.external_id], r[COL.received_at]]), ids);
  for (const l of loads) {
    const from = l.from.getTime();
    const to = l.to.getTime();
    const mine: HistoryRow[] = [];
    const myIds: string[] = [];
    rows.forEach((r, i) => {
      const t = (r[COL.received_at] as Date).getTime();
      if (t >= from && t < to) {
        mine.push(r);
        myIds.push(ids[i]!);
      }
    });
    await copyInto(tx, l.table, ["id", ...ALL], mine, myIds);
  }
  await tx.execute(rollupOf(rows));
  return rows.map((r, i) => ({ id: Number(ids[i]), source: r[COL.source] as string, external_id: r[COL.external_id] as string, status: r[COL.status] as string, received_at: r[COL.received_at] as Date, loaded: true }));
}

/** The rows' hourly rollup counts (as ROLLUP_FROM_INS counts inserted rows), counted here. */
function rollupOf(rows: readonly HistoryRow[]): SQL {
  const groups = new Map<string, { hour: string; cell: number; community: number; street: number; domain: string; source: string; n: number }>();
  for (const r of rows) {
    const hour = Math.floor((r[COL.received_at] as Date).getTime() / 3_600_000) * 3_600_000;
    const g = { cell: (r[COL.grid_cell_id] as number | null) ?? 0, community: (r[COL.community_id] as number | null) ?? 0, street: (r[COL.street_id] as number | null) ?? 0, domain: (r[COL.domain] as string | null) ?? "UNKNOWN", source: r[COL.source] as string };
    const key = `${hour}|${g.cell}|${g.community}|${g.street}|${g.domain}|${g.source}`;
    const hit = groups.get(key);
    if (hit) hit.n++;
    else groups.set(key, { hour: new Date(hour).toISOString(), ...g, n: 1 });
  }
  return sql`insert into ticket_rollup_hourly (hour, grid_cell_id, community_id, street_id, domain, source, received)
    select date_trunc('hour', r.hour), r.cell, r.community, r.street, r.domain, r.source::ticket_source, sum(r.n)::int
    from jsonb_to_recordset(${JSON.stringify([...groups.values()])}::jsonb) as r(hour timestamptz, cell int, community int, street int, domain text, source text, n int)
    group by 1, 2, 3, 4, 5, 6 order by 1, 2, 5, 6
    on conflict (hour, grid_cell_id, domain, source) do update set received = ticket_rollup_hourly.received + excluded.received`;
}

/**
 * Attaches load tables to `tickets` in one transaction, then writes one `imported` event for every
 * ticket they held before (those written straight into a load table were never announced; those of
 * the default partition that join them at the attach were), so subscribers hear of the tickets once
 * they are visible. The event is a transaction of its own: subscribers read a ticket event with
 * its ticket, and in the attaching transaction the month is not yet part of `tickets` to them.
 */
export async function attachLoads(db: Db, bus: EventBus, parts: readonly string[], actor: Actor, file: string | null): Promise<void> {
  if (parts.length === 0) return;
  const held = sql.join(
    parts.map((p) => sql`select id, status, received_at from ${sql.identifier(p)}`),
    sql` union all `,
  );
  const [h] = rowsOf<{ tickets: number; closed: number; first: string | null; last: string | null; from: string | null; to: string | null }>(
    await db.execute(sql`select count(*)::int as tickets, count(*) filter (where status = 'closed')::int as closed, min(id)::text as first, max(id)::text as last,
      min(received_at)::text as from, max(received_at)::text as to from (${held}) h`),
  );
  await db.transaction(async (tx) => {
    for (const p of parts) await tx.execute(sql`select cityops_ticket_month_attach(${p})`);
  });
  if (!h || h.tickets === 0) return;
  await writeTx(db, bus, (tx) =>
    tx.execute(sql`insert into ticket_events (ticket_id, type, at, actor, actor_role, payload)
      values (${h.first}::bigint, 'imported', ${new Date().toISOString()}::timestamptz, ${actor.id}, ${actor.role}::text::role,
        jsonb_build_object('tickets', ${h.tickets}::int, 'closed', ${h.closed}::int, 'firstTicketId', ${h.first}::bigint, 'lastTicketId', ${h.last}::bigint,
          'receivedFrom', ${h.from}::timestamptz, 'receivedTo', ${h.to}::timestamptz, 'file', ${file}::text))`),
  );
}

/** A ticket a history chunk inserted; `loaded`: into a load table, not visible in `tickets` yet. */
export interface HistoryInserted extends Inserted {
  status: string;
  received_at: Date;
  loaded: boolean;
}

/**
 * The one `imported` event for the history tickets of `rows` (id, status, received_at), on the
 * first of them; nothing when there are none. Subscribers hear of a chunk, or of months that a
 * load attached, once.
 */
export function importedEvent(rows: SQL, actor: Actor, at: string, file: string | null): SQL {
  return sql`
      insert into ticket_events (ticket_id, type, at, actor, actor_role, payload)
      select min(id), 'imported', ${at}::timestamptz, ${actor.id}, ${actor.role}::text::role,
             jsonb_build_object('tickets', count(*), 'closed', count(*) filter (where status = 'closed'),
               'firstTicketId', min(id), 'lastTicketId', max(id), 'receivedFrom', min(received_at), 'receivedTo', max(received_at),
               'file', ${file}::text)
      from ${rows} r having count(*) > 0`;
}
