import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import { GraphQLDateTimeISO } from "graphql-scalars";
import type { ReportKind } from "@cityops/schema/vocabulary";
import { ReportKindG } from "../enums.js";
import { Report, ReportConnection } from "../types/warning.type.js";
import { actorOf, type Context } from "../context.js";
import { pageSize, toId } from "../ids.js";
import { toConnection } from "../types/connection.type.js";
import type { Services } from "../../services.js";
import { invalidInput } from "../../domain/errors.js";
import { resolveSecret } from "../../auth/tokens.js";
import { reportLink, REPORT_READERS } from "../../auth/report-links.js";
import type { ReportRow } from "../../store/warning.store.js";
import type { ReportRequest } from "../../services/report.service.js";

const READERS = REPORT_READERS;

const secrets = new WeakMap<Services, Uint8Array>();
const secretOf = (s: Services) => secrets.get(s) ?? secrets.set(s, resolveSecret(s.config)).get(s)!;

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
    let request: ReportRequest;
    if (kind === "warning_bulletin") {
      if (!warningId) throw invalidInput("A warning bulletin needs warningId / 预警专报须指定预警", { field: "warningId" });
      request = { kind, warningId: toId(warningId, "warningId") };
    } else request = { kind, from, to };
    return ctx.services.reporting.draft(actorOf(ctx), request, ctx.now);
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
