// A ticket's tags live on its row: tickets.tag_ids (ascending) and, parallel to it, tag_rules (the
// tag_rules entry — rule id and confidence — that set each tag, 0 where a person did) and tag_actors
// (who that person was, '' where a rule set the tag; empty while no person has set any). See
// docs/design/tagging.md. This file turns those columns into tag rows and back, and writes rule tags
// into them without touching people's.

import { sql } from "drizzle-orm";
import type { TagOrigin } from "@cityops/schema";
import type { Executor } from "./rule-tagger.js";
import type { ReferenceData } from "./reference.store.js";

/** One tag of a ticket with who set it, as GraphQL's TicketTag shows it. */
export interface TicketTagRow {
  tagId: number;
  origin: TagOrigin;
  confidence: number;
  ruleId: string | null;
  actor: string | null;
}

/** The tag columns of a ticket row. */
export interface TagColumns {
  tagIds: number[];
  tagRules: number[];
  tagActors: string[];
}

/** One tag as the columns hold it: `rule` is a tag_rules id, 0 where a person set the tag. */
export interface TagEntry {
  tagId: number;
  rule: number;
  actor: string;
}

/** Whether every rule a ticket's tags name is known here (another process may have added some). */
export const rulesKnown = (t: Pick<TagColumns, "tagRules">, ref: ReferenceData) => t.tagRules.every((r) => r === 0 || ref.tagRules.has(r));

export function entriesOf(t: TagColumns): TagEntry[] {
  return t.tagIds.map((tagId, i) => ({ tagId, rule: t.tagRules[i] ?? 0, actor: t.tagActors[i] ?? "" }));
}

/** The columns holding these tags (distinct by tag id, the last one kept). */
export function columnsOf(entries: readonly TagEntry[]): TagColumns {
  const sorted = [...new Map(entries.map((e) => [e.tagId, e])).values()].sort((a, b) => a.tagId - b.tagId);
  const byPerson = sorted.some((e) => e.rule === 0);
  return { tagIds: sorted.map((e) => e.tagId), tagRules: sorted.map((e) => e.rule), tagActors: byPerson ? sorted.map((e) => (e.rule === 0 ? e.actor : "")) : [] };
}

/** A ticket's tags with their provenance; the rules they name must be known (rulesKnown). */
export function tagsOf(t: TagColumns, ref: ReferenceData): TicketTagRow[] {
  return entriesOf(t).map((e) => {
    if (e.rule === 0) return { tagId: e.tagId, origin: "manual", confidence: 1, ruleId: null, actor: e.actor || null };
    const rule = ref.tagRules.get(e.rule);
    return { tagId: e.tagId, origin: "rule", confidence: rule?.confidence ?? 1, ruleId: rule?.ruleId ?? "unknown", actor: null };
  });
}

/**
 * Rule tags as the values of tag_ids and tag_rules in PostgreSQL's array text form, which both COPY
 * and json_populate_recordset read: the bulk paths write them with the ticket.
 */
export function ruleTagValues(entries: readonly TagEntry[]): [tagIds: string, rules: string] {
  const c = columnsOf(entries);
  return [`{${c.tagIds.join(",")}}`, `{${c.tagRules.join(",")}}`];
}

/** The columns ruleTagValues fills, in its order. */
export const RULE_TAG_COLUMNS = ["tag_ids", "tag_rules"] as const;

/**
 * Makes each ticket's rule tags exactly `tags`, in one statement. People's tags stay as they are,
 * and a rule's tag on a tag a person holds is left out. The new columns are computed from the row
 * as the update finds it, so a person's tag written meanwhile by a concurrent transaction is kept.
 */
export async function setRuleTags(exec: Executor, tickets: readonly { ticketId: number; tags: readonly TagEntry[] }[]): Promise<void> {
  if (tickets.length === 0) return;
  const json = JSON.stringify(
    tickets.map((t) => {
      const c = columnsOf(t.tags);
      return { id: t.ticketId, tag_ids: c.tagIds, rules: c.tagRules };
    }),
  );
  await exec.execute(sql`
    update tickets t set (tag_ids, tag_rules, tag_actors) = (
      select coalesce(array_agg(m.id order by m.id), '{}'), coalesce(array_agg(m.rule order by m.id), '{}'),
             case when bool_or(m.rule = 0) then array_agg(m.actor order by m.id) else '{}' end
      from (
        -- unnest pads tag_actors, empty while no person has set a tag, with nulls.
        select p.id, p.rule, coalesce(p.actor, '') as actor from unnest(t.tag_ids, t.tag_rules, t.tag_actors) as p(id, rule, actor)
        where p.rule = 0
        union all
        select r.id, r.rule, '' from unnest(x.tag_ids, x.rules) as r(id, rule)
        where not exists (select 1 from unnest(t.tag_ids, t.tag_rules) as q(id, rule) where q.rule = 0 and q.id = r.id)
      ) m)
    from json_to_recordset(${json}::json) as x(id bigint, tag_ids int[], rules smallint[])
    where t.id = x.id`);
}
