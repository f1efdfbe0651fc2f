import { sql, type SQL } from "drizzle-orm";
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

/** Runs `attempt` again after a deadlock or serialization failure, a few times, after a short random pause. */
async function retrying<T>(attempt: () => Promise<T>): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await attempt();
    } catch (err) {
      if (n >= ATTEMPTS || !isRetryable(err)) throw err;
      // So that the two transactions do not meet again in the same order.
      await new Promise((r) => setTimeout(r, Math.random() * 20 * n));
    }
  }
}

/**
 * Every transaction that appends to ticket_events goes through here (or writeStatement), so that
 * subscribers in every process are woken exactly once per commit (and never for a rollback). `fn`
 * may run more than once (after a deadlock): it must derive everything it returns from what it
 * reads and writes in that attempt.
 */
export function writeTx<T>(db: Db, bus: EventBus, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return retrying(async () => {
    const result = await db.transaction(async (tx) => {
      // First, before the transaction writes: a notification is only sent at commit anyway, and
      // every round trip after the first write holds the event log's readers back.
      await bus.inTransaction(tx);
      return fn(tx);
    });
    bus.committed();
    return result;
  });
}

/**
 * A write that is one statement, run as its own transaction: it takes its transaction id when it
 * starts and commits when it ends, inside PostgreSQL, with no round trip to this process between
 * the two — so readers of the event log, who wait for every older transaction (realtime/event-log.ts),
 * never wait on this process's event loop. `build` gets the bus's wake-up expression (null when the
 * bus wakes after commit), which the statement must evaluate when it writes events.
 */
export function writeStatement(db: Db, bus: EventBus, build: (wake: SQL | null) => SQL): Promise<unknown> {
  return retrying(async () => {
    const result = await db.execute(build(bus.inStatement()));
    bus.committed();
    return result;
  });
}

/**
 * The advisory lock (two-key form) of transactions that promised to write no ticket events: readers
 * of the event log do not wait for them (realtime/event-log.ts, migrations/0008).
 */
export const NO_TICKET_EVENTS = { classid: 12345, objid: 8 } as const;

/** Said by a transaction's first statement; the database refuses ticket events after it. */
export const noTicketEvents = sql`cityops_no_ticket_events()`;
