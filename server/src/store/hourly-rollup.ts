// The hourly rollup's one writer for tickets counted in JS: intake's batches and a history import's
// chunks that are COPYed straight into their months. (Statements that insert tickets with SQL count
// their RETURNING rows themselves: bulk-write.ts's ROLLUP_FROM_INS.)

import { sql } from "drizzle-orm";
import type { Executor } from "./rule-tagger.js";

/** What the rollup counts a ticket by. */
export interface RollupTicket {
  receivedAt: Date;
  gridCellId: number | null;
  communityId: number | null;
  streetId: number | null;
  domain: string | null;
  source: string;
}

/**
 * Adds the tickets to the hourly rollup in one upsert: a row per (hour, cell, domain, source) with
 * its count, one JSON parameter however many groups (a 10,000-row chunk has thousands), in key order
 * so that concurrent writers lock shared rollup rows in the same order.
 */
export async function addToHourlyRollup(exec: Executor, tickets: readonly RollupTicket[]): Promise<void> {
  if (tickets.length === 0) return;
  const groups = new Map<string, { hour: string; cell: number; community: number; street: number; domain: string; source: string; n: number }>();
  for (const t of tickets) {
    // Whole UTC hours are whole Beijing hours, so this groups exactly as date_trunc does below.
    const hour = Math.floor(t.receivedAt.getTime() / 3_600_000) * 3_600_000;
    const cell = t.gridCellId ?? 0;
    const domain = t.domain ?? "UNKNOWN";
    const key = `${hour}|${cell}|${domain}|${t.source}`;
    const hit = groups.get(key);
    if (hit) hit.n++;
    else groups.set(key, { hour: new Date(hour).toISOString(), cell, community: t.communityId ?? 0, street: t.streetId ?? 0, domain, source: t.source, n: 1 });
  }
  await exec.execute(sql`insert into ticket_rollup_hourly (hour, grid_cell_id, community_id, street_id, domain, source, received)
    select date_trunc('hour', r.hour), r.cell, r.community, r.street, r.domain, r.source::ticket_source, r.n
    from jsonb_to_recordset(${JSON.stringify([...groups.values()])}::jsonb) as r(hour timestamptz, cell int, community int, street int, domain text, source text, n int)
    order by 1, 2, 5, 6
    on conflict (hour, grid_cell_id, domain, source) do update set received = ticket_rollup_hourly.received + excluded.received`);
}
