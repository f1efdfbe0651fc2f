// The warning engine's writes of one run, as three set-based statements instead of one statement
// per warning. Its transaction takes an xid at the first write, and until it commits no ticket event
// committed after that can be delivered (realtime/event-log.ts): a run that grows four hundred
// collective warnings at once, one UPDATE each, held every subscriber back for most of a second.

import { inArray, sql } from "drizzle-orm";
import { warnings } from "@cityops/schema";
import type { WarningCandidate } from "../domain/warnings/types.js";
import { rowsOf } from "./rule-tagger.js";
import type { Tx } from "./write.js";
import type { WarningRow } from "./warning.store.js";

export interface WarningUpdate {
  id: number;
  candidate: WarningCandidate;
  severity: WarningRow["severity"];
  evidenceTicketIds: number[];
  count: number;
  /** The severity rose: a new push position, status back to raised, a history entry. */
  escalation: { pushSeq: number; entry: Record<string, unknown> } | null;
}

export interface WarningWrites {
  raises: (typeof warnings.$inferInsert)[];
  updates: WarningUpdate[];
  resolves: { ids: number[]; by: string; note: string };
}

export interface WrittenWarnings {
  raised: WarningRow[];
  /** Ids whose update or resolution took: people may have resolved some meanwhile. */
  updated: Set<number>;
  resolved: Set<number>;
  /** Every written row as it is now, by id. */
  rows: Map<number, WarningRow>;
}

/**
 * Rows per statement for the inserts and re-reads. drizzle builds and maps every value in JS, and a
 * storm's thousand new warnings in one statement kept the event loop (and every subscriber's
 * delivery) for 50 ms or more; in parts, other work runs between the round trips. The transaction
 * writes no ticket events, so its length holds no delivery back (realtime/event-log.ts).
 */
const PART = 25;

function parts<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += PART) out.push(items.slice(i, i + PART));
  return out;
}

export async function writeWarnings(tx: Tx, w: WarningWrites, now: Date): Promise<WrittenWarnings> {
  const at = now.toISOString();
  const raised: WarningRow[] = [];
  for (const part of parts(w.raises)) raised.push(...(await tx.insert(warnings).values(part).returning()));
  const updated = new Set<number>();
  if (w.updates.length > 0) {
    const values = JSON.stringify(
      w.updates.map((u) => ({
        id: u.id,
        severity: u.severity,
        evidence: u.evidenceTicketIds,
        count: u.count,
        scope: u.candidate.scope,
        title: u.candidate.title,
        detail: u.candidate.detail,
        department_id: u.candidate.departmentId ?? null,
        push_seq: u.escalation?.pushSeq ?? null,
        entry: u.escalation ? [u.escalation.entry] : null,
      })),
    );
    const result = await tx.execute(sql`
      update warnings w set
        severity = v.severity::text::warning_severity,
        evidence_ticket_ids = array(select jsonb_array_elements_text(v.evidence)::bigint),
        count = v.count,
        scope = v.scope,
        title = v.title,
        detail = v.detail,
        department_id = coalesce(v.department_id, w.department_id),
        updated_at = ${at}::timestamptz,
        push_seq = coalesce(v.push_seq, w.push_seq),
        escalated_at = case when v.push_seq is null then w.escalated_at else ${at}::timestamptz end,
        status = case when v.push_seq is null then w.status else 'raised' end,
        history = case when v.entry is null then w.history else w.history || v.entry end
      from jsonb_to_recordset(${values}::jsonb) as v(id int, severity text, evidence jsonb, count int, scope jsonb, title text, detail text, department_id int, push_seq bigint, entry jsonb)
      -- People may have resolved it since it was read: a resolved warning stays resolved.
      where w.id = v.id and w.status <> 'resolved'
      returning w.id`);
    for (const r of rowsOf<{ id: number }>(result)) updated.add(Number(r.id));
  }
  const resolved = new Set<number>();
  if (w.resolves.ids.length > 0) {
    const entry = JSON.stringify([{ action: "resolved", by: w.resolves.by, at, note: w.resolves.note }]);
    const rows = await tx
      .update(warnings)
      .set({
        status: "resolved",
        resolvedBy: w.resolves.by,
        resolvedAt: now,
        resolutionNote: w.resolves.note,
        updatedAt: now,
        history: sql`${warnings.history} || ${entry}::jsonb`,
      })
      .where(sql`${inArray(warnings.id, w.resolves.ids)} and ${warnings.status} <> 'resolved'`)
      .returning({ id: warnings.id });
    for (const r of rows) resolved.add(r.id);
  }
  const rows = new Map<number, WarningRow>(raised.map((r) => [r.id, r]));
  const changed = [...updated, ...resolved];
  for (const part of parts(changed)) for (const r of await tx.select().from(warnings).where(inArray(warnings.id, part))) rows.set(r.id, r);
  return { raised, updated, resolved, rows };
}
