import type { Database } from "../db/client.js";
import type { EventBus } from "./bus.js";
import { writeTx } from "../store/write.js";
import { writeDeadlineEvents } from "../store/deadline.store.js";

/**
 * Deadlines pass without anyone writing: this job turns "due soon" and "overdue" into
 * ticket_events (once per dispatch, store/deadline.store.ts), so departments' queues and the log
 * see them like any other change.
 */
export async function sweepDeadlines(database: Database, bus: EventBus, now = new Date()): Promise<number> {
  const at = now.toISOString();
  return writeTx(database.db, bus, (tx) => writeDeadlineEvents(tx, at));
}

export function startDeadlineSweeper(database: Database, bus: EventBus, onError: (err: unknown) => void, everyMs = 60_000): () => void {
  const timer = setInterval(() => void sweepDeadlines(database, bus).catch(onError), everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
