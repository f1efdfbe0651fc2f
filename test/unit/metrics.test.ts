import { describe, expect, it } from "vitest";
import { ASSESSMENT, assess, rates, ratio, ZERO_COUNTS, type OutcomeCounts } from "../../server/src/domain/metrics/performance.js";
import { bucketsBetween, bucketStart, checkWindow, localMonthStart, splitByDay, splitByHour, splitByMonth } from "../../server/src/domain/metrics/buckets.js";
import { DomainError } from "../../server/src/domain/errors.js";
import { periodZh, renderBulletin, renderPeriodReport, type PeriodData } from "../../server/src/domain/metrics/report.js";
import { drawChart } from "../../server/src/services/report-charts.js";

describe("time buckets in Beijing time", () => {
  it("starts days at local midnight and weeks on Monday", () => {
    // 2026-06-03 01:30 local (Wednesday) is 2026-06-02 17:30Z.
    const t = new Date("2026-06-02T17:30:00Z");
    expect(bucketStart(t, "hour").toISOString()).toBe("2026-06-02T17:00:00.000Z");
    expect(bucketStart(t, "day").toISOString()).toBe("2026-06-02T16:00:00.000Z");
    expect(bucketStart(t, "week").toISOString()).toBe("2026-05-31T16:00:00.000Z");
    // A Monday's own week starts that day.
    expect(bucketStart(new Date("2026-06-01T00:00:00Z"), "week").toISOString()).toBe("2026-05-31T16:00:00.000Z");
    // Sunday evening still belongs to the week before.
    expect(bucketStart(new Date("2026-05-31T15:59:00Z"), "week").toISOString()).toBe("2026-05-24T16:00:00.000Z");
  });

  it("enumerates buckets and refuses too many", () => {
    const from = new Date("2026-06-01T03:20:00Z");
    const to = new Date("2026-06-03T16:00:00Z");
    expect(bucketsBetween(from, to, "day", 100).map((d) => d.toISOString())).toEqual([
      "2026-05-31T16:00:00.000Z",
      "2026-06-01T16:00:00.000Z",
      "2026-06-02T16:00:00.000Z",
    ]);
    expect(() => bucketsBetween(from, to, "hour", 10)).toThrow(DomainError);
  });

  it("splits a window into whole hours and partial edges", () => {
    const s = splitByHour(new Date("2026-06-01T03:20:00Z"), new Date("2026-06-01T07:05:00Z"));
    expect(s.aligned).toEqual({ from: new Date("2026-06-01T04:00:00Z"), to: new Date("2026-06-01T07:00:00Z") });
    expect(s.edges).toEqual([
      { from: new Date("2026-06-01T03:20:00Z"), to: new Date("2026-06-01T04:00:00Z") },
      { from: new Date("2026-06-01T07:00:00Z"), to: new Date("2026-06-01T07:05:00Z") },
    ]);
    const inside = splitByHour(new Date("2026-06-01T03:20:00Z"), new Date("2026-06-01T03:50:00Z"));
    expect(inside.aligned).toBeNull();
    expect(splitByHour(new Date("2026-06-01T03:00:00Z"), new Date("2026-06-01T05:00:00Z")).edges).toEqual([]);
  });

  it("checks windows", () => {
    expect(() => checkWindow(new Date("2026-06-02"), new Date("2026-06-01"))).toThrow(/later than from/);
    expect(() => checkWindow(new Date("2010-01-01"), new Date("2026-06-01"))).toThrow(/longer than/);
  });
});

describe("performance rates and assessment", () => {
  const c: OutcomeCounts = {
    ...ZERO_COUNTS,
    tickets: 100,
    dispatches: 110,
    returns: 11,
    responseDue: 90,
    responded: 81,
    replied: 80,
    onTimeDue: 85,
    onTime: 68,
    handled: 80,
    handlingHours: 80 * 63.12,
    closed: 70,
    resolved: 63,
    rated: 70,
    satisfied: 63,
    dissatisfied: 7,
    reopened: 8,
    overdueOpen: 5,
  };

  it("divides the right counts, and says null rather than 0 when there is nothing to divide", () => {
    expect(rates(c)).toEqual({
      responseRate: 0.9,
      onTimeClosureRate: 0.8,
      avgHandlingDays: 2.63,
      resolutionRate: 0.9,
      satisfactionRate: 0.9,
      dissatisfactionRate: 0.1,
      reopenRate: 0.1,
      returnRate: 0.1,
    });
    expect(Object.values(rates(ZERO_COUNTS)).every((v) => v === null)).toBe(true);
    expect(ratio(1, 3)).toBe(0.3333);
  });

  it("scores the weighted rates and deducts per dissatisfied, reopened and overdue ticket", () => {
    const w = ASSESSMENT.weights;
    const d = ASSESSMENT.deductions;
    const base = (100 * (w.responseRate * 0.9 + w.onTimeClosureRate * 0.8 + w.resolutionRate * 0.9 + w.satisfactionRate * 0.9)) / (w.responseRate + w.onTimeClosureRate + w.resolutionRate + w.satisfactionRate);
    const deduction = 7 * d.perDissatisfied + 8 * d.perReopened + 5 * d.perOverdueOpen;
    const a = assess(c);
    expect(a.base).toBeCloseTo(base, 2);
    expect(a.deduction).toBeCloseTo(deduction, 2);
    expect(a.score).toBeCloseTo(base - deduction, 2);
  });

  it("caps deductions, never scores below zero, and re-normalises missing rates", () => {
    const bad = { ...c, dissatisfied: 1000 };
    expect(assess(bad).deduction).toBe(ASSESSMENT.deductions.cap);
    expect(assess({ ...ZERO_COUNTS }).score).toBeNull();
    // Only the response rate is known: it alone makes the base.
    expect(assess({ ...ZERO_COUNTS, responseDue: 4, responded: 3 }).base).toBe(75);
    expect(assess({ ...ZERO_COUNTS, responseDue: 4, responded: 0, dissatisfied: 10 }).score).toBe(0);
  });
});

describe("report drafts", () => {
  it("names periods the way a brief does", () => {
    expect(periodZh(new Date("2026-09-30T16:00:00Z"), new Date("2026-10-31T16:00:00Z"))).toBe("2026年10月");
    expect(periodZh(new Date("2026-10-04T16:00:00Z"), new Date("2026-10-11T16:00:00Z"))).toBe("2026年10月5日至10月11日");
  });

  it("writes a leadership brief with every section, figures, a chart and escaped text", () => {
    const d: PeriodData = {
      kind: "leadership_brief",
      issue: 3,
      from: new Date("2026-09-30T16:00:00Z"),
      to: new Date("2026-10-31T16:00:00Z"),
      generatedAt: new Date("2026-11-02T01:00:00Z"),
      center: "城运中心",
      received: 1200,
      previousReceived: 1000,
      bySource: [{ label: "热线", count: 900 }, { label: "网格", count: 300 }],
      immediate: 40,
      dispatched: 1100,
      rates: { onTimeClosureRate: 0.9, satisfactionRate: 0.95, reopenRate: 0.1, avgHandlingDays: 2.63, responseRate: 0.99 },
      overdueNow: 7,
      domains: [{ label: "城乡建设", count: 300, previous: 200 }, { label: "城市管理", count: 250, previous: 260 }],
      streets: [{ label: "古现街道", count: 220 }],
      daily: [{ at: new Date("2026-09-30T16:00:00Z"), count: 40 }, { at: new Date("2026-10-01T16:00:00Z"), count: 38 }],
      departments: [{ name: "<住建局>", intake: 100, score: 88.5, satisfactionRate: 0.9, onTimeClosureRate: 0.92, dissatisfied: 5 }],
      warnings: [{ kindLabel: "诉求激增", severityLabel: "高", title: "网格积水", raisedAt: new Date("2026-10-09T02:00:00Z"), statusLabel: "已办结" }],
    };
    const { title, html } = renderPeriodReport(d, drawChart);
    expect(title).toBe("领导参阅（2026年第3期）：2026年10月全区12345热线运行情况分析");
    for (const part of ["一、总体情况", "共受理群众诉求1200件，环比上升20.0%", "城乡建设类诉求300件，占25.0%，环比上升50.0%", "三、部门办理情况", "本期共发布预警1条", "五、意见建议", "<svg"]) {
      expect(html).toContain(part);
    }
    expect(html).toContain("&lt;住建局&gt;");
    expect(renderPeriodReport({ ...d, kind: "information_digest" }, drawChart).html).not.toContain("三、部门办理情况");
  });

  it("writes a warning bulletin without the English gloss", () => {
    const { html } = renderBulletin({
      issue: 1,
      generatedAt: new Date("2026-07-01T02:00:00Z"),
      center: "城运中心",
      warning: { kindLabel: "诉求激增", severityLabel: "高", statusLabel: "已发布", title: "A网格积水", detail: "近1小时25件 / 25 in the last hour", count: 25, raisedAt: new Date("2026-07-01T01:00:00Z"), updatedAt: new Date("2026-07-01T01:30:00Z"), acknowledged: null, resolved: null },
      advice: "立即核实",
      evidence: [{ id: 1, receivedAt: new Date("2026-07-01T00:50:00Z"), place: "A网格", channel: "电话", text: "积水" }],
      evidenceTotal: 1,
    }, drawChart);
    expect(html).toContain("近1小时25件");
    expect(html).not.toContain("in the last hour");
    expect(html).toContain("三、处置建议");
  });
});

describe("splitting a window into local months", () => {
  const at = (s: string) => new Date(s);
  it("keeps a calendar year in Beijing time as twelve whole months and nothing else", () => {
    const r = splitByMonth(at("2024-12-31T16:00:00Z"), at("2025-12-31T16:00:00Z"));
    expect(r.months).toEqual({ from: at("2024-12-31T16:00:00Z"), to: at("2025-12-31T16:00:00Z") });
    expect(r.rest).toEqual([]);
  });
  it("leaves the partial months at both edges to finer reads", () => {
    const r = splitByMonth(at("2025-01-15T03:00:00Z"), at("2025-04-02T00:00:00Z"));
    expect(r.months).toEqual({ from: at("2025-01-31T16:00:00Z"), to: at("2025-03-31T16:00:00Z") });
    expect(r.rest).toEqual([
      { from: at("2025-01-15T03:00:00Z"), to: at("2025-01-31T16:00:00Z") },
      { from: at("2025-03-31T16:00:00Z"), to: at("2025-04-02T00:00:00Z") },
    ]);
  });
  it("has no whole month inside a window shorter than a month", () => {
    const r = splitByMonth(at("2025-02-03T00:00:00Z"), at("2025-02-20T00:00:00Z"));
    expect(r.months).toBeNull();
    expect(r.rest).toEqual([{ from: at("2025-02-03T00:00:00Z"), to: at("2025-02-20T00:00:00Z") }]);
  });
  it("takes the local month: 1 March 00:30 in Beijing is still February in UTC", () => {
    expect(localMonthStart(at("2025-02-28T16:30:00Z"))).toEqual(at("2025-02-28T16:00:00Z"));
  });
});

describe("splitting a window into local days", () => {
  it("keeps whole Beijing days and leaves the partial ones at the edges", () => {
    const r = splitByDay(new Date("2025-03-01T10:00:00Z"), new Date("2025-03-04T17:30:00Z"));
    expect(r.days).toEqual({ from: new Date("2025-03-01T16:00:00Z"), to: new Date("2025-03-04T16:00:00Z") });
    expect(r.rest).toEqual([
      { from: new Date("2025-03-01T10:00:00Z"), to: new Date("2025-03-01T16:00:00Z") },
      { from: new Date("2025-03-04T16:00:00Z"), to: new Date("2025-03-04T17:30:00Z") },
    ]);
  });
});
