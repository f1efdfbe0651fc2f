// Re-tagging a time range after the rules changed: the rule tags (origin 'rule') of every ticket
// received in [from, to) become what the current rule set says, in chunks of tickets, each chunk one
// transaction. Tags set or confirmed by people (origin 'manual') are never touched, and in a
// single-valued category a person's choice also keeps the rules from adding a competing value.
// Only differences are written, so running it again changes nothing.

import { sql } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { categoryOf, EXCLUSIVE } from "../domain/tagging/evaluate.js";
import type { ConsultationState } from "../domain/tagging/types.js";
import type { Loop, Satisfaction, TicketStatus } from "@cityops/schema";
import type { ReferenceData } from "./reference.store.js";
import { rowsOf, RuleTagger } from "./rule-tagger.js";
import { entriesOf, setRuleTags, type TagEntry } from "./ticket-tags.js";

export interface RetagProgress {
  /** Tickets in the range, counted before the first chunk. */
  total: number;
  done: number;
  /** Tickets whose rule tags changed. */
  changed: number;
  added: number;
  removed: number;
  updated: number;
  elapsedMs: number;
}

export interface RetagResult extends RetagProgress {
  ruleSetVersion: string;
}

interface Row {
  id: number;
  source: string;
  channel: string;
  appeal_type: string;
  domain: string | null;
  title: string | null;
  content: string;
  address: string | null;
  received_at: string | Date;
  lat: number | null;
  lng: number | null;
  grid_cell_id: number | null;
  community_id: number | null;
  street_id: number | null;
  status: string;
  loop: string;
  satisfaction: string | null;
  reopen_count: number;
  return_count: number;
  supervision_count: number;
  due_at: string | Date | null;
  replied_at: string | Date | null;
  matter_matched: boolean;
  time_limit_days: number | null;
  by_precedent: boolean;
  answered: boolean;
  consultation: string;
  determined: boolean;
  methods: string[] | string | null;
  tag_ids: number[];
  tag_rules: number[];
  tag_actors: string[];
}

const date = (v: string | Date | null) => (v === null ? null : v instanceof Date ? v : new Date(v));
/** PGlite returns text[] as an array; some paths give the literal "{a,b}". */
const list = (v: string[] | string | null): string[] => (v === null ? [] : Array.isArray(v) ? v : v.replace(/^\{|\}$/g, "").split(",").filter(Boolean));

export class RetagStore {
  readonly tagger: RuleTagger;

  constructor(
    private readonly db: Db,
    ref: ReferenceData,
  ) {
    this.tagger = new RuleTagger(ref);
  }

  async retag(from: Date, to: Date, opts: { chunkSize?: number; now?: Date; onProgress?: (p: RetagProgress) => void } = {}): Promise<RetagResult> {
    const started = Date.now();
    await this.tagger.ensureRules();
    const chunk = opts.chunkSize ?? 1000;
    const now = opts.now ?? new Date();
    const [count] = rowsOf<{ n: number }>(
      await this.db.execute(sql`select count(*)::int as n from tickets where received_at >= ${from.toISOString()}::timestamptz and received_at < ${to.toISOString()}::timestamptz`),
    );
    const p: RetagProgress = { total: Number(count?.n ?? 0), done: 0, changed: 0, added: 0, removed: 0, updated: 0, elapsedMs: 0 };
    opts.onProgress?.({ ...p });
    // Keyset over (received_at, id): served by the received_at index, stable while new tickets arrive.
    let after: { at: string; id: number } | null = null;
    for (;;) {
      const n: number = await this.db.transaction(async (tx) => {
        const rows = rowsOf<Row>(
          await tx.execute(sql`select t.id, t.source, t.channel, t.appeal_type, t.domain, t.title, t.content, t.address, t.received_at, t.lat, t.lng,
              t.grid_cell_id, t.community_id, t.street_id, t.status, t.loop, t.satisfaction, t.reopen_count, t.return_count, t.supervision_count,
              t.due_at, t.replied_at,
              coalesce(t.matter_id, t.suggested_matter_id) is not null as matter_matched,
              m.time_limit_days,
              exists (select 1 from precedents p where p.active and p.department_id = t.department_id
                      and p.matter_id = coalesce(t.matter_id, t.suggested_matter_id)) as by_precedent,
              exists (select 1 from ticket_events e where e.ticket_id = t.id and e.type = 'answered_immediately') as answered,
              coalesce((select case when bool_or(c.status = 'open') then 'opened' else 'concluded' end
                        from consultations c where t.id = any(c.ticket_ids)), 'none') as consultation,
              exists (select 1 from determinations d where t.id = any(d.ticket_ids)) as determined,
              (select array_agg(distinct s.method::text) from supervisions s where s.ticket_id = t.id) as methods,
              to_json(t.tag_ids) as tag_ids, to_json(t.tag_rules) as tag_rules, to_json(t.tag_actors) as tag_actors
            from tickets t left join matters m on m.id = coalesce(t.matter_id, t.suggested_matter_id)
            where t.received_at >= ${from.toISOString()}::timestamptz and t.received_at < ${to.toISOString()}::timestamptz
              ${after ? sql`and (t.received_at, t.id) > (${after.at}::timestamptz, ${after.id})` : sql``}
            order by t.received_at, t.id
            limit ${chunk}`),
        );
        if (rows.length === 0) return 0;
        const last = rows[rows.length - 1]!;
        after = { at: date(last.received_at)!.toISOString(), id: Number(last.id) };
        await this.apply(tx, rows, now, p);
        return rows.length;
      });
      if (n === 0) break;
      p.done += n;
      p.elapsedMs = Date.now() - started;
      opts.onProgress?.({ ...p });
      if (n < chunk) break;
    }
    p.elapsedMs = Date.now() - started;
    return { ...p, ruleSetVersion: this.tagger.ruleSet.version };
  }

  /** Computes the chunk's rule tags and writes the tickets whose rule tags differ: one statement at most. */
  private async apply(tx: Pick<Db, "execute">, rows: readonly Row[], now: Date, p: RetagProgress): Promise<void> {
    const counts = await this.tagger.counts(
      tx,
      rows.map((r) => Number(r.id)),
    );
    const changed: { ticketId: number; tags: TagEntry[] }[] = [];
    for (const r of rows) {
      const id = Number(r.id);
      const tags = this.tagger.tags(
        {
          source: r.source as never,
          channel: r.channel as never,
          appealType: r.appeal_type as never,
          domain: r.domain as never,
          title: r.title,
          content: r.content,
          address: r.address,
          receivedAt: date(r.received_at)!,
          lat: r.lat === null ? null : Number(r.lat),
          lng: r.lng === null ? null : Number(r.lng),
          ...this.tagger.codes(r.grid_cell_id, r.community_id, r.street_id),
          matterMatched: r.matter_matched,
          matterTimeLimitDays: r.time_limit_days === null ? null : Number(r.time_limit_days),
          byPrecedent: r.by_precedent,
        },
        {
          status: r.status as TicketStatus,
          loop: r.loop as Loop,
          satisfaction: r.satisfaction as Satisfaction | null,
          reopenCount: Number(r.reopen_count),
          returnCount: Number(r.return_count),
          supervisionCount: Number(r.supervision_count),
          supervisionMethods: list(r.methods),
          answeredImmediately: r.answered,
          consultation: r.consultation as ConsultationState,
          determined: r.determined,
          dueAt: date(r.due_at),
          repliedAt: date(r.replied_at),
        },
        counts.get(id),
        now,
      );
      const mine = entriesOf({ tagIds: r.tag_ids, tagRules: r.tag_rules, tagActors: r.tag_actors });
      const manualTags = new Set(mine.filter((h) => h.rule === 0).map((h) => h.tagId));
      const categoryOfTag = (tagId: number) => categoryOf(this.tagger.codeOf(tagId) ?? ".");
      const manualCategories = new Set([...manualTags].map(categoryOfTag));
      // A person's tag, or a person's value in a single-valued category, stands against the rules.
      const wanted = this.tagger.rows(tags).filter((w) => {
        const cat = categoryOfTag(w.tagId);
        return !manualTags.has(w.tagId) && !(EXCLUSIVE.has(cat) && manualCategories.has(cat));
      });
      const current = new Map(mine.filter((h) => h.rule !== 0).map((h) => [h.tagId, h]));
      let touched = false;
      for (const w of wanted) {
        const c = current.get(w.tagId);
        if (!c) p.added++;
        // An entry of tag_rules is one rule id with one confidence: a different entry differs in either.
        else if (c.rule !== w.rule) p.updated++;
        else continue;
        touched = true;
      }
      const keep = new Set(wanted.map((w) => w.tagId));
      for (const tagId of current.keys()) {
        if (keep.has(tagId)) continue;
        p.removed++;
        touched = true;
      }
      if (!touched) continue;
      p.changed++;
      changed.push({ ticketId: id, tags: wanted });
    }
    await setRuleTags(tx, changed);
  }
}
