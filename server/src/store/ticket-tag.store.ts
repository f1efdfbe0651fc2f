import { eq } from "drizzle-orm";
import { ticketEvents, tickets } from "@cityops/schema";
import type { Db } from "../db/client.js";
import type { Actor } from "../domain/actor.js";
import { DomainError, DomainErrorCode, forbidden, invalidInput, notFound } from "../domain/errors.js";
import type { ReferenceData } from "./reference.store.js";
import { canRead, type TicketRow } from "./ticket.store.js";
import type { EventBus } from "../realtime/bus.js";
import { writeTx } from "./write.js";
import { columnsOf, entriesOf } from "./ticket-tags.js";

/** Tags set and removed by people. Rule-made tags are the rule engine's and are not touched here. */
export class TicketTagStore {
  constructor(
    private readonly db: Db,
    private readonly ref: ReferenceData,
    private readonly bus: EventBus,
  ) {}

  private resolve(code: string) {
    const tag = this.ref.tagsByCode.get(code);
    if (!tag) throw invalidInput(`Unknown tag "${code}" / 标签不存在`, { field: "tag" });
    const category = this.ref.categories.get(tag.categoryId)!;
    if (category.setBy === "rule") {
      throw invalidInput(`Tags of category ${category.code} are set by rules only / 该类标签仅由规则设置`, { field: "tag" });
    }
    return tag;
  }

  async tag(actor: Actor, ticketId: number, code: string, now = new Date()): Promise<TicketRow> {
    const tag = this.resolve(code);
    return writeTx(this.db, this.bus, async (tx) => {
      const [row] = await tx.select().from(tickets).where(eq(tickets.id, ticketId)).for("update");
      if (!row) throw notFound("Ticket", ticketId);
      if (!canRead(actor, row)) throw forbidden(`Ticket ${ticketId} belongs to another department / 无权操作其他单位的工单`);
      const held = entriesOf(row);
      if (held.some((t) => t.tagId === tag.id && t.rule === 0)) throw new DomainError(DomainErrorCode.Conflict, `Ticket ${ticketId} already has tag ${code} / 已有该标签`);
      // A person setting a tag a rule already set confirms it: it becomes theirs, and re-tagging
      // leaves it alone from then on.
      const mine = { tagId: tag.id, rule: 0, actor: actor.id };
      const [updated] = await tx.update(tickets).set(columnsOf([...held.filter((t) => t.tagId !== tag.id), mine])).where(eq(tickets.id, ticketId)).returning();
      await tx.insert(ticketEvents).values({
        ticketId, type: "tagged", at: now, actor: actor.id, actorRole: actor.role, fromStatus: row.status, toStatus: row.status, payload: { tag: code },
      });
      return updated!;
    });
  }

  async untag(actor: Actor, ticketId: number, code: string, now = new Date()): Promise<TicketRow> {
    const tag = this.resolve(code);
    return writeTx(this.db, this.bus, async (tx) => {
      const [row] = await tx.select().from(tickets).where(eq(tickets.id, ticketId)).for("update");
      if (!row) throw notFound("Ticket", ticketId);
      if (!canRead(actor, row)) throw forbidden(`Ticket ${ticketId} belongs to another department / 无权操作其他单位的工单`);
      const held = entriesOf(row);
      if (!held.some((t) => t.tagId === tag.id && t.rule === 0)) throw notFound(`Manual tag ${code} on ticket`, ticketId);
      const [updated] = await tx.update(tickets).set(columnsOf(held.filter((t) => t.tagId !== tag.id))).where(eq(tickets.id, ticketId)).returning();
      await tx.insert(ticketEvents).values({
        ticketId, type: "untagged", at: now, actor: actor.id, actorRole: actor.role, fromStatus: row.status, toStatus: row.status, payload: { tag: code },
      });
      return updated!;
    });
  }
}
