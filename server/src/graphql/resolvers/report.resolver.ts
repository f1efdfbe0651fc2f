import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import { GraphQLDateTimeISO } from "graphql-scalars";
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
import { ReportKindG } from "../enums.js";
import { Report, ReportConnection } from "../types/warning.type.js";
import { actorOf, type Context } from "../context.js";
import { pageSize, toId } from "../ids.js";
import { toConnection } from "../types/connection.type.js";
import type { Services } from "../../services.js";
import type { Actor } from "../../domain/actor.js";
import { invalidInput } from "../../domain/errors.js";
import { REPORT_VIEW, viewText } from "../../domain/privacy/policy.js";
import { assess, rates } from "../../domain/metrics/performance.js";
import { bucketsBetween, checkWindow } from "../../domain/metrics/buckets.js";
import { BULLETIN_ADVICE, dateZh, renderBulletin, renderPeriodReport, type PeriodData } from "../../domain/metrics/report.js";
import { drawChart } from "../../services/report-charts.js";
import { resolveSecret } from "../../auth/tokens.js";
import { reportLink, REPORT_READERS } from "../../auth/report-links.js";
import type { ReportRow } from "../../store/warning.store.js";

const READERS = REPORT_READERS;

const secrets = new WeakMap<Services, Uint8Array>();
const secretOf = (s: Services) => secrets.get(s) ?? secrets.set(s, resolveSecret(s.config)).get(s)!;

/** The previous calendar month in Beijing time: what "the monthly brief" covers by default. */
function lastMonth(now: Date): { from: Date; to: Date } {
  const l = districtClock(now);
  return { from: districtDate(l.getUTCFullYear(), l.getUTCMonth()), to: districtDate(l.getUTCFullYear(), l.getUTCMonth() + 1) };
}

function yearOf(now: Date): { from: Date; to: Date } {
  const y = districtClock(now).getUTCFullYear();
  return { from: districtDate(y, 1), to: districtDate(y + 1, 1) };
}

@Resolver(() => Report)
export class ReportResolver {
  @Authorized("operator", "supervisor", "leader", "admin")
  @Mutation(() => Report, {
    description:
      "生成报告初稿（HTML，含表格和图表）：预警专报需 warningId；领导参阅、信息动态按 from–to 统计，缺省为上一自然月 / Draft a report (HTML with tables and charts): a bulletin needs warningId; briefs and digests cover from–to, by default last calendar month",
  })
  async generateReport(
    @Arg("kind", () => ReportKindG) kind: ReportKind,
    @Ctx() ctx: Context,
    @Arg("from", () => GraphQLDateTimeISO, { nullable: true }) from?: Date,
    @Arg("to", () => GraphQLDateTimeISO, { nullable: true }) to?: Date,
    @Arg("warningId", () => ID, { nullable: true, description: "预警专报对应的预警 / The warning of a bulletin" }) warningId?: string,
  ): Promise<ReportRow> {
    const actor = actorOf(ctx);
    const now = ctx.now;
    const year = yearOf(now);
    const issue = await ctx.services.reports.nextIssue(kind, year.from, year.to);
    if (kind === "warning_bulletin") {
      if (!warningId) throw invalidInput("A warning bulletin needs warningId / 预警专报须指定预警", { field: "warningId" });
      const w = await ctx.services.warnings.get(actor, toId(warningId, "warningId"));
      const tickets = (await ctx.services.tickets.byIds(actor, w.evidenceTicketIds.map(Number))).sort((a, b) => b.receivedAt.getTime() - a.receivedAt.getTime());
      const ref = ctx.services.ref;
      const { title, html } = renderBulletin({
        issue,
        generatedAt: now,
        center: ctx.services.config.centerName.zh,
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
      }, drawChart);
      return ctx.services.reports.create({ kind, title, periodFrom: w.raisedAt, periodTo: now, body: html, data: { warningId: w.id, evidence: w.evidenceTicketIds.length }, createdBy: actor.id }, now);
    }
    const period = from && to ? { from, to } : lastMonth(now);
    checkWindow(period.from, period.to, 400);
    const data = await this.periodData(ctx, actor, kind, issue, period.from, period.to);
    const { title, html } = renderPeriodReport(data, drawChart);
    const { daily: _daily, ...figures } = data;
    return ctx.services.reports.create({ kind, title, periodFrom: period.from, periodTo: period.to, body: html, data: figures as unknown as Record<string, unknown>, createdBy: actor.id }, now);
  }

  private async periodData(ctx: Context, actor: Actor, kind: ReportKind, issue: number, from: Date, to: Date): Promise<PeriodData> {
    const a = ctx.services.analytics;
    const ref = ctx.services.ref;
    const prevFrom = new Date(from.getTime() - (to.getTime() - from.getTime()));
    const [o, prev, sources, domains, prevDomains, streets, daily, depts, warns] = await Promise.all([
      a.overview(actor, from, to, ctx.now),
      a.countBy(actor, [], prevFrom, from, {}, ctx.now),
      a.countBy(actor, [{ kind: "source" }], from, to, {}, ctx.now),
      a.countBy(actor, [{ kind: "domain" }], from, to, {}, ctx.now),
      a.countBy(actor, [{ kind: "domain" }], prevFrom, from, {}, ctx.now),
      a.countBy(actor, [{ kind: "street" }], from, to, {}, ctx.now),
      a.countBy(actor, [{ kind: "bucket", interval: "day" }], from, to, {}, ctx.now),
      a.departmentCounts(actor, from, to, ctx.now),
      ctx.services.warnings.raisedBetween(from, to),
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
      kind: kind as PeriodData["kind"],
      issue,
      from,
      to,
      generatedAt: ctx.now,
      center: ctx.services.config.centerName.zh,
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

  @Authorized(...READERS)
  @Query(() => ReportConnection, { description: "已生成的报告（新的在前）/ Generated reports, newest first" })
  async reports(
    @Ctx() ctx: Context,
    @Arg("kind", () => ReportKindG, { nullable: true }) kind?: ReportKind,
    @Arg("first", () => Int, { nullable: true }) first?: number,
    @Arg("after", () => String, { nullable: true }) after?: string,
  ) {
    return toConnection(await ctx.services.reports.list(kind, pageSize(first, ctx.services.config.maxPageSize), after ?? null));
  }

  @Authorized(...READERS)
  @Query(() => Report, { description: "按编号查询报告 / A report by id" })
  report(@Arg("id", () => ID) id: string, @Ctx() ctx: Context): Promise<ReportRow> {
    return ctx.services.reports.get(toId(id, "id"));
  }

  @FieldResolver(() => String, { description: "文档地址（带签名，7天内有效；也可带令牌访问）/ The document's address: signed, valid 7 days; a Bearer token works too" })
  url(@Root() r: Report, @Ctx() ctx: Context): string {
    return reportLink(secretOf(ctx.services), r.id, ctx.now);
  }

  @FieldResolver(() => String, { description: "文档（HTML）/ The document, HTML" })
  html(@Root() r: Report): string {
    return r.body;
  }
}
