import { Arg, Authorized, Ctx, ID, Mutation, Resolver } from "type-graphql";
import { Ticket } from "../types/ticket.type.js";
import { actorOf, type Context } from "../context.js";
import { toId } from "../ids.js";

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
}
