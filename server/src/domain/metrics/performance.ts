/**
 * Performance figures (办理绩效) from plain counts. The store counts; this file says what each rate
 * means, so the overview, department metrics, the quality detector and reports agree on one
 * definition. docs/design/metrics.md documents the same.
 */

/** A department must accept (签收) within this many hours of dispatch for the response to count. */
export const RESPONSE_LIMIT_HOURS = 24;

/** Counts over a set of tickets (a cohort) and the dispatch/return events of a period. */
export interface OutcomeCounts {
  /** Tickets in the cohort. */
  tickets: number;
  /** Dispatch events in the period (to the department, for department metrics). */
  dispatches: number;
  /** Return (退单) events in the period (by the department). */
  returns: number;
  /** Dispatched tickets whose response is due: accepted already, or dispatched ≥ RESPONSE_LIMIT_HOURS ago. */
  responseDue: number;
  /** Accepted within RESPONSE_LIMIT_HOURS of dispatch. */
  responded: number;
  /** Tickets the department has answered (replied_at set). */
  replied: number;
  /** Replied tickets plus tickets still held past their due time: those judged for timeliness. */
  onTimeDue: number;
  /** Replied no later than due. */
  onTime: number;
  /** Replied tickets with a dispatch time: the basis of the average handling time. */
  handled: number;
  /** Sum over `handled` of reply minus dispatch, in hours. */
  handlingHours: number;
  closed: number;
  /** Closed and not rated dissatisfied. */
  resolved: number;
  /** With a callback satisfaction. */
  rated: number;
  /** Satisfied or basically satisfied. */
  satisfied: number;
  dissatisfied: number;
  /** Replied tickets that were reopened (重办) at least once. */
  reopened: number;
  /** Still held by a department and past due now. */
  overdueOpen: number;
}

export const ZERO_COUNTS: OutcomeCounts = {
  tickets: 0,
  dispatches: 0,
  returns: 0,
  responseDue: 0,
  responded: 0,
  replied: 0,
  onTimeDue: 0,
  onTime: 0,
  handled: 0,
  handlingHours: 0,
  closed: 0,
  resolved: 0,
  rated: 0,
  satisfied: 0,
  dissatisfied: 0,
  reopened: 0,
  overdueOpen: 0,
};

export interface Rates {
  /** 响应率 */
  responseRate: number | null;
  /** 按时办结率 */
  onTimeClosureRate: number | null;
  /** 平均办理时长（天） */
  avgHandlingDays: number | null;
  /** 解决率 */
  resolutionRate: number | null;
  /** 满意率 */
  satisfactionRate: number | null;
  /** 不满意率 */
  dissatisfactionRate: number | null;
  /** 重办率 */
  reopenRate: number | null;
  /** 退单率 */
  returnRate: number | null;
}

/** A share with four decimals, or null when there is nothing to divide by. */
export function ratio(num: number, den: number): number | null {
  return den > 0 ? Math.round((num / den) * 10_000) / 10_000 : null;
}

export function rates(c: OutcomeCounts): Rates {
  return {
    responseRate: ratio(c.responded, c.responseDue),
    onTimeClosureRate: ratio(c.onTime, c.onTimeDue),
    avgHandlingDays: c.handled > 0 ? Math.round((c.handlingHours / c.handled / 24) * 100) / 100 : null,
    resolutionRate: ratio(c.resolved, c.closed),
    satisfactionRate: ratio(c.satisfied, c.rated),
    dissatisfactionRate: ratio(c.dissatisfied, c.rated),
    reopenRate: ratio(c.reopened, c.replied),
    returnRate: ratio(c.returns, c.dispatches),
  };
}

/**
 * The assessment (考核) of a department: a weighted score of its rates out of 100, minus points
 * per dissatisfied, reopened and overdue ticket, capped. Change the numbers here only; the
 * architecture page explains them.
 */
export const ASSESSMENT = {
  weights: { responseRate: 15, onTimeClosureRate: 25, resolutionRate: 25, satisfactionRate: 35 },
  deductions: { perDissatisfied: 0.1, perReopened: 0.05, perOverdueOpen: 0.1, cap: 20 },
} as const;

export interface Assessment {
  /** 0–100, or null when no weighted rate can be computed. */
  score: number | null;
  /** The weighted part before deductions. */
  base: number | null;
  deduction: number;
}

const round2 = (x: number) => Math.round(x * 100) / 100;

export function assess(c: OutcomeCounts, r: Rates = rates(c), spec: typeof ASSESSMENT = ASSESSMENT): Assessment {
  let weight = 0;
  let sum = 0;
  for (const [key, w] of Object.entries(spec.weights) as [keyof typeof spec.weights, number][]) {
    const v = r[key];
    if (v === null) continue;
    weight += w;
    sum += w * v;
  }
  const d = spec.deductions;
  const deduction = round2(Math.min(d.cap, c.dissatisfied * d.perDissatisfied + c.reopened * d.perReopened + c.overdueOpen * d.perOverdueOpen));
  if (weight === 0) return { score: null, base: null, deduction };
  // Rates missing for lack of data do not count against the department: the weights re-normalise.
  const base = round2((100 * sum) / weight);
  return { score: round2(Math.max(0, base - deduction)), base, deduction };
}
