import { Arg, Authorized, Ctx, FieldResolver, Float, ID, Int, Query, Resolver, Root } from "type-graphql";
import { Ticket, TicketConnection, TicketEvent, TimelineStep } from "../types/ticket.type.js";
import { Department } from "../types/department.type.js";
import { Region } from "../types/region.type.js";
import { TicketTag } from "../types/tag.type.js";
import { Matter } from "../types/matter.type.js";
import { TicketFilter, TicketOrderG } from "../inputs/ticket.input.js";
import { actorOf, type Context } from "../context.js";
import { optId, pageSize, toId } from "../ids.js";
import { toConnection } from "../types/connection.type.js";
import { deadline } from "../../domain/lifecycle.js";
import { privacyView, viewAddress, viewPayload, viewName, viewPhone, viewPoint, viewText } from "../../domain/privacy/policy.js";
import { GraphQLJSONObject } from "graphql-scalars";
import type { TicketQuery } from "../../store/ticket-query.js";
import { rulesKnown, tagsOf } from "../../store/ticket-tags.js";
import type { TicketStatus } from "@cityops/schema";

export function toTicketQuery(f: TicketFilter | undefined): TicketQuery {
  if (!f) return {};
  const { departmentId, regionId, matterId, ...rest } = f;
  return {
    ...rest,
    ...(departmentId !== undefined ? { departmentId: optId(departmentId, "departmentId")! } : {}),
    ...(regionId !== undefined ? { regionId: optId(regionId, "regionId")! } : {}),
    ...(matterId !== undefined ? { matterId: optId(matterId, "matterId")! } : {}),
  } as TicketQuery;
}

@Resolver(() => Ticket)
export class TicketResolver {
  @Authorized()
  @Query(() => Ticket, { description: "按编号查询工单 / A ticket by id" })
  async ticket(@Arg("id", () => ID) id: string, @Ctx() ctx: Context): Promise<Ticket> {
    return (await ctx.services.tickets.get(actorOf(ctx), toId(id, "id"))) as Ticket;
  }

  @Authorized()
  @Query(() => TicketConnection, {
    description: "工单列表（游标分页）。责任单位只能看到本单位的工单 / Tickets, cursor-paginated. A department sees only its own",
  })
  async tickets(
    @Ctx() ctx: Context,
    @Arg("filter", () => TicketFilter, { nullable: true }) filter?: TicketFilter,
    @Arg("first", () => Int, { nullable: true, description: "每页数量 / Page size" }) first?: number,
    @Arg("after", () => String, { nullable: true, description: "从该游标之后开始 / Start after this cursor" }) after?: string,
    @Arg("orderBy", () => TicketOrderG, { nullable: true, defaultValue: TicketOrderG.RECEIVED_AT_DESC }) orderBy?: TicketOrderG,
  ) {
    const page = await ctx.services.tickets.list(
      actorOf(ctx),
      toTicketQuery(filter),
      pageSize(first, ctx.services.config.maxPageSize),
      after ?? null,
      orderBy ?? TicketOrderG.RECEIVED_AT_DESC,
      ctx.now,
    );
    return toConnection(page);
  }

  @FieldResolver(() => Department, { nullable: true, description: "主办单位 / Lead department" })
  department(@Root() t: Ticket, @Ctx() ctx: Context) {
    return t.departmentId === null ? null : (ctx.services.ref.departments.get(t.departmentId) ?? null);
  }

  @FieldResolver(() => [Department], { description: "协办单位 / Co-departments" })
  coDepartments(@Root() t: Ticket, @Ctx() ctx: Context) {
    return t.coDepartmentIds.map((id) => ctx.services.ref.departments.get(id)).filter(Boolean);
  }

  @FieldResolver(() => Region, { nullable: true, description: "所在网格 / Grid cell" })
  gridCell(@Root() t: Ticket, @Ctx() ctx: Context) {
    return t.gridCellId === null ? null : (ctx.services.ref.regions.get(t.gridCellId) ?? null);
  }

  @FieldResolver(() => Region, { nullable: true, description: "所在社区 / Community" })
  community(@Root() t: Ticket, @Ctx() ctx: Context) {
    return t.communityId === null ? null : (ctx.services.ref.regions.get(t.communityId) ?? null);
  }

  @FieldResolver(() => Region, { nullable: true, description: "所在街道 / Street" })
  street(@Root() t: Ticket, @Ctx() ctx: Context) {
    return t.streetId === null ? null : (ctx.services.ref.regions.get(t.streetId) ?? null);
  }

  @FieldResolver(() => Matter, { nullable: true, description: "对应权责事项 / Matter of the responsibility list" })
  matter(@Root() t: Ticket, @Ctx() ctx: Context) {
    return t.matterId === null ? null : ctx.loaders.matters.load(t.matterId);
  }

  @FieldResolver(() => Department, { nullable: true, description: "受理时的派单建议 / Dispatch suggestion stored at intake" })
  suggestedDepartment(@Root() t: Ticket, @Ctx() ctx: Context) {
    return t.suggestedDepartmentId === null ? null : (ctx.services.ref.departments.get(t.suggestedDepartmentId) ?? null);
  }

  @FieldResolver(() => [TicketTag], { description: "标签 / Tags" })
  async tags(@Root() t: Ticket, @Ctx() ctx: Context) {
    const ref = ctx.services.ref;
    // The tags are columns of the ticket row itself: no statement of their own, unless another
    // process has added rules since this one last read them.
    if (!rulesKnown(t, ref)) await ref.loadTagRules();
    return tagsOf(t, ref).flatMap((r) => {
      const tag = ref.tags.get(r.tagId);
      const category = tag && ref.categories.get(tag.categoryId);
      return tag && category ? [{ ...r, tag, category }] : [];
    });
  }

  @FieldResolver(() => [TicketEvent], { description: "处理过程（全部事件）/ History: every event" })
  events(@Root() t: Ticket, @Ctx() ctx: Context) {
    return ctx.loaders.events.load(t.id);
  }

  @FieldResolver(() => [TimelineStep], {
    name: "timeline",
    description: "处理时间线：每次状态变化及其时间（历史导入的工单为其来源记录的环节）/ Timeline: each status change and when (for imported tickets, the steps their source recorded)",
  })
  async timelineSteps(@Root() t: Ticket, @Ctx() ctx: Context): Promise<TimelineStep[]> {
    if (t.timeline) return t.timeline.steps.map((s) => ({ status: s.status as TicketStatus, at: new Date(s.at) }));
    const events = await ctx.loaders.events.load(t.id);
    return events.filter((e) => e.toStatus !== null && (e.type === "created" || e.toStatus !== e.fromStatus)).map((e) => ({ status: e.toStatus!, at: e.at }));
  }

  @FieldResolver(() => Boolean, { description: "是否超期 / Whether it is past its due time" })
  overdue(@Root() t: Ticket, @Ctx() ctx: Context): boolean {
    return deadline(t.status, t.dueAt, ctx.now).overdue;
  }

  @FieldResolver(() => Int, { nullable: true, description: "剩余时间（秒，负数为已超期）/ Seconds left; negative when overdue" })
  remainingSeconds(@Root() t: Ticket, @Ctx() ctx: Context): number | null {
    return deadline(t.status, t.dueAt, ctx.now).remainingSeconds;
  }

  // People and places: every field through the one privacy policy (domain/privacy/policy.ts).
  @FieldResolver(() => String, { nullable: true, description: "诉求人姓名（按角色脱敏）/ Citizen's name, masked by role" })
  citizenName(@Root() t: Ticket, @Ctx() ctx: Context): string | null {
    return viewName(t.citizenName, privacyView(actorOf(ctx).role).person);
  }

  @FieldResolver(() => String, { nullable: true, description: "诉求人电话（按角色脱敏）/ Citizen's phone, masked by role" })
  citizenPhone(@Root() t: Ticket, @Ctx() ctx: Context): string | null {
    return viewPhone(t.citizenPhone, privacyView(actorOf(ctx).role).person);
  }

  @FieldResolver(() => String, { nullable: true, description: "标题（其中的个人信息按角色脱敏）/ Title; personal data in it masked by role" })
  title(@Root() t: Ticket, @Ctx() ctx: Context): string | null {
    return t.title === null ? null : viewText(t.title, privacyView(actorOf(ctx).role), t.citizenName);
  }

  @FieldResolver(() => String, {
    description: "诉求内容（其中的姓名、电话、证件号、银行卡、车牌、邮箱、门牌房号按角色脱敏）/ Content; names, phones, ID, bank card and plate numbers, e-mail and room numbers in it masked by role",
  })
  content(@Root() t: Ticket, @Ctx() ctx: Context): string {
    return viewText(t.content, privacyView(actorOf(ctx).role), t.citizenName);
  }

  @FieldResolver(() => String, { nullable: true, description: "答复内容（其中的个人信息按角色脱敏）/ Reply; personal data in it masked by role" })
  reply(@Root() t: Ticket, @Ctx() ctx: Context): string | null {
    return t.reply === null ? null : viewText(t.reply, privacyView(actorOf(ctx).role), t.citizenName);
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: "地址（领导只见到楼栋房号以外部分；大屏只见街道、社区）/ Address; leaders see it without building and room, the wall only street and community",
  })
  address(@Root() t: Ticket, @Ctx() ctx: Context): string | null {
    return viewAddress(t.address, privacyView(actorOf(ctx).role), ctx.services.ref.placeOf(t), t.citizenName);
  }

  @FieldResolver(() => Float, { nullable: true, description: "纬度（大屏为所在网格中心）/ Latitude; the wall gets its grid cell's centre" })
  lat(@Root() t: Ticket, @Ctx() ctx: Context): number | null {
    return viewPoint(t.lat, t.lng, privacyView(actorOf(ctx).role), ctx.services.ref.placeOf(t)).lat;
  }

  @FieldResolver(() => Float, { nullable: true, description: "经度（大屏为所在网格中心）/ Longitude; the wall gets its grid cell's centre" })
  lng(@Root() t: Ticket, @Ctx() ctx: Context): number | null {
    return viewPoint(t.lat, t.lng, privacyView(actorOf(ctx).role), ctx.services.ref.placeOf(t)).lng;
  }
}

@Resolver(() => TicketEvent)
export class TicketEventResolver {
  @FieldResolver(() => GraphQLJSONObject, { description: "事件详情（其中的个人信息按角色脱敏）/ Details; personal data in them masked by role" })
  payload(@Root() e: TicketEvent, @Ctx() ctx: Context): Record<string, unknown> {
    return viewPayload(e.payload, privacyView(actorOf(ctx).role));
  }
}
