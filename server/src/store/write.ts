import type { Db } from "../db/client.js";
import type { EventBus } from "../realtime/bus.js";

export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

/**
 * Every transaction that appends to ticket_events goes through here, so that subscribers in
 * every process are woken exactly once per commit (and never for a rollback).
 */
export async function writeTx<T>(db: Db, bus: EventBus, fn: (tx: Tx) => Promise<T>): Promise<T> {
  const result = await db.transaction(async (tx) => {
    const value = await fn(tx);
    await bus.inTransaction(tx);
    return value;
  });
  bus.committed();
  return result;
}
