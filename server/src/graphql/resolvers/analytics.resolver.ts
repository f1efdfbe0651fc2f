import { Arg, Authorized, Ctx, Query, Resolver } from "type-graphql";
import { GraphQLDateTimeISO } from "graphql-scalars";
import { DISTRICT_UTC_OFFSET_MS, domainLabel, DOMAINS, UNCLASSIFIED_DOMAIN, UNDISPATCHED_LABEL, UNLOCATED_LABEL, VOCABULARY, labelOf, type EnumVocabulary, type RegionLevel } from "@cityops/schema/vocabulary";
import { RegionLevelG } from "../enums.js";
import { TicketFilter } from "../inputs/ticket.input.js";
import { IntervalG, MatrixDimensionG } from "../inputs/analytics.input.js";
import { AxisValue, DepartmentMetrics, HeatCell, KeyCount, Matrix, Overview, TrendPoint } from "../types/analytics.type.js";
import type { Department } from "../types/department.type.js";
import type { Region } from "../types/region.type.js";
import { actorOf, type Context } from "../context.js";
import { toTicketQuery } from "./ticket.resolver.js";
import { invalidInput } from "../../domain/errors.js";
import { assess, rates } from "../../domain/metrics/performance.js";
import { bucketsBetween, checkWindow, WEEKDAY_ZH } from "../../domain/metrics/buckets.js";
import type { Dimension } from "../../store/analytics.store.js";
import type { ReferenceData } from "../../store/reference.store.js";

const MAX_TREND_POINTS = 5000;

// Monday first, as the command center reads a week.
const WEEK_ORDER = [1, 2, 3, 4, 5, 6, 0];
const WEEK_KEYS = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

const domainZh = (code: string) => domainLabel(code).zh;

/** One axis of the matrix: how a raw SQL key reads, and every value in display order. */
interface Axis {
  dimension: Dimension;
  key(raw: string | number): string;
  values(present: Set<string>): { key: string; label: string }[];
}

function axisFor(dim: MatrixDimensionG, tagCategory: string | undefined, ref: ReferenceData, field: string): Axis {
  const fixed = (entries: [string, string][]) => (present: Set<string>) =>
    [...entries.map(([key, label]) => ({ key, label })), ...[...present].filter((k) => !entries.some(([e]) => e === k)).map((k) => ({ key: k, label: k }))];
  switch (dim) {
    case MatrixDimensionG.HOUR_OF_DAY:
      return {
        dimension: { kind: "hour_of_day" },
        key: (raw) => String(raw).padStart(2, "0"),
        values: fixed(Array.from({ length: 24 }, (_, h) => [String(h).padStart(2, "0"), `${h}时`])),
      };
    case MatrixDimensionG.WEEKDAY:
      return { dimension: { kind: "weekday" }, key: (raw) => WEEK_KEYS[Number(raw)]!, values: fixed(WEEK_ORDER.map((d) => [WEEK_KEYS[d]!, WEEKDAY_ZH[d]!])) };
    case MatrixDimensionG.DOMAIN:
      return {
        dimension: { kind: "domain" },
        key: String,
        values: (present) => [...DOMAINS, ...(present.has(UNCLASSIFIED_DOMAIN) ? [UNCLASSIFIED_DOMAIN] : [])].map((k) => ({ key: k, label: domainZh(k) })),
      };
    case MatrixDimensionG.SOURCE:
    case MatrixDimensionG.CHANNEL:
    case MatrixDimensionG.APPEAL_TYPE: {
      const [kind, vocabulary]: ["source" | "channel" | "appeal_type", EnumVocabulary] =
        dim === MatrixDimensionG.SOURCE ? ["source", VOCABULARY.Source] : dim === MatrixDimensionG.CHANNEL ? ["channel", VOCABULARY.Channel] : ["appeal_type", VOCABULARY.AppealType];
      return { dimension: { kind }, key: (raw) => String(raw).toUpperCase(), values: fixed(vocabulary.values.map((k) => [k.toUpperCase(), vocabulary.labels[k]!.zh])) };
    }
    case MatrixDimensionG.STREET:
      return {
        dimension: { kind: "street" },
        key: String,
        values: (present) => [
          ...ref.regionsAt("street").map((r) => ({ key: String(r.id), label: r.name })),
          ...(present.has("0") ? [{ key: "0", label: UNLOCATED_LABEL.zh }] : []),
        ],
      };
    case MatrixDimensionG.DEPARTMENT:
      return {
        dimension: { kind: "department" },
        key: String,
        values: (present) => [...present].map((k) => ({ key: k, label: k === "0" ? UNDISPATCHED_LABEL.zh : (ref.departments.get(Number(k))?.name ?? k) })),
      };
    case MatrixDimensionG.TAG: {
      const category = [...ref.categories.values()].find((c) => c.code === tagCategory);
      if (!tagCategory) throw invalidInput(`A TAG axis needs ${field} / 标签维度须指定标签类别`, { field });
      if (!category) throw invalidInput(`Unknown tag category "${tagCategory}" / 标签类别不存在`, { field });
      const tags = [...ref.tags.values()].filter((t) => t.categoryId === category.id);
      return {
        dimension: { kind: "tag", categoryId: category.id },
        key: String,
        values: (present) => [...tags.map((t) => ({ key: t.code, label: t.name })), ...(present.has("none") ? [{ key: "none", label: "无" }] : [])],
      };
    }
  }
}

@Resolver()
export class AnalyticsResolver {
  @Authorized()
  @Query(() => [HeatCell], {
    description:
      "区域热力图：时间窗内各区域的受理量（由小时汇总表计算，与原始工单一致）。责任单位只统计本单位工单 / Heatmap: tickets received per region in [from, to), from the hourly rollup (exact); a department counts only its own",
  })
  async heatmap(
    @Arg("level", () => RegionLevelG, { description: "街道、社区或网格 / Street, community or grid cell" }) level: RegionLevel,
    @Arg("from", () => GraphQLDateTimeISO, { description: "起（含）/ From, inclusive" }) from: Date,
    @Arg("to", () => GraphQLDateTimeISO, { description: "止（不含）/ To, exclusive" }) to: Date,
    @Ctx() ctx: Context,
    @Arg("filter", () => TicketFilter, { nullable: true, description: "工单筛选 / Ticket filter" }) filter?: TicketFilter,
  ): Promise<HeatCell[]> {
    checkWindow(from, to);
    const rows = await ctx.services.analytics.countBy(actorOf(ctx), [{ kind: level }], from, to, toTicketQuery(filter), ctx.now);
    const located = rows.filter((r) => Number(r.keys[0]) !== 0);
    const total = located.reduce((s, r) => s + r.count, 0);
    return located
      .map((r) => {
        const region = ctx.services.ref.regions.get(Number(r.keys[0]));
        return region ? { regionId: region.id, level, name: region.name, count: r.count, share: total ? Math.round((r.count / total) * 10_000) / 10_000 : 0, region: region as Region } : null;
      })
      .filter((c): c is HeatCell => c !== null)
      .sort((a, b) => b.count - a.count || a.regionId - b.regionId);
  }

  @Authorized()
  @Query(() => Matrix, {
    description:
      "交叉矩阵：按两个维度统计受理量，如时段×领域、星期×来源、领域×某标签类别 / Tickets received by two dimensions, e.g. hour of day × domain, weekday × source, domain × a tag category",
  })
  async matrix(
    @Arg("rows", () => MatrixDimensionG, { description: "行维度 / Row dimension" }) rowsDim: MatrixDimensionG,
    @Arg("cols", () => MatrixDimensionG, { description: "列维度 / Column dimension" }) colsDim: MatrixDimensionG,
    @Arg("from", () => GraphQLDateTimeISO) from: Date,
    @Arg("to", () => GraphQLDateTimeISO) to: Date,
    @Ctx() ctx: Context,
    @Arg("filter", () => TicketFilter, { nullable: true }) filter?: TicketFilter,
    @Arg("rowsTagCategory", () => String, { nullable: true, description: "行为 TAG 时的标签类别编码 / Tag category code when rows is TAG" }) rowsTag?: string,
    @Arg("colsTagCategory", () => String, { nullable: true, description: "列为 TAG 时的标签类别编码 / Tag category code when cols is TAG" }) colsTag?: string,
  ): Promise<Matrix> {
    checkWindow(from, to);
    const ref = ctx.services.ref;
    const [ra, ca] = [axisFor(rowsDim, rowsTag, ref, "rowsTagCategory"), axisFor(colsDim, colsTag, ref, "colsTagCategory")];
    const rows = await ctx.services.analytics.countBy(actorOf(ctx), [ra.dimension, ca.dimension], from, to, toTicketQuery(filter), ctx.now);
    const cells = rows.map((r) => ({ row: ra.key(r.keys[0]!), col: ca.key(r.keys[1]!), count: r.count }));
    const rowValues = ra.values(new Set(cells.map((c) => c.row)));
    const colValues = ca.values(new Set(cells.map((c) => c.col)));
    const ri = new Map(rowValues.map((v, i) => [v.key, i]));
    const ci = new Map(colValues.map((v, i) => [v.key, i]));
    const values = rowValues.map(() => colValues.map(() => 0));
    for (const c of cells) values[ri.get(c.row)!]![ci.get(c.col)!]! += c.count;
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    const byDesc = rowsDim === MatrixDimensionG.DEPARTMENT;
    const out: Matrix = {
      rows: rowValues.map((v, i): AxisValue => ({ ...v, total: sum(values[i]!) })),
      cols: colValues.map((v, j): AxisValue => ({ ...v, total: sum(values.map((r) => r[j]!)) })),
      values,
      total: sum(cells.map((c) => c.count)),
    };
    if (byDesc) {
      const order = out.rows.map((r, i) => ({ r, i })).sort((a, b) => b.r.total - a.r.total);
      out.rows = order.map((o) => o.r);
      out.values = order.map((o) => values[o.i]!);
    }
    return out;
  }

  @Authorized()
  @Query(() => [TrendPoint], { description: "受理量趋势（空时段补零）/ Tickets received per hour, day or week; empty buckets are zero" })
  async trend(
    @Arg("interval", () => IntervalG) interval: IntervalG,
    @Arg("from", () => GraphQLDateTimeISO) from: Date,
    @Arg("to", () => GraphQLDateTimeISO) to: Date,
    @Ctx() ctx: Context,
    @Arg("filter", () => TicketFilter, { nullable: true }) filter?: TicketFilter,
  ): Promise<TrendPoint[]> {
    checkWindow(from, to);
    const buckets = bucketsBetween(from, to, interval, MAX_TREND_POINTS);
    const rows = await ctx.services.analytics.countBy(actorOf(ctx), [{ kind: "bucket", interval }], from, to, toTicketQuery(filter), ctx.now);
    const DAY = 86_400_000;
    const toStart = (n: number) =>
      interval === IntervalG.HOUR ? n * 3_600_000 : interval === IntervalG.DAY ? n * DAY - DISTRICT_UTC_OFFSET_MS : (n * 7 - 3) * DAY - DISTRICT_UTC_OFFSET_MS;
    const counts = new Map(rows.map((r) => [toStart(Number(r.keys[0])), r.count]));
    return buckets.map((b) => ({ at: b, count: counts.get(b.getTime()) ?? 0 }));
  }

  @Authorized()
  @Query(() => Overview, { description: "总体指标（KPI）：时间窗内受理工单的办理情况与当前积压 / KPIs of the tickets received in the window, and the backlog now" })
  async overview(@Arg("from", () => GraphQLDateTimeISO) from: Date, @Arg("to", () => GraphQLDateTimeISO) to: Date, @Ctx() ctx: Context): Promise<Overview> {
    checkWindow(from, to);
    const actor = actorOf(ctx);
    const a = ctx.services.analytics;
    const [c, sources, domains] = await Promise.all([
      a.overview(actor, from, to, ctx.now),
      a.countBy(actor, [{ kind: "source" }], from, to, {}, ctx.now),
      a.countBy(actor, [{ kind: "domain" }], from, to, {}, ctx.now),
    ]);
    const kc = (rows: typeof sources, label: (k: string) => string, upper: boolean): KeyCount[] =>
      rows.map((r) => ({ key: upper ? String(r.keys[0]).toUpperCase() : String(r.keys[0]), label: label(String(r.keys[0])), count: r.count })).sort((x, y) => y.count - x.count);
    return {
      from,
      to,
      asOf: ctx.now,
      received: c.tickets,
      located: c.located,
      immediateAnswered: c.immediate,
      dispatchedTickets: c.dispatchedTickets,
      closed: c.closed,
      dissatisfied: c.dissatisfied,
      dispatches: c.dispatches,
      returns: c.returns,
      openNow: c.openNow,
      overdueNow: c.overdueNow,
      bySource: kc(sources, (k) => labelOf(VOCABULARY.Source, k)?.zh ?? k, true),
      byDomain: kc(domains, domainZh, false),
      ...rates(c),
    };
  }

  @Authorized()
  @Query(() => [DepartmentMetrics], {
    description:
      "部门绩效与考核排名：受理量、响应率、按时办结率、平均办理时长、解决率、满意率、重办率、退单率及考核得分（权重见架构文档）。责任单位只看到本单位 / Department performance and assessment ranking; a department sees only itself",
  })
  async departmentMetrics(@Arg("from", () => GraphQLDateTimeISO) from: Date, @Arg("to", () => GraphQLDateTimeISO) to: Date, @Ctx() ctx: Context): Promise<DepartmentMetrics[]> {
    checkWindow(from, to);
    const rows = await ctx.services.analytics.departmentCounts(actorOf(ctx), from, to, ctx.now);
    const out = rows.map((c) => {
      const r = rates(c);
      const a = assess(c, r);
      return {
        department: ctx.services.ref.departments.get(c.departmentId) as Department,
        rank: null as number | null,
        asOf: ctx.now,
        intake: c.assigned,
        dispatches: c.dispatches,
        returns: c.returns,
        tickets: c.tickets,
        replied: c.replied,
        closed: c.closed,
        rated: c.rated,
        dissatisfied: c.dissatisfied,
        reopened: c.reopened,
        overdueOpen: c.overdueOpen,
        score: a.score,
        scoreBase: a.base,
        deduction: a.deduction,
        ...r,
      };
    });
    out.sort((x, y) => (y.score ?? -1) - (x.score ?? -1) || y.intake - x.intake || x.department.id - y.department.id);
    let rank = 0;
    for (const m of out) if (m.score !== null) m.rank = ++rank;
    return out;
  }
}
