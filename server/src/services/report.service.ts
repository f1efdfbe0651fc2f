import {
  CHANNEL_LABELS,
  DISTRICT_UTC_OFFSET_MS,
  districtClock,
  districtDate,
  domainLabel,
  labelOf,
  UNLOCATED_LABEL,
  VOCABULARY,
  WARNING_KIND_LABELS,
  WARNING_SEVERITY_LABELS,
  WARNING_STATUS_LABELS,
  type ReportKind,
} from "@cityops/schema/vocabulary";
import type { Config } from "../config.js";
import type { Actor } from "../domain/actor.js";
import { REPORT_VIEW, viewText } from "../domain/privacy/policy.js";
import { assess, rates } from "../domain/metrics/performance.js";
import { bucketsBetween, checkWindow } from "../domain/metrics/buckets.js";
import { BULLETIN_ADVICE, dateZh, renderBulletin, renderPeriodReport, type DrawChart, type PeriodData } from "../domain/metrics/report.js";
import type { AnalyticsStore } from "../store/analytics.store.js";
import type { ReferenceData } from "../store/reference.store.js";
import type { TicketStore } from "../store/ticket.store.js";
import type { ReportRow, ReportStore, WarningStore } from "../store/warning.store.js";
import { drawChart } from "./report-charts.js";

/** What to draft: a bulletin about one warning, or a brief or digest over a window (by default last month). */
export type ReportRequest =
  | { kind: "warning_bulletin"; warningId: number }
  | { kind: Exclude<ReportKind, "warning_bulletin">; from?: Date; to?: Date };

export interface ReportSources {
  reports: ReportStore;
  warnings: WarningStore;
  tickets: TicketStore;
  analytics: AnalyticsStore;
  ref: ReferenceData;
}

/**
 * The one place reports are drafted: gathers the figures a report is written from (as the actor
 * may see them), has the domain write the document, and keeps the draft.
 */
export class ReportService {
  constructor(
    private readonly sources: ReportSources,
    private readonly config: Pick<Config, "centerName">,
    private readonly draw: DrawChart = drawChart,
  ) {}

  async draft(actor: Actor, request: ReportRequest, now: Date): Promise<ReportRow> {
    const year = yearOf(now);
    const issue = await this.sources.reports.nextIssue(request.kind, year.from, year.to);
    if (request.kind === "warning_bulletin") return this.bulletin(actor, request.warningId, issue, now);
    const period = request.from && request.to ? { from: request.from, to: request.to } : lastMonth(now);
    checkWindow(period.from, period.to, 400);
    const data = await this.periodData(actor, request.kind, issue, period.from, period.to, now);
    const { title, html } = renderPeriodReport(data, this.draw);
    // The daily series is drawn in the document; the kept figures are the ones a reader quotes.
    const { daily: _daily, ...figures } = data;
    return this.sources.reports.create(
      { kind: request.kind, title, periodFrom: period.from, periodTo: period.to, body: html, data: figures as unknown as Record<string, unknown>, createdBy: actor.id },
      now,
    );
  }

  private async bulletin(actor: Actor, warningId: number, issue: number, now: Date): Promise<ReportRow> {
    const w = await this.sources.warnings.get(actor, warningId);
    const tickets = (await this.sources.tickets.byIds(actor, w.evidenceTicketIds.map(Number))).sort((a, b) => b.receivedAt.getTime() - a.receivedAt.getTime());
    const ref = this.sources.ref;
    const { title, html } = renderBulletin(
      {
        issue,
        generatedAt: now,
        center: this.config.centerName.zh,
        warning: {
          kindLabel: WARNING_KIND_LABELS[w.kind].zh,
          severityLabel: WARNING_SEVERITY_LABELS[w.severity].zh,
          statusLabel: WARNING_STATUS_LABELS[w.status].zh,
          title: w.title,
          detail: viewText(w.detail, REPORT_VIEW),
          count: w.count,
          raisedAt: w.raisedAt,
          updatedAt: w.updatedAt,
          acknowledged: w.acknowledgedAt ? `${dateZh(w.acknowledgedAt)}由${w.acknowledgedBy}签收` : null,
          resolved: w.resolvedAt ? `${dateZh(w.resolvedAt)}由${w.resolvedBy}办结：${w.resolutionNote ?? ""}` : null,
        },
        advice: BULLETIN_ADVICE[w.kind] ?? "",
        evidenceTotal: w.evidenceTicketIds.length,
        evidence: tickets.map((t) => ({
          id: t.id,
          receivedAt: t.receivedAt,
          place: ref.regions.get(t.gridCellId ?? t.streetId ?? -1)?.name ?? UNLOCATED_LABEL.zh,
          channel: CHANNEL_LABELS[t.channel].zh,
          text: viewText(t.title ?? t.content, REPORT_VIEW, t.citizenName).slice(0, 60),
        })),
      },
      this.draw,
    );
    return this.sources.reports.create(
      { kind: "warning_bulletin", title, periodFrom: w.raisedAt, periodTo: now, body: html, data: { warningId: w.id, evidence: w.evidenceTicketIds.length }, createdBy: actor.id },
      now,
    );
  }

  private async periodData(actor: Actor, kind: PeriodData["kind"], issue: number, from: Date, to: Date, now: Date): Promise<PeriodData> {
    const a = this.sources.analytics;
    const ref = this.sources.ref;
    const prevFrom = new Date(from.getTime() - (to.getTime() - from.getTime()));
    const [o, prev, sources, domains, prevDomains, streets, daily, depts, warns] = await Promise.all([
      a.overview(actor, from, to, now),
      a.countBy(actor, [], prevFrom, from, {}, now),
      a.countBy(actor, [{ kind: "source" }], from, to, {}, now),
      a.countBy(actor, [{ kind: "domain" }], from, to, {}, now),
      a.countBy(actor, [{ kind: "domain" }], prevFrom, from, {}, now),
      a.countBy(actor, [{ kind: "street" }], from, to, {}, now),
      a.countBy(actor, [{ kind: "bucket", interval: "day" }], from, to, {}, now),
      a.departmentCounts(actor, from, to, now),
      this.sources.warnings.raisedBetween(from, to),
    ]);
    const prevByDomain = new Map(prevDomains.map((r) => [String(r.keys[0]), r.count]));
    const dayCounts = new Map(daily.map((r) => [Number(r.keys[0]) * 86_400_000 - DISTRICT_UTC_OFFSET_MS, r.count]));
    const departments = depts
      .map((c) => {
        const r = rates(c);
        return { name: ref.departments.get(c.departmentId)?.name ?? String(c.departmentId), intake: c.assigned, score: assess(c, r).score, satisfactionRate: r.satisfactionRate, onTimeClosureRate: r.onTimeClosureRate, dissatisfied: c.dissatisfied };
      })
      .sort((x, y) => (y.score ?? -1) - (x.score ?? -1));
    const r = rates(o);
    return {
      kind,
      issue,
      from,
      to,
      generatedAt: now,
      center: this.config.centerName.zh,
      received: o.tickets,
      previousReceived: prev[0]?.count ?? 0,
      bySource: sources.map((s) => ({ label: labelOf(VOCABULARY.Source, String(s.keys[0]))?.zh ?? String(s.keys[0]), count: s.count })).sort((x, y) => y.count - x.count),
      immediate: o.immediate,
      dispatched: o.dispatchedTickets,
      rates: { onTimeClosureRate: r.onTimeClosureRate, satisfactionRate: r.satisfactionRate, reopenRate: r.reopenRate, avgHandlingDays: r.avgHandlingDays, responseRate: r.responseRate },
      overdueNow: o.overdueNow,
      domains: domains.map((d) => ({ label: domainLabel(String(d.keys[0])).zh, count: d.count, previous: prevByDomain.get(String(d.keys[0])) ?? 0 })),
      streets: streets
        .filter((s) => Number(s.keys[0]) !== 0)
        .map((s) => ({ label: ref.regions.get(Number(s.keys[0]))?.name ?? String(s.keys[0]), count: s.count }))
        .sort((x, y) => y.count - x.count),
      daily: bucketsBetween(from, to, "day", 400).map((at) => ({ at, count: dayCounts.get(at.getTime()) ?? 0 })),
      departments,
      warnings: warns.map((w) => ({ kindLabel: WARNING_KIND_LABELS[w.kind].zh, severityLabel: WARNING_SEVERITY_LABELS[w.severity].zh, title: w.title, raisedAt: w.raisedAt, statusLabel: WARNING_STATUS_LABELS[w.status].zh })),
    };
  }
}

/** The previous calendar month in Beijing time: what "the monthly brief" covers by default. */
function lastMonth(now: Date): { from: Date; to: Date } {
  const l = districtClock(now);
  return { from: districtDate(l.getUTCFullYear(), l.getUTCMonth()), to: districtDate(l.getUTCFullYear(), l.getUTCMonth() + 1) };
}

/** Issues are numbered within the district's calendar year. */
function yearOf(now: Date): { from: Date; to: Date } {
  const y = districtClock(now).getUTCFullYear();
  return { from: districtDate(y, 1), to: districtDate(y + 1, 1) };
}
