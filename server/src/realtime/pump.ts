import type { Database } from "../db/client.js";
import type { EventBus } from "./bus.js";
import { compareCursor, type EventCursor } from "./cursor.js";
import { headCursor, readCommittedAfter, type LiveEvent } from "./event-log.js";

export type { LiveEvent } from "./event-log.js";

export type LiveListener = (e: LiveEvent) => void;

/**
 * What a listener watches, when it watches one place or one department: the pump then hands it
 * only events that touch that region (at any level) or department, instead of asking every one of
 * thousands of listeners about every event. The listener still applies its full filter.
 */
export type Route = { regionId: number } | { departmentId: number } | null;

const routeKey = (r: NonNullable<Route>) => ("regionId" in r ? `r${r.regionId}` : `d${r.departmentId}`);

/** The routes an event concerns: its ticket's three regions and every department it involves. */
function routesOf(e: LiveEvent): Set<string> {
  const keys = new Set<string>();
  for (const id of [e.ticket.gridCellId, e.ticket.communityId, e.ticket.streetId]) if (id != null) keys.add(`r${id}`);
  for (const id of [e.ticket.departmentId, e.event.departmentId, ...e.ticket.coDepartmentIds]) if (id != null) keys.add(`d${id}`);
  return keys;
}

const BATCH = 500;

/**
 * One per process: follows the committed event log and hands each event, once, to every
 * in-process listener. Woken by the bus; also polls, so a missed wake-up only delays.
 */
export class EventPump {
  private position: EventCursor = { tx: 0, id: 0 };
  /** Listeners that see every event (no route), and routed ones by route key. */
  private readonly everyone = new Set<LiveListener>();
  private readonly routed = new Map<string, Set<LiveListener>>();
  private count = 0;
  private running = false;
  private again = false;
  private timer: NodeJS.Timeout | null = null;
  private unsubscribe: (() => void) | null = null;
  private stopped = false;
  delivered = 0;
  lastLagMs = 0;

  constructor(
    private readonly database: Database,
    private readonly bus: EventBus,
    private readonly onError: (err: unknown) => void,
    private readonly pollMs = 1000,
  ) {}

  async start(): Promise<void> {
    this.position = await headCursor(this.database);
    this.unsubscribe = this.bus.onWake(() => this.wake());
    this.timer = setInterval(() => this.wake(), this.pollMs);
    this.timer.unref();
  }

  /** Where live delivery stands: a new subscriber replays up to here, then listens. */
  get head(): EventCursor {
    return this.position;
  }

  add(listener: LiveListener, route: Route = null): () => void {
    const key = route ? routeKey(route) : null;
    let set = this.everyone;
    if (key !== null) {
      set = this.routed.get(key) ?? new Set();
      this.routed.set(key, set);
    }
    set.add(listener);
    this.count++;
    let removed = false;
    return () => {
      if (removed) return;
      removed = true;
      set.delete(listener);
      this.count--;
      if (key !== null && set.size === 0 && this.routed.get(key) === set) this.routed.delete(key);
    };
  }

  get listenerCount(): number {
    return this.count;
  }

  private deliver(live: LiveEvent): void {
    const call = (l: LiveListener) => {
      try {
        l(live);
      } catch (err) {
        this.onError(err);
      }
    };
    for (const l of this.everyone) call(l);
    if (this.routed.size === 0) return;
    for (const key of routesOf(live)) {
      const set = this.routed.get(key);
      if (set) for (const l of set) call(l);
    }
  }

  wake(): void {
    if (this.stopped) return;
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
    for (;;) {
      const events = await readCommittedAfter(this.database, this.position, BATCH);
      if (events.length === 0 || this.stopped) return;
      for (const { live } of events) {
        if (!live || compareCursor(live.cursor, this.position) <= 0) continue;
        // Set before delivering: a listener added during delivery replays up to here.
        this.position = live.cursor;
        this.lastLagMs = Date.now() - live.event.at.getTime();
        this.delivered++;
        this.deliver(live);
      }
      // Events of a ticket that vanished cannot happen (tickets are never deleted) but must not stall us.
      const last = events.at(-1)!.event;
      if (compareCursor({ tx: last.tx, id: last.id }, this.position) > 0) this.position = { tx: last.tx, id: last.id };
      if (events.length < BATCH) return;
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    if (this.timer) clearInterval(this.timer);
  }
}
