import { Arg, Authorized, Ctx, ID, Mutation, Resolver } from "type-graphql";
import { GraphQLDateTimeISO } from "graphql-scalars";
import type { Loop, Satisfaction, SupervisionMethod } from "@cityops/schema";
import { Ticket } from "../types/ticket.type.js";
import { CreateTicketInput } from "../inputs/ticket.input.js";
import { LoopG, SatisfactionG, SupervisionMethodG } from "../enums.js";
import { actorOf, type Context } from "../context.js";
import { toId } from "../ids.js";
import { dueFromTimeLimit, type Command } from "../../domain/lifecycle.js";
import { invalidInput } from "../../domain/errors.js";

/** When neither the caller nor a matter gives a time limit (working days as calendar days). */
const DEFAULT_TIME_LIMIT_DAYS = 5;

@Resolver()
export class LifecycleResolver {
  private run(ctx: Context, id: string, command: Command) {
    return ctx.services.tickets.run(actorOf(ctx), toId(id, "id"), command, new Date());
  }

  @Authorized("operator", "supervisor", "admin")
  @Mutation(() => Ticket, { description: "受理：新建工单，按（来源, 来源编号）幂等 / Intake: create a ticket, idempotent on (source, externalId)" })
  async createTicket(@Arg("input", () => CreateTicketInput) input: CreateTicketInput, @Ctx() ctx: Context) {
    return (await ctx.services.intake.create(actorOf(ctx), input)).ticket;
  }

  @Authorized("operator", "supervisor", "admin")
  @Mutation(() => Ticket, { description: "即时答复并办结 / Answer at intake and close" })
  answerImmediately(@Arg("id", () => ID) id: string, @Arg("answer", () => String) answer: string, @Ctx() ctx: Context) {
    return this.run(ctx, id, { kind: "answerImmediately", answer });
  }

  @Authorized("operator", "supervisor", "admin")
  @Mutation(() => Ticket, {
    description: "派单；未给时限时按权责事项的办理时限 / Dispatch; without dueAt, the matter's time limit applies",
  })
  async dispatchTicket(
    @Arg("id", () => ID) id: string,
    @Arg("departmentId", () => ID, { description: "主办单位 / Lead department" }) departmentId: string,
    @Ctx() ctx: Context,
    @Arg("coDepartmentIds", () => [ID], { nullable: true, description: "协办单位 / Co-departments" }) coDepartmentIds?: string[],
    @Arg("dueAt", () => GraphQLDateTimeISO, { nullable: true, description: "办理时限 / Due time" }) dueAt?: Date,
    @Arg("matterId", () => ID, { nullable: true, description: "确认的权责事项 / Confirmed matter" }) matterId?: string,
  ) {
    const ref = ctx.services.ref;
    const lead = toId(departmentId, "departmentId");
    const co = (coDepartmentIds ?? []).map((d) => toId(d, "coDepartmentIds"));
    for (const d of [lead, ...co]) if (!ref.departments.has(d)) throw invalidInput(`Unknown department ${d} / 单位不存在`, { field: "departmentId" });
    const ticket = await ctx.services.tickets.get(actorOf(ctx), toId(id, "id"));
    const chosenMatterId = matterId !== undefined ? toId(matterId, "matterId") : (ticket.matterId ?? ticket.suggestedMatterId);
    const matter = chosenMatterId ? await ctx.loaders.matters.load(chosenMatterId) : null;
    if (matterId !== undefined && !matter) throw invalidInput(`Unknown matter ${matterId} / 事项不存在`, { field: "matterId" });
    const now = new Date();
    return this.run(ctx, id, {
      kind: "dispatch",
      departmentId: lead,
      coDepartmentIds: co,
      dueAt: dueAt ?? dueFromTimeLimit(now, matter?.timeLimitDays ?? DEFAULT_TIME_LIMIT_DAYS),
      matter: matter ? { id: matter.id, domain: matter.domain } : null,
    });
  }

  @Authorized("department", "admin")
  @Mutation(() => Ticket, { description: "签收 / Accept" })
  acceptTicket(@Arg("id", () => ID) id: string, @Ctx() ctx: Context) {
    return this.run(ctx, id, { kind: "accept" });
  }

  @Authorized("department", "admin")
  @Mutation(() => Ticket, { description: "退单（退回受理员重新派单）/ Return to the operators for re-dispatch" })
  returnTicket(@Arg("id", () => ID) id: string, @Arg("reason", () => String) reason: string, @Ctx() ctx: Context) {
    return this.run(ctx, id, { kind: "return", reason });
  }

  @Authorized("department", "admin")
  @Mutation(() => Ticket, { description: "开始办理 / Start handling" })
  startHandling(@Arg("id", () => ID) id: string, @Ctx() ctx: Context) {
    return this.run(ctx, id, { kind: "startHandling" });
  }

  @Authorized("department", "admin")
  @Mutation(() => Ticket, { description: "答复诉求人 / Reply to the citizen" })
  replyTicket(@Arg("id", () => ID) id: string, @Arg("reply", () => String) reply: string, @Ctx() ctx: Context) {
    return this.run(ctx, id, { kind: "reply", reply });
  }

  @Authorized("operator", "supervisor", "admin")
  @Mutation(() => Ticket, { description: "回访并记录满意度 / Record the callback and satisfaction" })
  recordCallback(
    @Arg("id", () => ID) id: string,
    @Arg("satisfaction", () => SatisfactionG) satisfaction: Satisfaction,
    @Ctx() ctx: Context,
    @Arg("note", () => String, { nullable: true }) note?: string,
  ) {
    return this.run(ctx, id, { kind: "recordCallback", satisfaction, note: note ?? "" });
  }

  @Authorized("operator", "supervisor", "admin")
  @Mutation(() => Ticket, { description: "办结 / Close" })
  closeTicket(@Arg("id", () => ID) id: string, @Ctx() ctx: Context) {
    return this.run(ctx, id, { kind: "close" });
  }

  @Authorized("operator", "supervisor", "admin")
  @Mutation(() => Ticket, { description: "重办 / Reopen for rework" })
  reopenTicket(@Arg("id", () => ID) id: string, @Arg("reason", () => String) reason: string, @Ctx() ctx: Context) {
    return this.run(ctx, id, { kind: "reopen", reason });
  }

  @Authorized("supervisor", "admin")
  @Mutation(() => Ticket, { description: "督办（八种方式）/ Supervise, by one of the eight methods" })
  superviseTicket(
    @Arg("id", () => ID) id: string,
    @Arg("method", () => SupervisionMethodG) method: SupervisionMethod,
    @Ctx() ctx: Context,
    @Arg("note", () => String, { nullable: true }) note?: string,
  ) {
    return this.run(ctx, id, { kind: "supervise", method, note: note ?? "" });
  }

  @Authorized("supervisor", "leader", "admin")
  @Mutation(() => Ticket, { description: "升级处置层级：小环 → 中环 → 大环 / Move between the small, middle and big loops" })
  escalateTicket(
    @Arg("id", () => ID) id: string,
    @Arg("loop", () => LoopG) loop: Loop,
    @Ctx() ctx: Context,
    @Arg("note", () => String, { nullable: true }) note?: string,
  ) {
    return this.run(ctx, id, { kind: "escalate", loop, note: note ?? "" });
  }
}
