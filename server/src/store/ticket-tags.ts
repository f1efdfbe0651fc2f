// A ticket's tags live on its row: tickets.tag_ids (ascending) and, parallel to it, tag_rule_ids
// ('' where a person set the tag), tag_confidences and tag_actors ('' where a rule set it; empty
// while no person has set any tag). See docs/design/tagging.md. This file turns those columns into
// tag rows and back, and writes rule tags into them without touching people's.

import { sql } from "drizzle-orm";
import type { TagOrigin } from "@cityops/schema";
import type { Executor } from "./rule-tagger.js";

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
  tagRuleIds: string[];
  tagConfidences: number[];
  tagActors: string[];
}

/** A rule's tag on a ticket. */
export interface RuleTagEntry {
  tagId: number;
  ruleId: string;
  confidence: number;
}

export function tagsOf(t: TagColumns): TicketTagRow[] {
  return t.tagIds.map((tagId, i) => {
    const ruleId = t.tagRuleIds[i] || null;
    return { tagId, origin: ruleId === null ? "manual" : "rule", confidence: t.tagConfidences[i] ?? 1, ruleId, actor: t.tagActors[i] || null };
  });
}

/** The columns holding these tags (distinct by tag id). */
export function tagColumns(tags: readonly TicketTagRow[]): TagColumns {
  const sorted = [...new Map(tags.map((t) => [t.tagId, t])).values()].sort((a, b) => a.tagId - b.tagId);
  const byPerson = sorted.some((t) => t.origin === "manual");
  return {
    tagIds: sorted.map((t) => t.tagId),
    tagRuleIds: sorted.map((t) => (t.origin === "rule" ? t.ruleId || "unknown" : "")),
    tagConfidences: sorted.map((t) => t.confidence),
    tagActors: byPerson ? sorted.map((t) => (t.origin === "manual" ? (t.actor ?? "") : "")) : [],
  };
}

export const ruleTagRows = (entries: readonly RuleTagEntry[]): TicketTagRow[] =>
  entries.map((e) => ({ tagId: e.tagId, origin: "rule", confidence: e.confidence, ruleId: e.ruleId, actor: null }));

const quoted = (s: string) => `"${s.replace(/["\\]/g, "\\$&")}"`;

/**
 * Rule tags as the values of tag_ids, tag_rule_ids and tag_confidences in PostgreSQL's array text
 * form, which both COPY and json_populate_recordset read: the bulk paths write them with the ticket.
 */
export function ruleTagValues(entries: readonly RuleTagEntry[]): [tagIds: string, ruleIds: string, confidences: string] {
  const c = tagColumns(ruleTagRows(entries));
  return [`{${c.tagIds.join(",")}}`, `{${c.tagRuleIds.map(quoted).join(",")}}`, `{${c.tagConfidences.join(",")}}`];
}

/** The columns ruleTagValues fills, in its order. */
export const RULE_TAG_COLUMNS = ["tag_ids", "tag_rule_ids", "tag_confidences"] as const;

/**
 * Makes each ticket's rule tags exactly `tags`, in one statement. People's tags stay as they are,
 * and a rule's tag on a tag a person holds is left out. The new columns are computed from the row
 * as the update finds it, so a person's tag written meanwhile by a concurrent transaction is kept.
 */
export async function setRuleTags(exec: Executor, tickets: readonly { ticketId: number; tags: readonly RuleTagEntry[] }[]): Promise<void> {
  if (tickets.length === 0) return;
  const json = JSON.stringify(
    tickets.map((t) => {
      const c = tagColumns(ruleTagRows(t.tags));
      return { id: t.ticketId, tag_ids: c.tagIds, rule_ids: c.tagRuleIds, confidences: c.tagConfidences };
    }),
  );
  await exec.execute(sql`
    update tickets t set (tag_ids, tag_rule_ids, tag_confidences, tag_actors) = (
      select coalesce(array_agg(m.id order by m.id), '{}'), coalesce(array_agg(m.rule order by m.id), '{}'),
             coalesce(array_agg(m.conf order by m.id), '{}'),
             case when bool_or(m.rule = '') then array_agg(m.actor order by m.id) else '{}' end
      from (
        -- unnest pads tag_actors, empty while no person has set a tag, with nulls.
        select p.id, p.rule, p.conf, coalesce(p.actor, '') as actor
        from unnest(t.tag_ids, t.tag_rule_ids, t.tag_confidences, t.tag_actors) as p(id, rule, conf, actor)
        where p.rule = ''
        union all
        select r.id, r.rule, r.conf, '' from unnest(x.tag_ids, x.rule_ids, x.confidences) as r(id, rule, conf)
        where not exists (select 1 from unnest(t.tag_ids, t.tag_rule_ids) as q(id, rule) where q.rule = '' and q.id = r.id)
      ) m)
    from json_to_recordset(${json}::json) as x(id bigint, tag_ids int[], rule_ids text[], confidences real[])
    where t.id = x.id`);
}
