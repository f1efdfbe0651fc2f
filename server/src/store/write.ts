import { sql } from "drizzle-orm";
import type { Db } from "../db/client.js";
import type { EventBus } from "../realtime/bus.js";

export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

/**
 * PostgreSQL aborts one of two transactions that wait on each other (deadlock, 40P01) or that a
 * serializable snapshot cannot order (40001). Both wrote nothing and succeed when simply run again;
 * they come from concurrent writers updating the same rollup rows (intake batches, imports, the
 * lifecycle's domain changes) in different orders, through the daily and monthly rollup triggers.
 */
const RETRYABLE = new Set(["40P01", "40001"]);
const ATTEMPTS = 4;

function sqlState(err: unknown): string | undefined {
  for (let e: unknown = err, depth = 0; e && typeof e === "object" && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) return code;
  }
  return undefined;
}

export function isRetryable(err: unknown): boolean {
  const code = sqlState(err);
  return code !== undefined && RETRYABLE.has(code);
}

/**
 * Every transaction that appends to ticket_events goes through here, so that subscribers in
 * every process are woken exactly once per commit (and never for a rollback). `fn` may run more
 * than once (after a deadlock): it must derive everything it returns from what it reads and writes
 * in that attempt.
 */
export async function writeTx<T>(db: Db, bus: EventBus, fn: (tx: Tx) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      const result = await db.transaction(async (tx) => {
        // First, before the transaction writes: a notification is only sent at commit anyway, and
        // every round trip after the first write holds the event log's readers back.
        await bus.inTransaction(tx);
        return fn(tx);
      });
      bus.committed();
      return result;
    } catch (err) {
      if (attempt >= ATTEMPTS || !isRetryable(err)) throw err;
      // A short random pause, so the two transactions do not meet again in the same order.
      await new Promise((r) => setTimeout(r, Math.random() * 20 * attempt));
    }
  }
}

/**
 * The advisory lock (two-key form) of transactions that promised to write no ticket events: readers
 * of the event log do not wait for them (realtime/event-log.ts, migrations/0008).
 */
export const NO_TICKET_EVENTS = { classid: 12345, objid: 8 } as const;

/** Said by a transaction's first statement; the database refuses ticket events after it. */
export const noTicketEvents = sql`cityops_no_ticket_events()`;
