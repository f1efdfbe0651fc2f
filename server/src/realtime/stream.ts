import type { Database } from "../db/client.js";
import { compareCursor, type EventCursor } from "./cursor.js";
import { readCommittedAfter } from "./event-log.js";
import type { EventPump, LiveEvent, Route } from "./pump.js";

export class SlowConsumerError extends Error {
  constructor(limit: number) {
    super(`Subscriber fell more than ${limit} events behind and was dropped; resume with your last cursor / 订阅端处理过慢，请用最后的游标重新订阅`);
  }
}

const REPLAY_BATCH = 500;

/**
 * The events after `after` that `accept` lets through: first replayed from the log, then live
 * from the pump, each exactly once and in log order. The live queue is bounded: a subscriber
 * that cannot keep up is ended with SlowConsumerError rather than growing server memory.
 */
export function eventStream(opts: {
  database: Database;
  pump: EventPump;
  after: EventCursor | null;
  accept: (e: LiveEvent) => boolean;
  /** Narrows which live events the pump offers; `accept` still decides. */
  route?: Route;
  maxQueue: number;
  onDrop?: () => void;
}): AsyncIterableIterator<LiveEvent> {
  const { database, pump, accept, maxQueue } = opts;
  const queue: LiveEvent[] = [];
  let wakeUp: (() => void) | null = null;
  let failure: Error | null = null;
  let done = false;
  // Register before reading the head, in the same tick: nothing after the head can be missed.
  const remove = pump.add((e) => {
    if (done || !accept(e)) return;
    if (queue.length >= maxQueue) {
      failure = new SlowConsumerError(maxQueue);
      opts.onDrop?.();
      remove();
    } else queue.push(e);
    wakeUp?.();
  }, opts.route ?? null);
  const head = pump.head;
  let last: EventCursor = opts.after ?? head;
  let replay: LiveEvent[] = [];
  let replayDone = opts.after === null || compareCursor(opts.after, head) >= 0;

  const finish = () => {
    done = true;
    remove();
    queue.length = 0;
  };

  async function nextEvent(): Promise<LiveEvent | null> {
    while (!replayDone || replay.length > 0) {
      if (replay.length === 0) {
        const rows = await readCommittedAfter(database, last, REPLAY_BATCH, head);
        replay = rows.flatMap((r) => (r.live ? [r.live] : []));
        if (rows.length < REPLAY_BATCH) replayDone = true;
        if (rows.length > 0) last = { tx: rows.at(-1)!.event.tx, id: rows.at(-1)!.event.id };
        continue;
      }
      const e = replay.shift()!;
      if (accept(e)) return e;
    }
    for (;;) {
      if (failure) throw failure;
      if (done) return null;
      const e = queue.shift();
      if (e) {
        if (compareCursor(e.cursor, last) <= 0) continue;
        last = e.cursor;
        return e;
      }
      await new Promise<void>((r) => (wakeUp = r));
      wakeUp = null;
    }
  }

  const it: AsyncIterableIterator<LiveEvent> = {
    async next() {
      if (done) return { value: undefined, done: true };
      try {
        const e = await nextEvent();
        if (e === null) return { value: undefined, done: true };
        return { value: e, done: false };
      } catch (err) {
        finish();
        throw err;
      }
    },
    async return() {
      finish();
      wakeUp?.();
      return { value: undefined, done: true };
    },
    async throw(err?: unknown) {
      finish();
      throw err;
    },
    [Symbol.asyncIterator]() {
      return it;
    },
  };
  return it;
}
