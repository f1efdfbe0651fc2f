import { eq, inArray } from "drizzle-orm";
import { consultations, determinations, precedents, ticketEvents, tickets, type Domain } from "@cityops/schema";
import type { Db } from "../db/client.js";
import type { Actor } from "../domain/actor.js";
import { DomainError, DomainErrorCode, invalidInput, notFound } from "../domain/errors.js";

export type ConsultationRow = typeof consultations.$inferSelect;
export type DeterminationRow = typeof determinations.$inferSelect;
export type PrecedentRow = typeof precedents.$inferSelect;

export interface DeterminationInput {
  consultationId?: number | undefined;
  ticketIds: number[];
  leadDepartmentId: number;
  coDepartmentIds: number[];
  matterId?: number | undefined;
  reasoning: string;
  precedentTitle: string;
  precedentKeywords: string[];
  domain?: Domain | undefined;
  /** The new version of the list's matter that the ruling makes, written in the same transaction. */
  amendMatter?: MatterInput | undefined;
}

import type { EventBus } from "../realtime/bus.js";
import { writeTx, type Tx } from "./write.js";
import { writeMatterVersion, type MatterInput, type MatterRow } from "./matter.store.js";

/** Consultations (一键会商), determinations (一键明责) and the precedents they create (判例). */
export class ResponsibilityStore {
  constructor(
    private readonly db: Db,
    private readonly bus: EventBus,
  ) {}

  private async logOnTickets(tx: Tx, ids: number[], type: "consultation_opened" | "consultation_concluded" | "responsibility_determined", actor: Actor, payload: Record<string, unknown>, now: Date) {
    if (ids.length === 0) return;
    const found = await tx.select({ id: tickets.id, status: tickets.status }).from(tickets).where(inArray(tickets.id, ids));
    if (found.length !== new Set(ids).size) {
      const missing = ids.filter((id) => !found.some((f) => f.id === id));
      throw notFound("Ticket", missing.join(","));
    }
    await tx.insert(ticketEvents).values(
      found.map((t) => ({ ticketId: t.id, type, at: now, actor: actor.id, actorRole: actor.role, fromStatus: t.status, toStatus: t.status, payload })),
    );
  }

  async open(actor: Actor, input: { ticketIds: number[]; departmentIds: number[]; topic: string }, now = new Date()): Promise<ConsultationRow> {
    if (input.ticketIds.length === 0) throw invalidInput("A consultation needs at least one ticket / 会商至少关联一张工单");
    if (new Set(input.departmentIds).size < 2) throw invalidInput("A consultation needs at least two departments / 会商至少需要两个单位");
    if (!input.topic.trim()) throw invalidInput("topic must not be empty / 会商议题不能为空");
    return writeTx(this.db, this.bus, async (tx) => {
      const [row] = await tx
        .insert(consultations)
        .values({ topic: input.topic.trim(), ticketIds: [...new Set(input.ticketIds)], departmentIds: [...new Set(input.departmentIds)], openedBy: actor.id, openedAt: now })
        .returning();
      await this.logOnTickets(tx, row!.ticketIds, "consultation_opened", actor, { consultationId: row!.id }, now);
      return row!;
    });
  }

  async conclude(actor: Actor, id: number, conclusion: string, leadDepartmentId: number | null, now = new Date()): Promise<ConsultationRow> {
    if (!conclusion.trim()) throw invalidInput("conclusion must not be empty / 会商结论不能为空");
    return writeTx(this.db, this.bus, async (tx) => {
      const [c] = await tx.select().from(consultations).where(eq(consultations.id, id)).for("update");
      if (!c) throw notFound("Consultation", id);
      if (c.status !== "open") throw new DomainError(DomainErrorCode.IllegalTransition, `Consultation ${id} is already concluded / 会商已结束`);
      const [row] = await tx
        .update(consultations)
        .set({ status: "concluded", conclusion: conclusion.trim(), leadDepartmentId, concludedAt: now })
        .where(eq(consultations.id, id))
        .returning();
      await this.logOnTickets(tx, c.ticketIds, "consultation_concluded", actor, { consultationId: id, leadDepartmentId }, now);
      return row!;
    });
  }

  /** The staffing office's ruling; it always leaves a precedent that later suggestions use. */
  /**
   * The staffing office's ruling, its precedent, the events on its tickets and the amendment of the
   * list it makes: one transaction, so a failure leaves none of them.
   */
  async determine(
    actor: Actor,
    input: DeterminationInput,
    now = new Date(),
  ): Promise<{ determination: DeterminationRow; precedent: PrecedentRow; amendedMatter: MatterRow | null }> {
    if (!input.reasoning.trim()) throw invalidInput("reasoning must not be empty / 明责依据不能为空");
    if (!input.precedentTitle.trim()) throw invalidInput("precedentTitle must not be empty / 判例标题不能为空");
    const result = await writeTx(this.db, this.bus, async (tx) => {
      let ticketIds = input.ticketIds;
      if (input.consultationId !== undefined) {
        const [c] = await tx.select().from(consultations).where(eq(consultations.id, input.consultationId));
        if (!c) throw notFound("Consultation", input.consultationId);
        ticketIds = [...new Set([...ticketIds, ...c.ticketIds])];
      }
      const [determination] = await tx
        .insert(determinations)
        .values({
          consultationId: input.consultationId ?? null,
          ticketIds,
          leadDepartmentId: input.leadDepartmentId,
          coDepartmentIds: input.coDepartmentIds,
          matterId: input.matterId ?? null,
          reasoning: input.reasoning.trim(),
          decidedBy: actor.id,
          decidedAt: now,
        })
        .returning();
      const [precedent] = await tx
        .insert(precedents)
        .values({
          determinationId: determination!.id,
          title: input.precedentTitle.trim(),
          summary: input.reasoning.trim(),
          keywords: input.precedentKeywords.map((k) => k.trim()).filter(Boolean),
          domain: input.domain ?? null,
          departmentId: input.leadDepartmentId,
          matterId: input.matterId ?? null,
          createdAt: now,
        })
        .returning();
      await this.logOnTickets(tx, ticketIds, "responsibility_determined", actor, { determinationId: determination!.id, leadDepartmentId: input.leadDepartmentId, precedentId: precedent!.id }, now);
      const amend = input.amendMatter;
      const amendedMatter = amend ? await writeMatterVersion(tx, { ...amend, changeNote: `一键明责 #${determination!.id}: ${input.reasoning.trim()}` }, actor.id, now) : null;
      return { determination: determination!, precedent: precedent!, amendedMatter };
    });
    await this.bus.announce("precedents");
    if (result.amendedMatter) await this.bus.announce("matters");
    return result;
  }

  async consultation(id: number): Promise<ConsultationRow> {
    const [row] = await this.db.select().from(consultations).where(eq(consultations.id, id));
    if (!row) throw notFound("Consultation", id);
    return row;
  }

  async listPrecedents(): Promise<PrecedentRow[]> {
    return this.db.select().from(precedents).where(eq(precedents.active, true));
  }
}
