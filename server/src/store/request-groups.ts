// The repeat and collective detectors' input. They group recent requests by caller, by address and
// by grid cell; on a busy day almost every request is in no group large enough to matter, yet
// reading them all into the hub every second cost it more than anything else under load (delivery
// p99 160 ms at 500 tickets/s, 17 ms without the detectors). So PostgreSQL groups them the same way
// first — the same normalisation, from the same regular expressions — and only the requests of
// groups that can raise a warning come back. The detectors still decide; what is left out could
// not have changed their answer: a subset of a group too small is smaller still.

import { addressKeySql, CALLER_KEYS, phoneKeySql } from "@cityops/schema";
import { sql, type SQL } from "drizzle-orm";
import type { Database } from "../db/client.js";
import { pgArray } from "../db/pg-array.js";
import { normalizeAddress, normalizePhone, SMALLEST_GROUP, type RequestFacts } from "../domain/warnings/repeat.js";
import { WARNING_RULES } from "../domain/warnings/types.js";

export interface LikeRequests {
  phones: string[];
  addresses: string[];
  cells: number[];
}

type Row = Record<string, unknown>;

// The keys with their minimum lengths, as the detectors apply them (null when too short).
const phoneOf = (col: SQL) => sql`(select case when length(k) >= ${CALLER_KEYS.phoneMinLength} then k end from ${phoneKeySql(col)} k)`;
const addressOf = (col: SQL) => sql`(select case when length(k) >= ${CALLER_KEYS.addressMinLength} then k end from ${addressKeySql(col)} k)`;

/**
 * Requests received in [since, now] with a matter that belong to a group which can raise a warning:
 * at least SMALLEST_GROUP of one caller on one matter, of one address on one matter, or of distinct
 * callers on one matter in one cell within the collective window. With `like`, only requests that
 * share a caller or an address with them (over the whole window) or their grid cell (within the
 * collective window: older ones cannot be in a collective group) are considered.
 */
export async function requestsInGroups(database: Database, since: Date, now: Date, like: LikeRequests | null): Promise<RequestFacts[]> {
  const collectiveSince = new Date(Math.max(since.getTime(), now.getTime() - WARNING_RULES.collective.windowMs)).toISOString();
  const window = sql`t.received_at >= ${since.toISOString()}::timestamptz and t.received_at <= ${now.toISOString()}::timestamptz`;
  let scope = sql`select t.id from tickets t where ${window}`;
  if (like) {
    // Three lookups an index each serves (the key indexes spell the keys as phoneKeySql and
    // addressKeySql do), instead of normalising every request of the window every second.
    const phones = [...new Set(like.phones.map(normalizePhone).filter((p) => p !== null))];
    const addresses = [...new Set(like.addresses.map(normalizeAddress).filter((a) => a !== null))];
    const parts = [
      phones.length > 0 && sql`select t.id from tickets t where t.citizen_phone is not null and ${phoneKeySql(sql`t.citizen_phone`)} = any(${pgArray(phones)}::text[]) and ${window}`,
      addresses.length > 0 && sql`select t.id from tickets t where t.address is not null and ${addressKeySql(sql`t.address`)} = any(${pgArray(addresses)}::text[]) and ${window}`,
      like.cells.length > 0 && cellRequests(like.cells, collectiveSince, window),
    ].filter((q): q is SQL => q !== false);
    if (parts.length === 0) return [];
    scope = sql.join(parts, sql` union `);
  }
  const rows = await database.rows<Row>(sql`
    with r as (
      select t.id, t.received_at, t.citizen_phone, t.address, t.grid_cell_id, t.department_id, m.key as matter_key, m.name as matter_name, n.p, n.a
      from tickets t
      join matters m on m.id = coalesce(t.matter_id, t.suggested_matter_id)
      cross join lateral (select ${phoneOf(sql`t.citizen_phone`)} as p, ${addressOf(sql`t.address`)} as a) n
      where t.id in (${scope})),
    g as (
      select r.*,
             case when p is not null then count(*) over (partition by p, matter_key) end as by_caller,
             case when a is not null then count(*) over (partition by a, matter_key) end as by_address
      from r),
    c as (
      select grid_cell_id, matter_key from r
      where grid_cell_id is not null and p is not null and received_at >= ${collectiveSince}::timestamptz
      group by 1, 2 having count(distinct p) >= ${SMALLEST_GROUP.collectiveCallers})
    select id, received_at, citizen_phone, address, grid_cell_id, department_id, matter_key, matter_name from g
    where by_caller >= ${SMALLEST_GROUP.caller} or by_address >= ${SMALLEST_GROUP.address}
       or (received_at >= ${collectiveSince}::timestamptz and (grid_cell_id, matter_key) in (select grid_cell_id, matter_key from c))`);
  return rows.map(toRequestFacts);
}

/**
 * The requests of the cells within the collective window. Those with neither a phone nor an address
 * can only come back as members of a collective group (they join no caller or address group), so
 * they are read only for a cell and matter that has enough distinct callers in the window — counted
 * over all its requests, a superset of what the grouping counts. In a storm of anonymous grid
 * reports that is nearly none of them, where normalising and grouping them all took 35–160 ms
 * of the database every second.
 */
function cellRequests(cells: number[], collectiveSince: string, window: SQL): SQL {
  const inCells = sql`t.grid_cell_id = any(${pgArray(cells)}::int[]) and t.received_at >= ${collectiveSince}::timestamptz and ${window}`;
  return sql`select t.id from tickets t where ${inCells} and (t.citizen_phone is not null or t.address is not null or
    (t.grid_cell_id, (select m.key from matters m where m.id = coalesce(t.matter_id, t.suggested_matter_id))) in (
      select t.grid_cell_id, m.key from tickets t join matters m on m.id = coalesce(t.matter_id, t.suggested_matter_id)
      where ${inCells} and t.citizen_phone is not null
      group by 1, 2 having count(distinct ${phoneOf(sql`t.citizen_phone`)}) >= ${SMALLEST_GROUP.collectiveCallers}))`;
}

/** A row of tickets joined with its matter (key and name) as the detectors see it. */
export function toRequestFacts(r: Row): RequestFacts {
  return {
    id: Number(r.id),
    receivedAt: new Date(r.received_at as string),
    phone: (r.citizen_phone as string | null) ?? null,
    address: (r.address as string | null) ?? null,
    matterKey: (r.matter_key as string | null) ?? null,
    matterName: (r.matter_name as string | null) ?? null,
    gridCellId: r.grid_cell_id === null ? null : Number(r.grid_cell_id),
    departmentId: r.department_id === null ? null : Number(r.department_id),
  };
}
