import { domainLabel, type WarningKind } from "@cityops/schema/vocabulary";
import type { AnalyticsStore } from "../store/analytics.store.js";
import type { AppliedChange, WarningStore } from "../store/warning.store.js";
import type { ReferenceData } from "../store/reference.store.js";
import { SYSTEM_ACTOR } from "../domain/actor.js";
import { detectSurges } from "../domain/warnings/surge.js";
import { detectCollective, detectRepeats } from "../domain/warnings/repeat.js";
import { detectDeadlines } from "../domain/warnings/deadlines.js";
import { detectDepartmentQuality } from "../domain/warnings/quality.js";
import { detectProactive, earlierPeriods, upcomingSeasons } from "../domain/warnings/proactive.js";
import { WARNING_RULES, type Labels, type WarningCandidate } from "../domain/warnings/types.js";

/** Which detectors a run includes. Plain data: it crosses to the warning thread as it is. */
export interface RunScope {
  surge?: boolean;
  /** Repeat and collective, over all recent requests (true) or those like these. */
  requests?: boolean | { phones: string[]; addresses: string[]; cells: number[] };
  deadlines?: boolean;
  quality?: boolean;
  proactive?: boolean;
}

export const FULL_RUN: RunScope = { surge: true, requests: true, deadlines: true, quality: true, proactive: true };

/** Carries out runs: in this thread (`WarningRunner`) or on the warning thread (`ThreadRunner`). */
export interface Runner {
  run(scope: RunScope, now: Date): Promise<AppliedChange[]>;
  close(): Promise<void>;
}

/**
 * Lets the event loop take its pending I/O before the next step of a run. A runner in the hub's
 * thread shares the loop with subscriber delivery: in a storm one surge run read thousands of rows,
 * tested every area and planned hundreds of writes in one go, and every event due meanwhile waited
 * up to 100 ms.
 */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** One run: the pure detectors over what the stores read, then the store applies their candidates. */
export class WarningRunner implements Runner {
  constructor(
    private readonly store: WarningStore,
    private readonly analytics: AnalyticsStore,
    private readonly ref: ReferenceData,
  ) {}

  readonly labels: Labels = {
    region: (id) => this.ref.regions.get(id)?.name ?? `区域${id}`,
    domain: (code) => domainLabel(code).zh,
    department: (id) => this.ref.departments.get(id)?.name ?? `单位${id}`,
  };

  async run(scope: RunScope, now: Date): Promise<AppliedChange[]> {
    const { candidates, covered } = await this.detect(scope, now);
    await nextTurn();
    return this.store.apply(candidates, covered, now);
  }

  async close(): Promise<void> {}

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
}
