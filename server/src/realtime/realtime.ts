import type { Database } from "../db/client.js";
import type { EventBus } from "./bus.js";
import { EventPump, type LiveEvent, type Route } from "./pump.js";
import { eventStream } from "./stream.js";
import { WallFrameTicker, type WallFrame } from "./wall-frame.js";
import { RealtimeMetrics } from "./metrics.js";
import { startDeadlineSweeper } from "./deadline-sweeper.js";
import type { EventCursor } from "./cursor.js";
import type { TopicName } from "./topics.js";

/** Live subscribers kept per subscription before it is dropped as too slow. */
export const MAX_QUEUE = 10_000;

/** The real-time side of one process: the event pump, the wall ticker, the deadline sweeper, metrics. */
export class Realtime {
  readonly pump: EventPump;
  readonly ticker: WallFrameTicker;
  readonly metrics = new RealtimeMetrics();
  private stopSweeper: (() => void) | null = null;

  constructor(
    private readonly database: Database,
    readonly bus: EventBus,
    private readonly onError: (err: unknown) => void,
    pollMs = 1000,
    geoVersion: () => string = () => "",
  ) {
    this.pump = new EventPump(database, bus, onError, pollMs);
    this.ticker = new WallFrameTicker(database, onError, 1000, geoVersion);
  }

  async start(opts: { deadlineSweepMs: number }): Promise<void> {
    await this.pump.start();
    if (opts.deadlineSweepMs > 0) this.stopSweeper = startDeadlineSweeper(this.database, this.bus, this.onError, opts.deadlineSweepMs);
  }

  events(
    kind: Extract<TopicName, "ticketEvents" | "departmentQueue">,
    after: EventCursor | null,
    accept: (e: LiveEvent) => boolean,
    route: Route = null,
  ): AsyncIterableIterator<LiveEvent> {
    const untrack = this.metrics.track(kind);
    const inner = eventStream({ database: this.database, pump: this.pump, after, accept, route, maxQueue: MAX_QUEUE, onDrop: () => this.metrics.dropped.inc() });
    const metrics = this.metrics;
    const it: AsyncIterableIterator<LiveEvent> = {
      async next() {
        try {
          const r = await inner.next();
          if (r.done) untrack();
          else {
            metrics.events.inc();
            metrics.lag.observe(Math.max(0, Date.now() - r.value.event.at.getTime()) / 1000);
          }
          return r;
        } catch (err) {
          untrack();
          throw err;
        }
      },
      async return() {
        untrack();
        return inner.return!();
      },
      [Symbol.asyncIterator]() {
        return it;
      },
    };
    return it;
  }

  /**
   * The current frame at once, then one per second. `track: false` for a source shared by many
   * subscribers that are counted one by one (http/ws-broadcast.ts).
   */
  frames(opts: { track?: boolean } = {}): AsyncIterableIterator<WallFrame> {
    const untrack = opts.track === false ? () => {} : this.metrics.track("wallFrame");
    const queue: WallFrame[] = [];
    let wake: (() => void) | null = null;
    let done = false;
    const remove = this.ticker.add((f) => {
      // A wall only needs the newest frame: keep one, never a backlog.
      queue.length = 0;
      queue.push(f);
      this.metrics.frameBuild.set(this.ticker.lastBuildMs);
      wake?.();
    });
    let first = true;
    const ticker = this.ticker;
    const it: AsyncIterableIterator<WallFrame> = {
      async next() {
        if (first) {
          first = false;
          return { value: await ticker.current(), done: false };
        }
        while (!done && queue.length === 0) await new Promise<void>((r) => (wake = r));
        if (done) return { value: undefined, done: true };
        return { value: queue.shift()!, done: false };
      },
      async return() {
        done = true;
        remove();
        untrack();
        wake?.();
        return { value: undefined, done: true };
      },
      [Symbol.asyncIterator]() {
        return it;
      },
    };
    return it;
  }

  async stop(): Promise<void> {
    this.stopSweeper?.();
    this.ticker.stop();
    await this.pump.stop();
    await this.bus.close();
  }
}
