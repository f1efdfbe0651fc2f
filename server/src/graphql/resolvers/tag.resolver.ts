import { Arg, Authorized, Ctx, ID, Mutation, Resolver } from "type-graphql";
import { GraphQLDateTimeISO } from "graphql-scalars";
import { Ticket } from "../types/ticket.type.js";
import { RetagResultT } from "../types/tag.type.js";
import { actorOf, type Context } from "../context.js";
import { toId } from "../ids.js";
import { invalidInput } from "../../domain/errors.js";

/** A GraphQL request should not hold a connection for hours: larger ranges go through `cityops retag`. */
const MAX_RETAG_DAYS = 366;

@Resolver()
export class TicketTagResolver {
  @Authorized("operator", "supervisor", "admin")
  @Mutation(() => Ticket, { description: "人工打标签 / Tag a ticket by hand" })
  tagTicket(@Arg("id", () => ID) id: string, @Arg("tag", () => String, { description: "标签编码 / Tag code" }) tag: string, @Ctx() ctx: Context) {
    return ctx.services.ticketTags.tag(actorOf(ctx), toId(id, "id"), tag);
  }

  @Authorized("operator", "supervisor", "admin")
  @Mutation(() => Ticket, { description: "移除人工标签 / Remove a tag set by hand" })
  untagTicket(@Arg("id", () => ID) id: string, @Arg("tag", () => String) tag: string, @Ctx() ctx: Context) {
    return ctx.services.ticketTags.untag(actorOf(ctx), toId(id, "id"), tag);
  }

  @Authorized("admin")
  @Mutation(() => RetagResultT, {
    description:
      "按现行规则集重新打标签：替换时段内工单的规则标签，人工标签不变；可重复执行 / Re-tag tickets received in [from, to) with the current rule set: rule tags are replaced, tags set by people stay; running it again changes nothing",
  })
  async retagTickets(
    @Arg("from", () => GraphQLDateTimeISO, { description: "受理时间起（含）/ Received from, inclusive" }) from: Date,
    @Arg("to", () => GraphQLDateTimeISO, { description: "受理时间止（不含）/ Received before, exclusive" }) to: Date,
    @Ctx() ctx: Context,
  ): Promise<RetagResultT> {
    if (to.getTime() <= from.getTime()) throw invalidInput("to must be after from / 结束时间须晚于开始时间", { field: "to" });
    if (to.getTime() - from.getTime() > MAX_RETAG_DAYS * 86_400_000) {
      throw invalidInput(`At most ${MAX_RETAG_DAYS} days per call; use \`cityops retag\` for more / 单次最多${MAX_RETAG_DAYS}天`, { field: "to" });
    }
    const r = await ctx.services.retag.retag(from, to);
    return { ruleSetVersion: r.ruleSetVersion, tickets: r.total, changed: r.changed, added: r.added, removed: r.removed, updated: r.updated };
  }
}
