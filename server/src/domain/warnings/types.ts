import type { WarningKind, WarningSeverity } from "@cityops/schema/vocabulary";

// Types only from the schema package: the domain stays free of drizzle at run time.
const ORDER: readonly WarningSeverity[] = ["info", "low", "medium", "high", "critical"];

/**
 * What a detector found: one condition in one scope. The engine turns candidates into warnings,
 * one open warning per (kind, scopeKey), so the key must name the place/subject and nothing that
 * changes while the condition grows (no counts, no times).
 */
export interface WarningCandidate {
  kind: WarningKind;
  scopeKey: string;
  /** Shown to people and filtered on; never personal data (phone numbers are masked). */
  scope: Record<string, unknown>;
  severity: WarningSeverity;
  title: string;
  detail: string;
  evidenceTicketIds: number[];
  count: number;
  /** The unit the warning is addressed to, when there is one. */
  departmentId: number | null;
}

/** info < low < medium < high < critical */
export function severityRank(s: WarningSeverity): number {
  return ORDER.indexOf(s);
}

export function maxSeverity(a: WarningSeverity, b: WarningSeverity): WarningSeverity {
  return severityRank(a) >= severityRank(b) ? a : b;
}

/** Names the detectors put into titles; the engine supplies them from reference data. */
export interface Labels {
  region(id: number): string;
  domain(code: string): string;
  department(id: number): string;
}

/** The highest rung whose threshold the value reaches; `ladder` is ordered by threshold ascending. */
export function ladder(value: number, rungs: readonly (readonly [number, WarningSeverity])[]): WarningSeverity | null {
  let out: WarningSeverity | null = null;
  for (const [threshold, severity] of rungs) if (value >= threshold) out = severity;
  return out;
}

/** Newest first, unique, at most `cap`: evidence lists stay readable and bounded. */
export function evidenceList(ids: Iterable<number>, cap = EVIDENCE_CAP): number[] {
  return [...new Set(ids)].sort((a, b) => b - a).slice(0, cap);
}

export const EVIDENCE_CAP = 200;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * Every threshold of the detectors, in one place. Chosen against the 90-day demo history (see the
 * false-positive test in test/unit/warnings.test.ts) and the seed's own figures.
 */
export const WARNING_RULES = {
  repeat: {
    /** Same caller (phone) or same address, same matter, within this window. */
    windowMs: 30 * DAY,
    /** Requests needed for each severity; the first rung raises the warning. */
    callerLadder: [[3, "low"], [4, "medium"], [6, "high"], [10, "critical"]] as const,
    // An address is shared by neighbours and usually names only the estate: it takes more.
    addressLadder: [[4, "low"], [6, "medium"], [10, "high"], [20, "critical"]] as const,
  },
  collective: {
    windowMs: 24 * HOUR,
    /** Distinct callers on one matter in one grid cell. */
    ladder: [[5, "medium"], [10, "high"], [20, "critical"]] as const,
  },
  surge: {
    /** Previous weeks that form the same-hour-of-week baseline. */
    baselineWeeks: 8,
    windows: [
      { name: "hour", ms: HOUR, minCount: { grid_cell: 8, community: 10, street: 15 } },
      { name: "day", ms: DAY, minCount: { grid_cell: 15, community: 25, street: 40 } },
    ],
    /** Poisson upper-tail probability below which a count is a surge (about 4.3 sigma). */
    alpha: 1e-5,
    /** And at least this many times the baseline. */
    minRatio: 3,
    /** A sparse baseline is not taken as "never happens": expected counts are at least this. */
    minExpected: { hour: 0.5, day: 2 },
    /** A parent area whose count is mostly its surging children's is not raised again. */
    childShare: 0.6,
  },
  deadlines: {
    dueSoonMs: 4 * HOUR,
    overdueLadder: [[1, "low"], [3, "medium"], [10, "high"], [30, "critical"]] as const,
    /** Any ticket this late makes the department's overdue warning at least high. */
    longOverdueMs: 3 * DAY,
    dueSoonLadder: [[1, "info"], [5, "low"], [15, "medium"]] as const,
  },
  quality: {
    windowMs: 30 * DAY,
    /** Rates are judged only on enough tickets. */
    minRated: 20,
    minReplied: 20,
    dissatisfactionRate: 0.3,
    reopenRate: 0.2,
    /** A rate this many times its threshold is high severity. */
    highFactor: 1.5,
  },
  proactive: {
    /** Lists are prepared this long before a season opens, and until it has run this long. */
    leadMs: 30 * DAY,
    graceMs: 15 * DAY,
    /** Earlier years looked at. */
    years: 3,
    /** A place is listed when its seasonal requests recurred in this many earlier years… */
    minYears: 2,
    /** …or reached this many in one earlier season. */
    minCountOneYear: 5,
  },
} as const;

export type SurgeWindowName = (typeof WARNING_RULES.surge.windows)[number]["name"];
