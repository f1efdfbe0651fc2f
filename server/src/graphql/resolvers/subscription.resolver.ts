import { Arg, Ctx, ID, Query, Resolver, Root, Subscription } from "type-graphql";
import { TicketStreamEvent, WallFrameType } from "../types/stream.type.js";
import { TicketEventFilter } from "../inputs/stream.input.js";
import { createLoaders, type Context } from "../context.js";
import { optId, toId } from "../ids.js";
import { forbidden, invalidInput } from "../../domain/errors.js";
import { canRead } from "../../store/ticket.store.js";
import { parseCursor, formatCursor } from "../../realtime/cursor.js";
import type { LiveEvent, Route } from "../../realtime/pump.js";
import type { WallFrame } from "../../realtime/wall-frame.js";
import type { Ticket, TicketEvent } from "../types/ticket.type.js";
import type { Actor } from "../../domain/actor.js";
import type { ReferenceData } from "../../store/reference.store.js";

interface Data {
  args: Record<string, unknown>;
  context: Context;
}

function requireActor(ctx: Context, roles?: readonly string[]): Actor {
  if (!ctx.actor) throw forbidden("A valid token is required / 需要有效的令牌");
  if (roles && !roles.includes(ctx.actor.role)) throw forbidden(`Role ${ctx.actor.role} may not subscribe to this / 当前角色无权订阅`);
  return ctx.actor;
}

export function eventFilter(actor: Actor, ref: ReferenceData, f: TicketEventFilter | undefined): (e: LiveEvent) => boolean {
  const dept = optId(f?.departmentId, "departmentId");
  const regionId = optId(f?.regionId, "regionId");
  const region = regionId !== undefined ? ref.regions.get(regionId) : undefined;
  if (regionId !== undefined && !region) throw invalidInput(`Unknown region ${regionId} / 区域不存在`, { field: "regionId" });
  const tagIds = f?.tagsAny?.map((c) => {
    const t = ref.tagsByCode.get(c);
    if (!t) throw invalidInput(`Unknown tag "${c}" / 标签不存在`, { field: "tagsAny" });
    return t.id;
  });
  const types = f?.types?.length ? new Set(f.types) : null;
  return ({ event, ticket, tagIds: has }) => {
    // A department also sees the events that name it, such as its own return: the ticket has left
    // its queue by then, and the queue must hear that it left.
    if (!canRead(actor, ticket) && !(actor.departmentId !== null && event.departmentId === actor.departmentId)) return false;
    if (types && !types.has(event.type)) return false;
    if (dept !== undefined && ticket.departmentId !== dept && !ticket.coDepartmentIds.includes(dept) && event.departmentId !== dept) return false;
    if (region) {
      const id = { street: ticket.streetId, community: ticket.communityId, grid_cell: ticket.gridCellId }[region.level];
      if (id !== region.id) return false;
    }
    if (tagIds && !tagIds.some((t) => has.includes(t))) return false;
    return true;
  };
}

/** The pump's shortcut for a filter that names a region or a department (the region narrows more). */
export function routeOf(f: TicketEventFilter | undefined): Route {
  const regionId = optId(f?.regionId, "regionId");
  if (regionId !== undefined) return { regionId };
  const departmentId = optId(f?.departmentId, "departmentId");
  return departmentId !== undefined ? { departmentId } : null;
}

/** A subscription's context lives as long as the subscription: renew per-event caches. */
function fresh(ctx: Context): void {
  ctx.loaders = createLoaders(ctx.services);
  ctx.now = new Date();
}

function toPayload(e: LiveEvent): TicketStreamEvent {
  return {
    cursor: formatCursor(e.cursor),
    type: e.event.type,
    at: e.event.at,
    event: e.event as TicketEvent,
    ticket: e.ticket as Ticket,
  };
}

@Resolver()
export class SubscriptionResolver {
  @Subscription(() => TicketStreamEvent, {
    description:
      "工单事件流：先补发 after 之后的事件，再实时推送，不重不漏 / Ticket events: replays everything after `after`, then live; no gap, no duplicate",
    subscribe: ({ args, context }: Data) => {
      const actor = requireActor(context, ["operator", "supervisor", "department", "leader", "staffing_office", "admin"]);
      const after = typeof args.after === "string" ? parseCursor(args.after) : null;
      const filter = args.filter as TicketEventFilter | undefined;
      return context.services.realtime.events("ticketEvents", after, eventFilter(actor, context.services.ref, filter), routeOf(filter));
    },
  })
  ticketEvents(
    @Root() e: LiveEvent,
    @Ctx() ctx: Context,
    @Arg("filter", () => TicketEventFilter, { nullable: true }) _filter?: TicketEventFilter,
    @Arg("after", () => String, { nullable: true, description: "从该游标之后续订 / Resume after this cursor" }) _after?: string,
  ): TicketStreamEvent {
    fresh(ctx);
    return toPayload(e);
  }

  @Subscription(() => TicketStreamEvent, {
    description:
      "单位工单队列：派给本单位、退回、督办、临期、超期、重办等全部变化；单位只能订阅自己的队列 / Everything that changes a department's queue; a department may subscribe only to its own",
    subscribe: ({ args, context }: Data) => {
      const actor = requireActor(context, ["operator", "supervisor", "department", "leader", "admin"]);
      const dept = toId(args.departmentId as string, "departmentId");
      if (!context.services.ref.departments.has(dept)) throw invalidInput(`Unknown department ${dept} / 单位不存在`, { field: "departmentId" });
      if (actor.role === "department" && actor.departmentId !== dept) {
        throw forbidden("A department may subscribe only to its own queue / 只能订阅本单位的队列");
      }
      const after = typeof args.after === "string" ? parseCursor(args.after) : null;
      const accept = eventFilter(actor, context.services.ref, { departmentId: String(dept) });
      return context.services.realtime.events("departmentQueue", after, accept, { departmentId: dept });
    },
  })
  departmentQueue(
    @Root() e: LiveEvent,
    @Ctx() ctx: Context,
    @Arg("departmentId", () => ID) _departmentId: string,
    @Arg("after", () => String, { nullable: true }) _after?: string,
  ): TicketStreamEvent {
    fresh(ctx);
    return toPayload(e);
  }

  @Subscription(() => WallFrameType, {
    description: "大屏帧，每秒一帧 / The wall's frame, once a second",
    subscribe: ({ context }: Data) => {
      requireActor(context);
      return context.services.realtime.frames();
    },
  })
  wallFrame(@Root() f: WallFrame): WallFrameType {
    return { seq: f.seq, at: new Date(f.at), data: f };
  }

  @Query(() => WallFrameType, { description: "大屏快照（当前帧）/ The wall's current frame, as a snapshot" })
  async wallSnapshot(@Ctx() ctx: Context): Promise<WallFrameType> {
    requireActor(ctx);
    const f = await ctx.services.realtime.ticker.current();
    return { seq: f.seq, at: new Date(f.at), data: f };
  }
}
