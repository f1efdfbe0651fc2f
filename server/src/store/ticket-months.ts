// Tickets are partitioned by Beijing month of receipt (migrations/0013_ticket_partitions.sql). A
// row of a month without its partition lands in the default partition, which is correct but is read
// by every query; so the hub makes sure this month and the next exist, and writers of other months
// (imports of history, the demo seed) ask for theirs before writing. `cityops_ticket_month` creates a
// missing month, moving its rows out of the default partition, under an advisory lock.

import { sql } from "drizzle-orm";
import { districtClock } from "@cityops/schema/vocabulary";
import type { Db } from "../db/client.js";
import { rowsOf } from "./rule-tagger.js";

/** Months known to exist, per database: a writer asks once per month, not once per chunk. */
const known = new WeakMap<object, Set<string>>();

const monthKey = (d: Date) => {
  const l = districtClock(d);
  return `${l.getUTCFullYear()}-${l.getUTCMonth() + 1}`;
};

/**
 * Makes sure the month partitions of these instants exist. Call it outside a writing transaction:
 * a month created inside one that rolls back would be remembered here without existing (its rows
 * would still be stored, in the default partition).
 */
export async function ensureTicketMonths(db: Pick<Db, "execute">, instants: Iterable<Date>): Promise<void> {
  let seen = known.get(db);
  if (!seen) known.set(db, (seen = new Set()));
  const wanted = new Map<string, Date>();
  for (const d of instants) {
    const k = monthKey(d);
    if (!seen.has(k) && !wanted.has(k)) wanted.set(k, d);
  }
  if (wanted.size === 0) return;
  const at = [...wanted.values()].map((d) => d.toISOString());
  await db.execute(sql`select cityops_ticket_month(m) from unnest(${`{${at.join(",")}}`}::timestamptz[]) as m`);
  for (const k of wanted.keys()) seen.add(k);
}

/**
 * Whether tickets received in [from, to) exist other than those of the history import that began
 * at `importStartedAt` (its tickets carry it as `imported_at`). Reads the month's partition only.
 */
export async function hasTicketsBetween(db: Pick<Db, "execute">, from: Date, to: Date, importStartedAt: Date): Promise<boolean> {
  const result = await db.execute(sql`select exists (select 1 from tickets where received_at >= ${from.toISOString()}::timestamptz
    and received_at < ${to.toISOString()}::timestamptz and imported_at is distinct from ${importStartedAt.toISOString()}::timestamptz) as found`);
  return rowsOf<{ found: boolean }>(result)[0]?.found === true;
}

/**
 * The load table a history import fills for the month of `instant` (the month has no partition
 * yet: it is written without indexes and attached when the import ends), or null when the month is
 * an ordinary partition, which then exists. See migrations/0015_ticket_month_loads.sql.
 */
export async function monthLoad(db: Pick<Db, "execute">, instant: Date): Promise<string | null> {
  const result = await db.execute(sql`select cityops_ticket_month_load(${instant.toISOString()}::timestamptz) as part`);
  return rowsOf<{ part: string | null }>(result)[0]?.part ?? null;
}

/** Load tables not attached yet (an import in progress, or one that was interrupted). */
export async function pendingMonthLoads(db: Pick<Db, "execute">): Promise<string[]> {
  return rowsOf<{ partition: string }>(await db.execute(sql`select partition from ticket_month_loads order by partition`)).map((r) => r.partition);
}

/** Every Beijing month from `from` to `to`, as one instant in each (the 15th, noon). */
export function monthsBetween(from: Date, to: Date): Date[] {
  const out: Date[] = [];
  const index = (d: Date) => d.getUTCFullYear() * 12 + d.getUTCMonth();
  const last = index(districtClock(to));
  for (let i = index(districtClock(from)); i <= last; i++) out.push(new Date(Date.UTC(Math.floor(i / 12), i % 12, 15, 4)));
  return out;
}

/** How often the hub looks ahead: far more often than months turn. */
const LOOK_AHEAD_MS = 6 * 3_600_000;

/**
 * This month's and next month's partitions now, and again every few hours for as long as the hub
 * runs, so that live intake never writes into the default partition.
 */
export async function keepTicketMonths(db: Pick<Db, "execute">, onError: (err: unknown) => void, now: () => Date = () => new Date()): Promise<{ stop(): void }> {
  const ahead = () => {
    const t = now();
    return ensureTicketMonths(db, monthsBetween(t, new Date(t.getTime() + 32 * 86_400_000)));
  };
  await ahead();
  const timer = setInterval(() => void ahead().catch(onError), LOOK_AHEAD_MS);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
