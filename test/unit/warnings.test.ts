import { describe, expect, it } from "vitest";
import type { RegionLevel } from "@cityops/schema";
import { detectSurges, expectedCount, poissonUpperTail, testSurge, type SurgeObservation } from "../../server/src/domain/warnings/surge.js";
import { detectCollective, detectRepeats, normalizePhone, type RequestFacts } from "../../server/src/domain/warnings/repeat.js";
import { detectDeadlines } from "../../server/src/domain/warnings/deadlines.js";
import { detectDepartmentQuality } from "../../server/src/domain/warnings/quality.js";
import { detectProactive, earlierPeriods, SEASONS, seasonPeriod, upcomingSeasons } from "../../server/src/domain/warnings/proactive.js";
import { planChange, type StoredWarning } from "../../server/src/domain/warnings/merge.js";
import { WARNING_RULES, type Labels, type WarningCandidate } from "../../server/src/domain/warnings/types.js";
import { generateDemoData } from "../../server/src/seed/seed.js";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;
const now = new Date("2026-07-15T02:30:00Z");
const labels: Labels = { region: (id) => `区域${id}`, domain: (d) => d, department: (id) => `单位${id}` };

const obs = (over: Partial<SurgeObservation>): SurgeObservation => ({
  level: "grid_cell",
  regionId: 10,
  communityId: 2,
  streetId: 1,
  domain: "URBAN_RURAL_CONSTRUCTION",
  window: "hour",
  windowMs: HOUR,
  observed: 0,
  ticketIds: [],
  history: [0, 1, 0, 0, 1, 0, 0, 0],
  historySpanMs: 2 * HOUR,
  ...over,
});

describe("surge detector", () => {
  it("computes the Poisson upper tail", () => {
    // P(X >= 1 | 1) = 1 - e^-1; P(X >= 3 | 0.5) from the series; P(X >= 0) = 1.
    expect(poissonUpperTail(1, 1)).toBeCloseTo(1 - Math.exp(-1), 10);
    const p3 = 1 - Math.exp(-0.5) * (1 + 0.5 + 0.125);
    expect(poissonUpperTail(3, 0.5)).toBeCloseTo(p3, 10);
    expect(poissonUpperTail(0, 3)).toBe(1);
    expect(poissonUpperTail(25, 0.5)).toBeLessThan(1e-20);
    expect(poissonUpperTail(5, 10)).toBeGreaterThan(0.9);
  });

  it("agrees with the tail summed term by term in log space, for storm-sized counts too", () => {
    const logFact = (n: number) => {
      let s = 0;
      for (let i = 2; i <= n; i++) s += Math.log(i);
      return s;
    };
    const reference = (k: number, lambda: number) => {
      let sum = 0;
      let lf = logFact(k);
      for (let i = k; i < k + 20_000; i++) {
        sum += Math.exp(-lambda + i * Math.log(lambda) - lf);
        lf += Math.log(i + 1);
      }
      return sum;
    };
    for (const [k, lambda] of [[4, 1], [12, 3.5], [60, 20], [150, 100], [400, 120], [1800, 1500], [3000, 40]] as const) {
      const want = reference(k, lambda);
      const got = poissonUpperTail(k, lambda);
      if (want === 0) expect(got).toBe(0);
      else expect(Math.abs(got - want) / want, `k ${k}, λ ${lambda}`).toBeLessThan(1e-9);
    }
  });

  it("scales the baseline to the window and floors a sparse one", () => {
    expect(expectedCount(obs({ history: [4, 4], historySpanMs: 2 * HOUR }))).toBe(2);
    expect(expectedCount(obs({ history: [] }))).toBe(WARNING_RULES.surge.minExpected.hour);
    expect(expectedCount(obs({ history: [0, 0, 0] }))).toBe(WARNING_RULES.surge.minExpected.hour);
  });

  it("needs a minimum count, a tiny tail probability and a ratio to the baseline", () => {
    const min = WARNING_RULES.surge.windows[0].minCount.grid_cell;
    expect(testSurge(obs({ observed: min - 1 }))).toBeNull();
    expect(testSurge(obs({ observed: min }))?.severity).toBe("medium");
    expect(testSurge(obs({ observed: 2 * min }))?.severity).toBe("high");
    expect(testSurge(obs({ observed: 4 * min }))?.severity).toBe("critical");
    // A busy place at its usual level is no surge, however many tickets it has.
    expect(testSurge(obs({ level: "street", observed: 40, history: [70, 80, 75, 72], historySpanMs: 2 * HOUR }))).toBeNull();
    // Nor is a modest rise over a real baseline.
    expect(testSurge(obs({ level: "street", observed: 30, history: [24, 26, 22, 20], historySpanMs: 2 * HOUR }))).toBeNull();
  });

  it("raises a cell once and not again for its community and street when the cell explains them", () => {
    const cell = obs({ observed: 25, ticketIds: [1, 2, 3] });
    const community = obs({ level: "community", regionId: 2, communityId: 2, observed: 27 });
    const street = obs({ level: "street", regionId: 1, communityId: null, observed: 30, history: [2, 2, 3, 2] });
    const found = detectSurges([cell, community, street], labels);
    expect(found.map((c) => c.scopeKey)).toEqual(["grid_cell:10:URBAN_RURAL_CONSTRUCTION"]);
    expect(found[0]!.evidenceTicketIds).toEqual([3, 2, 1]);
    expect(found[0]!.scope).toMatchObject({ level: "grid_cell", regionId: 10, window: "hour" });
    // A street-wide surge spread over many cells is raised at street level.
    const spread = detectSurges([obs({ level: "street", regionId: 1, communityId: null, observed: 40, history: [2, 3, 2, 2] })], labels);
    expect(spread.map((c) => c.scopeKey)).toEqual(["street:1:URBAN_RURAL_CONSTRUCTION"]);
  });

  it("keeps the stronger of the hour and day windows for one scope", () => {
    const found = detectSurges([obs({ observed: 9 }), obs({ window: "day", windowMs: DAY, observed: 70, history: [3, 4, 2], historySpanMs: 25 * HOUR })], labels);
    expect(found).toHaveLength(1);
    expect(found[0]!.severity).toBe("critical");
    expect(found[0]!.scope.window).toBe("day");
  });

  it("replays 90 days of demo history: both rainstorms trigger, ordinary days raise nothing", () => {
    const end = new Date("2026-11-28T00:00:00Z");
    const data = generateDemoData({ now: end, days: 90, ticketsPerYear: 150_000 });
    const history = data.generated.tickets
      .filter((t) => t.grid_cell_id !== null)
      .map((t) => ({ at: Date.parse(String(t.received_at)), cell: Number(t.grid_cell_id), community: Number(t.community_id), street: Number(t.street_id), domain: String(t.domain) }));
    const hits = backtestSurges(history, end.getTime() - 89 * DAY, end.getTime());
    const storms = data.generated.storms;
    expect(storms.length).toBe(2);
    // A storm's calls run on for hours after the rain, and a day window remembers them for a day.
    const stormTime = (t: number) => storms.some((s) => t >= s.start && t <= s.end + 30 * HOUR);
    const falsePositives = new Set(hits.filter((h) => !stormTime(h.at)).map((h) => `${h.scopeKey}@${new Date(h.at + 8 * HOUR).toISOString().slice(0, 10)}`));
    console.log(`surge backtest: ${hits.length} detections at 10-minute steps, false positives on ordinary days: ${falsePositives.size}`);
    expect([...falsePositives]).toEqual([]);
    for (const s of storms) expect(hits.some((h) => h.at >= s.start && h.at <= s.end + 6 * HOUR)).toBe(true);
  }, 120_000);
});

const req = (id: number, over: Partial<RequestFacts> = {}): RequestFacts => ({
  id,
  receivedAt: new Date(now.getTime() - id * HOUR),
  phone: null,
  address: null,
  matterKey: "M00001",
  matterName: "路面积水",
  gridCellId: 10,
  departmentId: 7,
  ...over,
});

describe("repeat and collective detectors", () => {
  it("normalises phone numbers", () => {
    expect(normalizePhone("+86 138-1234-5678")).toBe("13812345678");
    expect(normalizePhone("138 1234 5678")).toBe("13812345678");
    expect(normalizePhone("12")).toBeNull();
  });

  it("raises a repeat for one caller on one matter from the third request, escalating with more", () => {
    const calls = (n: number) => Array.from({ length: n }, (_, i) => req(i + 1, { phone: i % 2 ? "13812345678" : "+86 138 1234 5678" }));
    expect(detectRepeats(calls(2), now)).toEqual([]);
    expect(detectRepeats(calls(3), now)[0]!.severity).toBe("low");
    const four = detectRepeats(calls(4), now);
    expect(four).toHaveLength(1);
    expect(four[0]).toMatchObject({ kind: "repeat", severity: "medium", count: 4, departmentId: 7 });
    expect(four[0]!.scope).toMatchObject({ by: "caller", phoneMasked: "138****5678", matterKey: "M00001" });
    // The key never holds the number itself.
    expect(four[0]!.scopeKey).not.toContain("13812345678");
    expect(four[0]!.evidenceTicketIds).toEqual([4, 3, 2, 1]);
  });

  it("ignores other matters, requests outside the window and requests without a matter", () => {
    const rows = [
      req(1, { phone: "13812345678" }),
      req(2, { phone: "13812345678", matterKey: "M00002" }),
      req(3, { phone: "13812345678", receivedAt: new Date(now.getTime() - 31 * DAY) }),
      req(4, { phone: "13812345678", matterKey: null }),
      req(5, { phone: "13812345678" }),
    ];
    expect(detectRepeats(rows, now)).toEqual([]);
  });

  it("needs more requests from one address than from one caller", () => {
    const rows = (n: number) => Array.from({ length: n }, (_, i) => req(i + 1, { address: "古现街道安居社区名都湾 3号楼" }));
    expect(detectRepeats(rows(3), now)).toEqual([]);
    expect(detectRepeats(rows(4), now)[0]!.scope).toMatchObject({ by: "address" });
  });

  it("raises a collective request for distinct callers on one matter in one cell within a day", () => {
    const rows = Array.from({ length: 6 }, (_, i) => req(i + 1, { phone: `1390000000${i}`, receivedAt: new Date(now.getTime() - i * 60_000) }));
    const same = Array.from({ length: 6 }, (_, i) => req(i + 10, { phone: "13900000000" }));
    expect(detectCollective(same, now, labels)).toEqual([]);
    const found = detectCollective([...rows, req(20, { phone: null })], now, labels);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ kind: "collective", severity: "medium", count: 6, scopeKey: "10:M00001" });
    expect(found[0]!.evidenceTicketIds).toContain(20);
    const old = rows.map((r) => ({ ...r, receivedAt: new Date(now.getTime() - 2 * DAY) }));
    expect(detectCollective(old, now, labels)).toEqual([]);
  });
});

describe("deadline, quality and proactive detectors", () => {
  it("groups overdue and due-soon tickets per department with severity by count and lateness", () => {
    const held = [
      { id: 1, departmentId: 7, dueAt: new Date(now.getTime() - HOUR) },
      { id: 2, departmentId: 7, dueAt: new Date(now.getTime() - 2 * HOUR) },
      { id: 3, departmentId: 7, dueAt: new Date(now.getTime() + HOUR) },
      { id: 4, departmentId: 8, dueAt: new Date(now.getTime() - 4 * DAY) },
      { id: 5, departmentId: 8, dueAt: new Date(now.getTime() + 10 * HOUR) },
    ];
    const found = detectDeadlines(held, now, labels);
    const by = (k: string, d: number) => found.find((c) => c.kind === k && c.departmentId === d);
    expect(by("overdue", 7)).toMatchObject({ severity: "low", count: 2, evidenceTicketIds: [2, 1] });
    expect(by("due_soon", 7)).toMatchObject({ severity: "info", count: 1, evidenceTicketIds: [3] });
    expect(by("overdue", 8)).toMatchObject({ severity: "high", count: 1 });
    expect(by("due_soon", 8)).toBeUndefined();
  });

  it("warns on a department's rates only above the threshold and with enough tickets", () => {
    const base = { departmentId: 7, rated: 100, dissatisfied: 10, replied: 100, reopened: 5, badTicketIds: [1, 2] };
    expect(detectDepartmentQuality([base], labels)).toEqual([]);
    expect(detectDepartmentQuality([{ ...base, dissatisfied: 31 }], labels)[0]).toMatchObject({ kind: "department_quality", severity: "medium", departmentId: 7 });
    expect(detectDepartmentQuality([{ ...base, reopened: 31 }], labels)[0]!.severity).toBe("high");
    expect(detectDepartmentQuality([{ ...base, rated: 10, dissatisfied: 9 }], labels)).toEqual([]);
  });

  it("knows when a season is coming and which earlier seasons to look at", () => {
    const may = upcomingSeasons(new Date("2027-05-10T00:00:00Z"));
    expect(may.map((p) => `${p.season.code}:${p.year}`)).toEqual(["flood:2027"]);
    expect(upcomingSeasons(new Date("2027-03-01T00:00:00Z"))).toEqual([]);
    expect(upcomingSeasons(new Date("2026-11-20T00:00:00Z")).map((p) => p.season.code)).toEqual(["heating"]);
    const heating = seasonPeriod(SEASONS.find((s) => s.code === "heating")!, 2025);
    expect(heating.from.toISOString()).toBe("2025-11-14T16:00:00.000Z");
    expect(heating.to.toISOString()).toBe("2026-03-15T16:00:00.000Z");
    expect(earlierPeriods(may[0]!).map((p) => p.year)).toEqual([2026, 2025, 2024]);
  });

  it("lists places with recurring seasonal requests per responsible department", () => {
    const flood = upcomingSeasons(new Date("2027-05-10T00:00:00Z"))[0]!;
    const rows = [
      { id: 1, seasonYear: 2026, gridCellId: 10, departmentId: 7 },
      { id: 2, seasonYear: 2025, gridCellId: 10, departmentId: 7 },
      { id: 3, seasonYear: 2026, gridCellId: 11, departmentId: 7 },
      ...Array.from({ length: 5 }, (_, i) => ({ id: 10 + i, seasonYear: 2026, gridCellId: 12, departmentId: 8 })),
    ];
    const found = detectProactive(flood, rows, labels);
    expect(found.map((c) => c.scopeKey).sort()).toEqual(["flood:2027:department:7", "flood:2027:department:8"]);
    const d7 = found.find((c) => c.departmentId === 7)!;
    expect(d7).toMatchObject({ kind: "proactive", count: 1, evidenceTicketIds: [2, 1] });
    expect((d7.scope.places as { regionId: number; years: number[] }[])[0]).toMatchObject({ regionId: 10, years: [2025, 2026] });
  });
});

describe("deduplication and escalation", () => {
  const cand = (over: Partial<WarningCandidate> = {}): WarningCandidate => ({
    kind: "surge",
    scopeKey: "grid_cell:10:URBAN_RURAL_CONSTRUCTION",
    scope: {},
    severity: "medium",
    title: "",
    detail: "",
    evidenceTicketIds: [3, 2, 1],
    count: 3,
    departmentId: null,
    ...over,
  });
  const open: StoredWarning = { id: 1, severity: "medium", evidenceTicketIds: [3, 2, 1], count: 3, resolvedAt: null };

  it("raises a new condition, ignores the same one and grows a growing one", () => {
    expect(planChange(cand(), null, null, now).action).toBe("raise");
    expect(planChange(cand(), open, null, now).action).toBe("none");
    const grown = planChange(cand({ evidenceTicketIds: [4], count: 4 }), open, null, now);
    expect(grown).toEqual({ action: "update", severity: "medium", evidenceTicketIds: [4, 3, 2, 1], count: 4, escalated: false });
    const worse = planChange(cand({ severity: "critical", evidenceTicketIds: [5], count: 25 }), open, null, now);
    expect(worse).toMatchObject({ action: "update", severity: "critical", escalated: true });
    // Never de-escalates while open.
    expect(planChange(cand({ severity: "low", evidenceTicketIds: [6], count: 4 }), { ...open, severity: "high" }, null, now)).toMatchObject({ severity: "high", escalated: false });
  });

  it("replaces the evidence of state warnings instead of accumulating it", () => {
    const c = cand({ kind: "overdue", evidenceTicketIds: [9], count: 1, severity: "low" });
    expect(planChange(c, open, null, now)).toMatchObject({ action: "update", evidenceTicketIds: [9], count: 1, severity: "medium" });
  });

  it("does not raise again what people resolved, until new evidence comes", () => {
    const resolved = { ...open, resolvedAt: new Date(now.getTime() - HOUR) };
    expect(planChange(cand(), null, resolved, now).action).toBe("none");
    expect(planChange(cand({ evidenceTicketIds: [4, 3] }), null, resolved, now).action).toBe("raise");
    const q = cand({ kind: "department_quality", evidenceTicketIds: [99] });
    expect(planChange(q, null, resolved, now).action).toBe("none");
    expect(planChange(q, null, { ...resolved, resolvedAt: new Date(now.getTime() - 8 * DAY) }, now).action).toBe("raise");
  });
});

// ——— the surge backtest: the detector as the engine runs it, over generated history ———

interface HistoryTicket {
  at: number;
  cell: number;
  community: number;
  street: number;
  domain: string;
}

/** Sliding windows of exact ticket times every `stepMs`, baselines from hourly buckets of earlier weeks (as analytics.store.ts reads them). */
function backtestSurges(tickets: readonly HistoryTicket[], from: number, to: number, stepMs = 10 * 60_000) {
  const rules = WARNING_RULES.surge;
  const [hourSpec, daySpec] = [rules.windows[0], rules.windows[1]];
  const firstHour = Math.floor(Math.min(...tickets.map((t) => t.at)) / HOUR) * HOUR;
  const nHours = Math.ceil((to - firstHour) / HOUR) + 2;
  interface Group {
    level: RegionLevel;
    id: number;
    community: number | null;
    street: number;
    domain: string;
    times: number[];
    hourly: Int32Array;
  }
  const groups = new Map<string, Group>();
  const add = (level: RegionLevel, id: number, community: number | null, t: HistoryTicket) => {
    const key = `${level}:${id}:${t.domain}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { level, id, community, street: t.street, domain: t.domain, times: [], hourly: new Int32Array(nHours) }));
    g.times.push(t.at);
    g.hourly[Math.floor((t.at - firstHour) / HOUR)]!++;
  };
  for (const t of tickets) {
    add("grid_cell", t.cell, t.community, t);
    add("community", t.community, t.community, t);
    add("street", t.street, null, t);
  }
  const live = [...groups.values()].filter((g) => g.times.length >= Math.min(hourSpec.minCount[g.level], daySpec.minCount[g.level]));
  for (const g of live) g.times.sort((a, b) => a - b);
  const sumHours = (g: Group, a: number, b: number) => {
    let s = 0;
    for (let i = Math.max(0, (a - firstHour) / HOUR); i < Math.min(nHours, (b - firstHour) / HOUR); i++) s += g.hourly[i]!;
    return s;
  };
  const countIn = (times: number[], a: number, b: number) => lowerBound(times, b) - lowerBound(times, a);
  const hits: { at: number; scopeKey: string }[] = [];
  for (let t = from; t < to; t += stepMs) {
    const end = Math.ceil(t / HOUR) * HOUR;
    const hourFrom = Math.floor((t - hourSpec.ms) / HOUR) * HOUR;
    const dayFrom = Math.floor((t - daySpec.ms) / HOUR) * HOUR;
    let weeks = 0;
    while (weeks < rules.baselineWeeks && dayFrom - (weeks + 1) * WEEK >= firstHour) weeks++;
    const back = Array.from({ length: weeks }, (_, i) => (i + 1) * WEEK);
    const observations: SurgeObservation[] = [];
    for (const g of live) {
      const h = countIn(g.times, t - hourSpec.ms, t);
      const n = countIn(g.times, t - daySpec.ms, t);
      if (h < hourSpec.minCount[g.level] && n < daySpec.minCount[g.level]) continue;
      const base = { level: g.level, regionId: g.id, communityId: g.community, streetId: g.street, domain: g.domain, ticketIds: [] };
      observations.push({ ...base, window: "hour", windowMs: hourSpec.ms, observed: h, history: back.map((w) => sumHours(g, hourFrom - w, end - w)), historySpanMs: end - hourFrom });
      observations.push({ ...base, window: "day", windowMs: daySpec.ms, observed: n, history: back.map((w) => sumHours(g, dayFrom - w, end - w)), historySpanMs: end - dayFrom });
    }
    for (const c of detectSurges(observations, labels)) hits.push({ at: t, scopeKey: c.scopeKey });
  }
  return hits;
}

function lowerBound(xs: number[], v: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (xs[mid]! < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
