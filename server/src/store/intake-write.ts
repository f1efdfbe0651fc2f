// The SQL half of interactive intake (createTicket, Open311, the simulator): a batch of prepared
// tickets from concurrent callers in one transaction (see group-commit.ts). Per batch, not per
// ticket: one multi-row insert of tickets, one of their events, one history/collective count, one
// insert of rule tags, one rollup upsert — so a batch of 30 costs about what one ticket did.
// A replay of a stored (source, externalId) writes nothing and answers the stored ticket, also when
// the same key comes twice in one batch (the first one creates it).

import { and, eq, inArray, or, sql } from "drizzle-orm";
import { ticketEvents, ticketKeys, ticketRollupHourly, tickets } from "@cityops/schema";
import type { Actor } from "../domain/actor.js";
import { transition } from "../domain/lifecycle.js";
import { AT_INTAKE, type TicketBasics } from "../domain/tagging/facts.js";
import { insertRuleTags, rowsOf, type RuleTagger } from "./rule-tagger.js";
import { columnsOf } from "./ticket-tags.js";
import type { TicketRow } from "./ticket.store.js";
import type { Tx } from "./write.js";

/** A ticket ready to write: validated, placed and suggested outside the transaction. */
export interface PreparedTicket {
  actor: Actor;
  now: Date;
  values: typeof tickets.$inferInsert & { source: TicketRow["source"]; externalId: string };
  /** What the rule engine needs beyond the stored row. */
  basics: Pick<TicketBasics, "matterMatched" | "matterTimeLimitDays" | "byPrecedent">;
  /** A consultation the knowledge base answers: closed in the same transaction (即问即答). */
  known: { id: number; answer: string; matterKey: string } | null;
}

/** Who answers a consultation from the knowledge base: the system, not the operator on the call. */
export const KNOWLEDGE_BASE_ACTOR: Actor = { id: "system:knowledge-base", role: "admin", departmentId: null };

export interface IntakeResult {
  ticket: TicketRow;
  created: boolean;
}

const keyOf = (source: string, externalId: string) => `${source}\u0000${externalId}`;

type EventInsert = typeof ticketEvents.$inferInsert;

export async function writeIntakeBatch(tx: Tx, tagger: RuleTagger, items: readonly PreparedTicket[]): Promise<IntakeResult[]> {
  // Keys first (tickets are partitioned by month; ticket_keys holds what is unique across months):
  // the keys this batch gets are its new tickets, the first item of each creates it.
  const json = JSON.stringify(items.map((it, ord) => ({ ord, source: it.values.source, external_id: it.values.externalId, received_at: it.values.receivedAt ?? it.now })));
  const keys = rowsOf<{ ticket_id: number | string; source: string; external_id: string }>(
    await tx.execute(sql`
      insert into ticket_keys (ticket_id, source, external_id, received_at)
      select nextval('tickets_id_seq'), x.source, x.external_id, x.received_at
      from json_to_recordset(${json}::json) as x(ord int, source ticket_source, external_id text, received_at timestamptz) order by x.ord
      on conflict (source, external_id) do nothing
      returning ticket_id, source::text as source, external_id`),
  );
  const idOf = new Map(keys.map((k) => [keyOf(k.source, k.external_id), Number(k.ticket_id)]));
  const creator = new Map<string, number>();
  items.forEach((it, i) => {
    const k = keyOf(it.values.source, it.values.externalId);
    if (idOf.has(k) && !creator.has(k)) creator.set(k, i);
  });
  const inserted =
    creator.size > 0
      ? await tx
          .insert(tickets)
          .values([...creator].map(([k, i]) => ({ ...items[i]!.values, receivedAt: items[i]!.values.receivedAt ?? items[i]!.now, id: idOf.get(k)! })))
          .returning()
      : [];
  const stored = new Map(inserted.map((r) => [keyOf(r.source, r.externalId), r]));
  const wanted = items.filter((it) => !stored.has(keyOf(it.values.source, it.values.externalId)));
  if (wanted.length > 0) {
    const existing = await tx
      .select()
      .from(tickets)
      .where(
        inArray(
          tickets.id,
          tx
            .select({ id: ticketKeys.ticketId })
            .from(ticketKeys)
            .where(or(...wanted.map((it) => and(eq(ticketKeys.source, it.values.source), eq(ticketKeys.externalId, it.values.externalId))))),
        ),
      );
    for (const r of existing) stored.set(keyOf(r.source, r.externalId), r);
  }

  const results: IntakeResult[] = items.map((it, i) => {
    const k = keyOf(it.values.source, it.values.externalId);
    const row = stored.get(k);
    if (!row) throw new Error(`intake: ticket ${it.values.externalId} neither inserted nor found`);
    return { ticket: row, created: creator.get(k) === i };
  });
  const fresh = results.flatMap((r, i) => (r.created ? [{ r, it: items[i]! }] : []));
  if (fresh.length === 0) return results;

  const created: EventInsert[] = fresh.map(({ r, it }) => ({
    ticketId: r.ticket.id,
    type: "created",
    at: it.now,
    actor: it.actor.id,
    actorRole: it.actor.role,
    toStatus: "received",
    payload: { source: r.ticket.source, channel: r.ticket.channel, suggestedDepartmentId: r.ticket.suggestedDepartmentId },
  }));
  await tx.insert(ticketEvents).values(created);

  // Immediate answers are rare (consultations with a known answer): one update each, after every
  // created event, so each ticket's history still reads created → answered.
  const answers: EventInsert[] = [];
  for (const f of fresh) {
    const known = f.it.known;
    if (!known) continue;
    const { patch, event } = transition(f.r.ticket, { kind: "answerImmediately", answer: known.answer }, KNOWLEDGE_BASE_ACTOR, f.it.now);
    const [answered] = await tx.update(tickets).set({ ...patch, updatedAt: f.it.now }).where(eq(tickets.id, f.r.ticket.id)).returning();
    f.r.ticket = answered!;
    answers.push({
      ticketId: f.r.ticket.id,
      type: event.type,
      at: f.it.now,
      actor: KNOWLEDGE_BASE_ACTOR.id,
      actorRole: KNOWLEDGE_BASE_ACTOR.role,
      departmentId: event.departmentId,
      fromStatus: event.fromStatus,
      toStatus: event.toStatus,
      payload: { ...event.payload, knowledgeAnswerId: known.id, matterKey: known.matterKey },
    });
  }
  if (answers.length > 0) await tx.insert(ticketEvents).values(answers);

  // The counts' statement reads every month's partition through lateral joins: planned afresh for
  // each batch's ids it took about 4 ms, longer than running it. One generic plan serves them all.
  await tx.execute(sql`set local plan_cache_mode = force_generic_plan`);
  const counts = await tagger.counts(
    tx,
    fresh.map((f) => f.r.ticket.id),
  );
  const tagged = fresh.map(({ r, it }) => {
    const row = r.ticket;
    const tags = tagger.tags(
      {
        source: row.source,
        channel: row.channel,
        appealType: row.appealType,
        domain: row.domain,
        title: row.title,
        content: row.content,
        address: row.address,
        receivedAt: row.receivedAt,
        lat: row.lat,
        lng: row.lng,
        ...tagger.codes(row.gridCellId, row.communityId, row.streetId),
        ...it.basics,
      },
      { ...AT_INTAKE, status: row.status, answeredImmediately: it.known !== null },
      counts.get(row.id),
      it.now,
    );
    return { ticketId: row.id, tags: tagger.rows(tags) };
  });
  await insertRuleTags(tx, tagged);
  // The rows the callers get carry their tags: a fresh ticket has none but these.
  fresh.forEach(({ r }, i) => Object.assign(r.ticket, columnsOf(tagged[i]!.tags)));
  await addToHourlyRollup(
    tx,
    fresh.map((f) => f.r.ticket),
  );
  return results;
}

/**
 * One upsert for the batch, a row per (hour, cell, domain, source) with its count, in key order so
 * that concurrent batches lock shared rollup rows in the same order.
 */
async function addToHourlyRollup(tx: Tx, rows: readonly TicketRow[]): Promise<void> {
  const groups = new Map<string, { hour: Date; gridCellId: number; communityId: number; streetId: number; domain: string; source: TicketRow["source"]; received: number }>();
  for (const r of rows) {
    // Whole UTC hours are whole Beijing hours, so this groups exactly as date_trunc does below.
    const hour = new Date(Math.floor(r.receivedAt.getTime() / 3_600_000) * 3_600_000);
    const domain = r.domain ?? "UNKNOWN";
    const k = `${hour.toISOString()}|${String(r.gridCellId ?? 0).padStart(10, "0")}|${domain}|${r.source}`;
    const g = groups.get(k);
    if (g) g.received++;
    else groups.set(k, { hour, gridCellId: r.gridCellId ?? 0, communityId: r.communityId ?? 0, streetId: r.streetId ?? 0, domain, source: r.source, received: 1 });
  }
  const values = [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, g]) => ({ ...g, hour: sql`date_trunc('hour', ${g.hour.toISOString()}::timestamptz)` as unknown as Date }));
  await tx
    .insert(ticketRollupHourly)
    .values(values)
    .onConflictDoUpdate({
      target: [ticketRollupHourly.hour, ticketRollupHourly.gridCellId, ticketRollupHourly.domain, ticketRollupHourly.source],
      set: { received: sql`${ticketRollupHourly.received} + excluded.received` },
    });
}
