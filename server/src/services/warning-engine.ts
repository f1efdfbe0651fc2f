import { DOMAIN_NAMES, type Domain, type WarningKind } from "@cityops/schema";
import type { AnalyticsStore } from "../store/analytics.store.js";
import type { AppliedChange, WarningStore } from "../store/warning.store.js";
import type { ReferenceData } from "../store/reference.store.js";
import type { EventPump, LiveEvent } from "../realtime/pump.js";
import { SYSTEM_ACTOR } from "../domain/actor.js";
import { detectSurges } from "../domain/warnings/surge.js";
import { detectCollective, detectRepeats } from "../domain/warnings/repeat.js";
import { detectDeadlines } from "../domain/warnings/deadlines.js";
import { detectDepartmentQuality } from "../domain/warnings/quality.js";
import { detectProactive, earlierPeriods, upcomingSeasons } from "../domain/warnings/proactive.js";
import { WARNING_RULES, type Labels, type WarningCandidate } from "../domain/warnings/types.js";

/**
 * Lets the event loop take its pending I/O before the next step of a run. The engine shares the
 * loop with subscriber delivery: in a storm one surge run read thousands of rows, tested every area
 * and planned hundreds of writes in one go, and every event due meanwhile waited up to 100 ms.
 */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

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

/** Which detectors a run includes. */
export interface RunScope {
  surge?: boolean;
  /** Repeat and collective, over all recent requests (true) or those like these. */
  requests?: boolean | { phones: string[]; addresses: string[]; cells: number[] };
  deadlines?: boolean;
  quality?: boolean;
  proactive?: boolean;
}

export const FULL_RUN: RunScope = { surge: true, requests: true, deadlines: true, quality: true, proactive: true };

/**
 * Runs the pure detectors on the event stream (new and dispatched tickets, gathered for a moment)
 * and on a schedule, and hands their candidates to the warning store, which keeps one open
 * warning per kind and scope. Runs never overlap within a process; across processes the store's
 * lock serialises the writes.
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
  lastRunMs = 0;

  constructor(
    private readonly store: WarningStore,
    private readonly analytics: AnalyticsStore,
    private readonly ref: ReferenceData,
    private readonly onError: (err: unknown) => void,
    private readonly opts: EngineOptions = DEFAULT_ENGINE_OPTIONS,
  ) {}

  readonly labels: Labels = {
    region: (id) => this.ref.regions.get(id)?.name ?? `区域${id}`,
    domain: (code) => DOMAIN_NAMES[code as Domain]?.zh ?? (code === "UNKNOWN" ? "未分类" : code),
    department: (id) => this.ref.departments.get(id)?.name ?? `单位${id}`,
  };

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

  /** The candidates of a run, without applying them (for reports and tests). */
  async detect(scope: RunScope, now: Date): Promise<{ candidates: WarningCandidate[]; covered: WarningKind[] }> {
    const candidates: WarningCandidate[] = [];
    const covered: WarningKind[] = [];
    const tasks: Promise<void>[] = [];
    if (scope.surge) tasks.push(this.surges(now).then((c) => void candidates.push(...c)));
    if (scope.requests) {
      const since = new Date(now.getTime() - WARNING_RULES.repeat.windowMs);
      const like = scope.requests === true ? null : scope.requests;
      if (!like || like.phones.length + like.addresses.length + like.cells.length > 0) {
        tasks.push(
          this.store.recentRequests(since, now, like).then(async (rows) => {
            await nextTurn();
            candidates.push(...detectRepeats(rows, now));
            await nextTurn();
            candidates.push(...detectCollective(rows, now, this.labels));
          }),
        );
      }
    }
    if (scope.deadlines) {
      covered.push("overdue", "due_soon");
      tasks.push(this.store.heldNearDue(now, WARNING_RULES.deadlines.dueSoonMs).then((h) => void candidates.push(...detectDeadlines(h, now, this.labels))));
    }
    if (scope.quality) tasks.push(this.quality(now).then((c) => void candidates.push(...c)));
    if (scope.proactive) tasks.push(this.proactive(now).then((c) => void candidates.push(...c)));
    await Promise.all(tasks);
    return { candidates, covered };
  }

  private async runNow(scope: RunScope, now: Date): Promise<AppliedChange[]> {
    const started = Date.now();
    if (scope.surge) {
      this.lastSurge = started;
      this.surgeRuns++;
    }
    const { candidates, covered } = await this.detect(scope, now);
    await nextTurn();
    const changes = await this.store.apply(candidates, covered, now);
    this.runs++;
    this.lastRunMs = Date.now() - started;
    return changes;
  }

  private async surges(now: Date): Promise<WarningCandidate[]> {
    const observations = await this.analytics.surgeObservations(now);
    await nextTurn();
    const found = detectSurges(observations, this.labels);
    // Evidence is read for the surges found, not for every area that was tested.
    const wanted = found.map((c) => {
      const s = c.scope as { level: "street" | "community" | "grid_cell"; regionId: number; domain: string; window: "hour" | "day" };
      return { ...s, windowMs: WARNING_RULES.surge.windows.find((w) => w.name === s.window)!.ms };
    });
    const evidence = await this.analytics.surgeEvidence(wanted, now);
    found.forEach((c, i) => (c.evidenceTicketIds = evidence[i]!));
    return found;
  }

  private async quality(now: Date): Promise<WarningCandidate[]> {
    const since = new Date(now.getTime() - WARNING_RULES.quality.windowMs);
    const [counts, bad] = await Promise.all([this.analytics.departmentCounts(SYSTEM_ACTOR, since, now, now), this.store.badTickets(since)]);
    return detectDepartmentQuality(
      counts.map((c) => ({ departmentId: c.departmentId, rated: c.rated, dissatisfied: c.dissatisfied, replied: c.replied, reopened: c.reopened, badTicketIds: bad.get(c.departmentId) ?? [] })),
      this.labels,
    );
  }

  private async proactive(now: Date): Promise<WarningCandidate[]> {
    const out: WarningCandidate[] = [];
    for (const p of upcomingSeasons(now)) {
      const rows = await this.store.seasonalRequests(earlierPeriods(p), p.season.pattern);
      out.push(...detectProactive(p, rows, this.labels));
    }
    return out;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.removeListener?.();
    if (this.debounce) clearTimeout(this.debounce);
    if (this.schedule) clearInterval(this.schedule);
    if (this.surgeLater) clearTimeout(this.surgeLater);
    await this.chain;
  }
}
