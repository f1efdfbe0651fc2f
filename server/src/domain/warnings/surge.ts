import { REGION_LEVEL_LABELS, type RegionLevel, type WarningSeverity } from "@cityops/schema/vocabulary";
import { evidenceList, severityRank, WARNING_RULES, type Labels, type SurgeWindowName, type WarningCandidate } from "./types.js";

/** One area × domain × window: the count now and the same window in earlier weeks. */
export interface SurgeObservation {
  level: RegionLevel;
  regionId: number;
  /** Ancestors, for not raising a community again for a surge of one of its cells. */
  communityId: number | null;
  streetId: number | null;
  domain: string;
  window: SurgeWindowName;
  windowMs: number;
  observed: number;
  ticketIds: number[];
  /**
   * Counts of the same hour-of-week span in each earlier week that has data. The span covers
   * `historySpanMs` (whole rollup hours around the window), so the expected count is scaled to
   * the window's length.
   */
  history: number[];
  historySpanMs: number;
}

export interface SurgeFinding {
  observation: SurgeObservation;
  expected: number;
  pValue: number;
  severity: WarningSeverity;
}

/** P(X ≥ k) for X ~ Poisson(λ), summed in log space from k upwards (k is far above λ here). */
export function poissonUpperTail(k: number, lambda: number): number {
  if (k <= 0) return 1;
  if (lambda <= 0) return 0;
  if (k <= lambda) {
    // Below the mean the tail is large; 1 − P(X < k) is accurate enough there.
    let term = Math.exp(-lambda);
    let below = 0;
    for (let i = 0; i < k; i++) {
      below += term;
      term *= lambda / (i + 1);
    }
    return Math.max(0, Math.min(1, 1 - below));
  }
  // The first term in log space (it can be far below the smallest double's exponent otherwise),
  // then each next one by P(i + 1) = P(i)·λ/(i + 1): a storm tests thousands of areas in one run,
  // on the event loop that delivers to subscribers, and an exp and two logs per term cost ~10× more.
  let term = Math.exp(-lambda + k * Math.log(lambda) - logFactorial(k));
  let sum = 0;
  for (let i = k; i < k + 10_000; i++) {
    sum += term;
    if (term < sum * 1e-12 || term === 0) break;
    term *= lambda / (i + 1);
  }
  return Math.min(1, sum);
}

/** log(n!) for every n asked so far: a storm tests a thousand areas a second with counts in the hundreds. */
const LOG_FACTORIALS: number[] = [0, 0];

function logFactorial(n: number): number {
  if (n > 1_000_000) {
    let s = LOG_FACTORIALS.at(-1)!;
    for (let i = LOG_FACTORIALS.length; i <= n; i++) s += Math.log(i);
    return s;
  }
  for (let i = LOG_FACTORIALS.length; i <= n; i++) LOG_FACTORIALS.push(LOG_FACTORIALS[i - 1]! + Math.log(i));
  return LOG_FACTORIALS[n]!;
}

/** Expected count in the window from its own history, floored so that sparse data is not "never". */
export function expectedCount(o: Pick<SurgeObservation, "history" | "historySpanMs" | "windowMs" | "window">): number {
  const floor = WARNING_RULES.surge.minExpected[o.window];
  if (o.history.length === 0) return floor;
  const mean = o.history.reduce((a, b) => a + b, 0) / o.history.length;
  return Math.max(floor, (mean * o.windowMs) / Math.max(o.historySpanMs, o.windowMs));
}

/** Tests one observation: a minimum count, a Poisson tail probability and a ratio to the baseline. */
export function testSurge(o: SurgeObservation): SurgeFinding | null {
  const rules = WARNING_RULES.surge;
  const spec = rules.windows.find((w) => w.name === o.window);
  if (!spec) return null;
  const min = spec.minCount[o.level];
  if (o.observed < min) return null;
  const expected = expectedCount(o);
  if (o.observed < rules.minRatio * expected) return null;
  const pValue = poissonUpperTail(o.observed, expected);
  if (pValue >= rules.alpha) return null;
  const severity: WarningSeverity = o.observed >= 4 * min ? "critical" : o.observed >= 2 * min ? "high" : "medium";
  return { observation: o, expected, pValue, severity };
}

const WINDOW_ZH: Record<SurgeWindowName, string> = { hour: "近1小时", day: "近24小时" };

/**
 * Surges among the observations: each area × domain once (the stronger window wins), and a
 * community or street only when its surge is not mostly that of its surging cells.
 */
export function detectSurges(observations: readonly SurgeObservation[], labels: Labels): WarningCandidate[] {
  const found = observations.map(testSurge).filter((f): f is SurgeFinding => f !== null);
  const key = (f: SurgeFinding) => `${f.observation.level}:${f.observation.regionId}:${f.observation.domain}`;
  const best = new Map<string, SurgeFinding>();
  for (const f of found) {
    const prev = best.get(key(f));
    if (!prev || stronger(f, prev)) best.set(key(f), f);
  }
  const passing = [...best.values()];
  const share = WARNING_RULES.surge.childShare;
  // What the finer levels already explain, per ancestor, domain and window: summed once (a storm
  // finds thousands of cells, and asking every ancestor about every finding was quadratic).
  const explained = new Map<string, number>();
  const add = (childLevel: RegionLevel, ancestorId: number | null, o: SurgeObservation) => {
    if (ancestorId === null) return;
    const k = `${childLevel}|${ancestorId}|${o.domain}|${o.window}`;
    explained.set(k, (explained.get(k) ?? 0) + o.observed);
  };
  for (const { observation: o } of found) {
    if (o.level === "grid_cell") add("grid_cell", o.communityId, o);
    if (o.level !== "street") add(o.level, o.streetId, o);
  }
  const sumOf = (childLevel: RegionLevel, o: SurgeObservation) => explained.get(`${childLevel}|${o.regionId}|${o.domain}|${o.window}`) ?? 0;
  const covered = (f: SurgeFinding) => {
    const o = f.observation;
    return o.level === "community" ? sumOf("grid_cell", o) : Math.max(sumOf("grid_cell", o), sumOf("community", o));
  };
  return passing
    .filter((f) => f.observation.level === "grid_cell" || covered(f) < share * f.observation.observed)
    .map((f) => toCandidate(f, labels));
}

function stronger(a: SurgeFinding, b: SurgeFinding): boolean {
  const r = severityRank(a.severity) - severityRank(b.severity);
  return r !== 0 ? r > 0 : a.pValue < b.pValue;
}

function toCandidate(f: SurgeFinding, labels: Labels): WarningCandidate {
  const o = f.observation;
  const place = labels.region(o.regionId);
  const domain = labels.domain(o.domain);
  const expected = Math.round(f.expected * 10) / 10;
  return {
    kind: "surge",
    scopeKey: `${o.level}:${o.regionId}:${o.domain}`,
    scope: { level: o.level, regionId: o.regionId, regionName: place, domain: o.domain, domainName: domain, window: o.window, expected },
    severity: f.severity,
    title: `${place}${domain}诉求激增`,
    detail:
      `${REGION_LEVEL_LABELS[o.level].zh}「${place}」${domain}类诉求${WINDOW_ZH[o.window]}${o.observed}件，` +
      `前${o.history.length}周同一时段平均约${expected}件，泊松检验 p=${f.pValue.toExponential(1)}。` +
      ` / ${o.observed} ${o.domain} requests in the last ${o.window} vs. about ${expected} expected.`,
    evidenceTicketIds: evidenceList(o.ticketIds),
    count: o.observed,
    departmentId: null,
  };
}
