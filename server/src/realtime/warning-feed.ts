import type { EventBus } from "./bus.js";
import type { WarningRow, WarningStore } from "../store/warning.store.js";

export type WarningListener = (w: WarningRow) => void;

/**
 * Warnings as they are raised or escalated, in every process: the warning engine's writes wake
 * the bus like ticket writes do, and the feed reads warnings whose push_seq grew. It reads only
 * while someone listens, so an idle hub sends no statements for it.
 */
export class WarningFeed {
  private position = 0;
  private readonly listeners = new Set<WarningListener>();
  private ready: Promise<void> = Promise.resolve();
  private running = false;
  private again = false;
  private timer: NodeJS.Timeout | null = null;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly store: WarningStore,
    bus: EventBus,
    private readonly onError: (err: unknown) => void,
    private readonly pollMs = 1000,
  ) {
    this.unsubscribe = bus.onWake(() => this.wake());
  }

  add(listener: WarningListener): () => void {
    if (this.listeners.size === 0) {
      // Listening starts now: skip what was pushed while nobody listened.
      this.ready = this.store.headSeq().then((s) => void (this.position = Math.max(this.position, s)));
      this.ready.catch(this.onError);
      this.timer = setInterval(() => this.wake(), this.pollMs);
      this.timer.unref();
    }
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0 && this.timer) {
        clearInterval(this.timer);
        this.timer = null;
      }
    };
  }

  get listenerCount(): number {
    return this.listeners.size;
  }

  wake(): void {
    if (this.listeners.size === 0) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    void this.drain()
      .catch(this.onError)
      .finally(() => {
        this.running = false;
        if (this.again) {
          this.again = false;
          this.wake();
        }
      });
  }

  private async drain(): Promise<void> {
    await this.ready;
    for (;;) {
      const rows = await this.store.pushedAfter(this.position);
      for (const w of rows) {
        this.position = Math.max(this.position, Number(w.pushSeq));
        for (const l of this.listeners) {
          try {
            l(w);
          } catch (err) {
            this.onError(err);
          }
        }
      }
      if (rows.length < 500) return;
    }
  }

  /** A bounded async stream of the warnings `accept` lets through. */
  stream(accept: (w: WarningRow) => boolean, maxQueue = 1000): AsyncIterableIterator<WarningRow> {
    const queue: WarningRow[] = [];
    let wakeUp: (() => void) | null = null;
    let done = false;
    const remove = this.add((w) => {
      if (done || !accept(w)) return;
      // Warnings are few; a subscriber that lets a thousand pile up gets the newest ones.
      if (queue.length >= maxQueue) queue.shift();
      queue.push(w);
      wakeUp?.();
    });
    const finish = () => {
      done = true;
      remove();
      wakeUp?.();
    };
    const it: AsyncIterableIterator<WarningRow> = {
      async next() {
        while (!done && queue.length === 0) {
          await new Promise<void>((r) => (wakeUp = r));
          wakeUp = null;
        }
        if (done) return { value: undefined, done: true };
        return { value: queue.shift()!, done: false };
      },
      async return() {
        finish();
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

  stop(): void {
    this.unsubscribe();
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.listeners.clear();
  }
}
