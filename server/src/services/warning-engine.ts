import type { AppliedChange } from "../store/warning.store.js";
import type { EventPump, LiveEvent } from "../realtime/pump.js";
import { FULL_RUN, type Runner, type RunScope } from "./warning-runner.js";

export interface EngineOptions {
  /** Events are gathered this long before the stream detectors run on them. */
  debounceMs: number;
  /** Every detector runs this often (0 = only on events and on demand). */
  scheduleMs: number;
  /** The slower detectors (department quality, proactive lists) run at most this often. */
  slowEveryMs: number;
  /**
   * Surges are tested from the event stream at most this often. They are judged over an hour and
   * a day, so ten seconds lose nothing; testing every area each second in a storm (500 tickets a
   * second) kept the database busy enough to hold every subscriber's delivery back.
   */
  surgeEveryMs: number;
}

export const DEFAULT_ENGINE_OPTIONS: EngineOptions = { debounceMs: 1000, scheduleMs: 60_000, slowEveryMs: 10 * 60_000, surgeEveryMs: 10_000 };

/**
 * Decides when the warning detectors run: on the event stream (new and dispatched tickets, gathered
 * for a moment), on a schedule and on demand. Its runner carries the runs out (warning-runner.ts),
 * on the warning thread where the hub has one. Runs never overlap within a process; across
 * processes the store's lock serialises the writes.
 */
export class WarningEngine {
  private chain: Promise<unknown> = Promise.resolve();
  private pending: { phones: Set<string>; addresses: Set<string>; cells: Set<number>; requests: boolean; deadlines: boolean } | null = null;
  private debounce: NodeJS.Timeout | null = null;
  private schedule: NodeJS.Timeout | null = null;
  private removeListener: (() => void) | null = null;
  private lastSlow = 0;
  private lastSurge = 0;
  private surgeLater: NodeJS.Timeout | null = null;
  private stopped = false;
  runs = 0;
  /** Runs that tested surges. */
  surgeRuns = 0;
  /** Runs that failed (each is reported to onError; the next run covers the same ground). */
  failures = 0;
  lastRunMs = 0;

  constructor(
    readonly runner: Runner,
    private readonly onError: (err: unknown) => void,
    private readonly opts: EngineOptions = DEFAULT_ENGINE_OPTIONS,
  ) {}

  start(pump: EventPump): void {
    this.removeListener = pump.add((e) => this.onEvent(e));
    if (this.opts.scheduleMs > 0) {
      this.schedule = setInterval(() => void this.scheduled().catch(this.onError), this.opts.scheduleMs);
      this.schedule.unref();
      void this.scheduled().catch(this.onError);
    }
  }

  private onEvent(e: LiveEvent): void {
    const type = e.event.type;
    // New requests can surge, repeat or gather; a dispatch fixes the matter that repeats are judged on;
    // the deadline sweeper's events mean a queue just went late.
    const request = type === "created" || type === "dispatched";
    const deadline = type === "overdue" || type === "due_soon";
    if (!request && !deadline) return;
    const p = (this.pending ??= { phones: new Set(), addresses: new Set(), cells: new Set(), requests: false, deadlines: false });
    if (request) {
      p.requests = true;
      if (e.ticket.citizenPhone) p.phones.add(e.ticket.citizenPhone);
      if (e.ticket.address) p.addresses.add(e.ticket.address);
      if (e.ticket.gridCellId !== null) p.cells.add(e.ticket.gridCellId);
    }
    if (deadline) p.deadlines = true;
    if (!this.debounce && !this.stopped) {
      this.debounce = setTimeout(() => {
        this.debounce = null;
        const like = this.pending!;
        this.pending = null;
        const requests = { phones: [...like.phones], addresses: [...like.addresses], cells: [...like.cells] };
        void this.run(like.requests ? { surge: this.surgeDue(), requests, deadlines: like.deadlines } : { deadlines: true }).catch(this.onError);
      }, this.opts.debounceMs);
      this.debounce.unref();
    }
  }

  /** Whether a stream run tests surges now; if not, one follows when it is time, events or not. */
  private surgeDue(): boolean {
    const wait = this.lastSurge + this.opts.surgeEveryMs - Date.now();
    if (wait <= 0) {
      this.lastSurge = Date.now();
      return true;
    }
    if (!this.surgeLater && !this.stopped) {
      this.surgeLater = setTimeout(() => {
        this.surgeLater = null;
        void this.run({ surge: true }).catch(this.onError);
      }, wait);
      this.surgeLater.unref();
    }
    return false;
  }

  private scheduled(): Promise<AppliedChange[]> {
    const slow = Date.now() - this.lastSlow >= this.opts.slowEveryMs;
    if (slow) this.lastSlow = Date.now();
    return this.run({ surge: true, requests: true, deadlines: true, quality: slow, proactive: slow });
  }

  /** Runs the chosen detectors now (after any run in progress) and applies what they find. */
  run(scope: RunScope = FULL_RUN, now = new Date()): Promise<AppliedChange[]> {
    const next = this.chain.then(() => (this.stopped ? [] : this.runNow(scope, now)));
    this.chain = next.catch(() => undefined);
    return next;
  }

  private async runNow(scope: RunScope, now: Date): Promise<AppliedChange[]> {
    const started = Date.now();
    if (scope.surge) {
      this.lastSurge = started;
      this.surgeRuns++;
    }
    const changes = await this.runner.run(scope, now).catch((err: unknown) => {
      this.failures++;
      throw err;
    });
    this.runs++;
    this.lastRunMs = Date.now() - started;
    return changes;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.removeListener?.();
    if (this.debounce) clearTimeout(this.debounce);
    if (this.schedule) clearInterval(this.schedule);
    if (this.surgeLater) clearTimeout(this.surgeLater);
    await this.chain;
    await this.runner.close();
  }
}
