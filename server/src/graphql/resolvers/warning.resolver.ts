import DataLoader from "dataloader";
import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root, Subscription } from "type-graphql";
import { GraphQLJSONObject } from "graphql-scalars";
import type { WarningKind, WarningSeverity, WarningStatus } from "@cityops/schema";
import { WarningKindG, WarningSeverityG, WarningStatusG } from "../enums.js";
import { Warning, WarningConnection } from "../types/warning.type.js";
import { Ticket } from "../types/ticket.type.js";
import { Department } from "../types/department.type.js";
import { actorOf, createLoaders, type Context } from "../context.js";
import { pageSize, toId } from "../ids.js";
import { toConnection } from "../types/connection.type.js";
import { forbidden } from "../../domain/errors.js";
import { privacyView, viewPayload, viewText } from "../../domain/privacy/policy.js";
import { severityRank } from "../../domain/warnings/types.js";
import { FULL_RUN } from "../../services/warning-runner.js";
import { canSeeWarning, type WarningRow } from "../../store/warning.store.js";
import type { TicketRow } from "../../store/ticket.store.js";

/** Per request: evidence tickets of a whole page of warnings in one statement. */
const evidenceLoaders = new WeakMap<Context, DataLoader<number, TicketRow | null>>();
function evidenceLoader(ctx: Context): DataLoader<number, TicketRow | null> {
  let l = evidenceLoaders.get(ctx);
  if (!l) {
    l = new DataLoader(async (ids) => {
      const rows = await ctx.services.tickets.byIds(actorOf(ctx), ids);
      const m = new Map(rows.map((r) => [r.id, r]));
      return ids.map((id) => m.get(id) ?? null);
    });
    evidenceLoaders.set(ctx, l);
  }
  return l;
}

/** The wall gets no personal data: a repeat warning's caller and address stay off it. */
const PERSONAL_SCOPE_KEYS = ["phoneMasked", "address"];

interface SubscriptionData {
  args: Record<string, unknown>;
  context: Context;
}

@Resolver(() => Warning)
export class WarningResolver {
  @Authorized()
  @Query(() => WarningConnection, {
    description:
      "预警列表（游标分页，新发布在前）。责任单位只看到发给本单位的预警 / Warnings, cursor-paginated, newest first; a department sees those addressed to it",
  })
  async warnings(
    @Ctx() ctx: Context,
    @Arg("first", () => Int, { nullable: true, description: "每页数量 / Page size" }) first?: number,
    @Arg("after", () => String, { nullable: true, description: "从该游标之后开始 / Start after this cursor" }) after?: string,
    @Arg("status", () => [WarningStatusG], { nullable: true, description: "状态 / Status" }) status?: WarningStatus[],
    @Arg("kind", () => [WarningKindG], { nullable: true, description: "类型 / Kind" }) kind?: WarningKind[],
    @Arg("minSeverity", () => WarningSeverityG, { nullable: true, description: "最低等级 / Lowest severity" }) minSeverity?: WarningSeverity,
  ) {
    const page = await ctx.services.warnings.list(actorOf(ctx), { status, kind, minSeverity }, pageSize(first, ctx.services.config.maxPageSize), after ?? null);
    return toConnection(page);
  }

  @Authorized()
  @Query(() => Warning, { description: "按编号查询预警 / A warning by id" })
  warning(@Arg("id", () => ID) id: string, @Ctx() ctx: Context): Promise<WarningRow> {
    return ctx.services.warnings.get(actorOf(ctx), toId(id, "id"));
  }

  @Authorized("operator", "supervisor", "leader", "admin")
  @Mutation(() => Warning, { description: "签收预警 / Acknowledge a warning" })
  acknowledgeWarning(@Arg("id", () => ID) id: string, @Ctx() ctx: Context): Promise<WarningRow> {
    return ctx.services.warnings.acknowledge(actorOf(ctx), toId(id, "id"));
  }

  @Authorized("supervisor", "leader", "admin")
  @Mutation(() => Warning, { description: "办结预警并说明处置情况 / Resolve a warning, saying what was done" })
  resolveWarning(@Arg("id", () => ID) id: string, @Arg("note", () => String, { description: "处置说明 / What was done" }) note: string, @Ctx() ctx: Context): Promise<WarningRow> {
    return ctx.services.warnings.resolve(actorOf(ctx), toId(id, "id"), note);
  }

  @Authorized("supervisor", "admin")
  @Mutation(() => [Warning], {
    description: "立即运行全部预警检测，返回新发布或升级的预警 / Run every detector now; returns the warnings raised or escalated",
  })
  async runWarningDetectors(@Ctx() ctx: Context): Promise<WarningRow[]> {
    const changes = await ctx.services.warningEngine.run(FULL_RUN, new Date());
    return changes.filter((c) => c.change === "raised" || c.change === "escalated").map((c) => c.warning);
  }

  @Subscription(() => Warning, {
    name: "warnings",
    description: "新发布或升级的预警（不低于 minSeverity）/ Warnings as they are raised or escalated, at or above minSeverity",
    subscribe: ({ args, context }: SubscriptionData) => {
      const actor = context.actor;
      if (!actor) throw forbidden("A valid token is required / 需要有效的令牌");
      const min = (args.minSeverity as WarningSeverity | undefined) ?? "info";
      const untrack = context.services.realtime.metrics.track("warnings");
      const inner = context.services.warningFeed.stream((w) => canSeeWarning(actor, w) && severityRank(w.severity) >= severityRank(min));
      const it: AsyncIterableIterator<WarningRow> = {
        next: async () => {
          const r = await inner.next();
          if (r.done) untrack();
          return r;
        },
        return: async () => {
          untrack();
          return inner.return!();
        },
        [Symbol.asyncIterator]: () => it,
      };
      return it;
    },
  })
  warningPushed(
    @Root() w: WarningRow,
    @Ctx() ctx: Context,
    @Arg("minSeverity", () => WarningSeverityG, { nullable: true, description: "最低等级 / Lowest severity" }) _min?: WarningSeverity,
  ): WarningRow {
    // A subscription's context outlives each event: fresh batch loaders per pushed warning.
    ctx.loaders = createLoaders(ctx.services);
    evidenceLoaders.delete(ctx);
    ctx.now = new Date();
    return w;
  }

  @FieldResolver(() => GraphQLJSONObject, { description: "范围：区域、领域、单位、事项等（依类型而定）/ Scope: area, domain, department, matter… by kind" })
  scope(@Root() w: Warning, @Ctx() ctx: Context): Record<string, unknown> {
    const view = privacyView(actorOf(ctx).role);
    if (view.person !== "none") return viewPayload(w.scope, view);
    return Object.fromEntries(Object.entries(w.scope).filter(([k]) => !PERSONAL_SCOPE_KEYS.includes(k)));
  }

  @FieldResolver(() => String, { description: "详情 / Details" })
  detail(@Root() w: Warning, @Ctx() ctx: Context): string {
    const view = privacyView(actorOf(ctx).role);
    if (view.person !== "none") return viewText(w.detail, view);
    let text = w.detail;
    for (const k of PERSONAL_SCOPE_KEYS) {
      const v = w.scope[k];
      if (typeof v === "string" && v) text = text.split(v).join("***");
    }
    return viewText(text, view);
  }

  @FieldResolver(() => Int, { description: "证据工单数 / Number of evidence tickets" })
  evidenceCount(@Root() w: Warning): number {
    return w.evidenceTicketIds.length;
  }

  @FieldResolver(() => [Ticket], { description: "证据工单（最新在前；无权查看的不返回）/ Evidence tickets, newest first; those the reader may not see are left out" })
  async evidence(@Root() w: Warning, @Ctx() ctx: Context, @Arg("first", () => Int, { nullable: true, defaultValue: 20, description: "最多返回 / At most" }) first: number): Promise<TicketRow[]> {
    const ids = w.evidenceTicketIds.map(Number).slice(0, pageSize(first, ctx.services.config.maxPageSize));
    const rows = await evidenceLoader(ctx).loadMany(ids);
    return rows.filter((r): r is TicketRow => r !== null && !(r instanceof Error));
  }

  @FieldResolver(() => Department, { nullable: true, description: "发往的责任单位 / The unit it is addressed to" })
  department(@Root() w: Warning, @Ctx() ctx: Context) {
    return w.departmentId === null ? null : (ctx.services.ref.departments.get(w.departmentId) ?? null);
  }
}
