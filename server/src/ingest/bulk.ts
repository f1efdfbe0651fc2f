// The bulk intake path: many validated tickets in two statements per chunk. Tickets, their
// `created` events and the hourly rollup are written by one INSERT with data-modifying CTEs that
// all hang off `INSERT … ON CONFLICT DO NOTHING RETURNING`; the rule tags by a second one, for the
// returned ids only, after one more statement counts earlier tickets for the history and collective
// rules (inside the transaction, so tickets earlier in the same chunk count too). So only rows actually inserted get an event, tags and a rollup count:
// replays and races change nothing and the rollup stays exact. Each chunk is one transaction
// through writeTx, so subscribers are woken once per chunk and a failure leaves nothing half-written.

import { sql } from "drizzle-orm";
import type { Domain } from "@cityops/schema";
import type { Db } from "../db/client.js";
import type { Actor } from "../domain/actor.js";
import type { EventBus } from "../realtime/bus.js";
import type { DispatchService } from "../services/dispatch.service.js";
import type { Locator, NewTicket } from "../store/intake.store.js";
import type { ReferenceData } from "../store/reference.store.js";
import { writeTx } from "../store/write.js";
import { AT_INTAKE, type TicketBasics } from "../domain/tagging/facts.js";
import { insertRuleTags, rowsOf, RuleTagger } from "../store/rule-tagger.js";

export interface BulkItem {
  ticket: NewTicket;
  /** A department code the source proposed: used as the dispatch suggestion when it is known. */
  departmentCode?: string | undefined;
}

export interface BulkOutcome {
  created: number;
  /** Already stored, or repeated earlier in the same chunk. */
  duplicates: number;
  /** Whether each item (by position) was inserted by this call. */
  inserted: boolean[];
}

export interface BulkOptions {
  /** Store a dispatch suggestion with each ticket (BM25 over matters, precedents, history). */
  suggest?: boolean;
}

type Suggested = { departmentId: number | null; matterId: number | null; domain: Domain | null; timeLimitDays: number | null; byPrecedent: boolean };

const keyOf = (t: NewTicket) => `${t.source}\u0000${t.externalId.trim()}`;

export class BulkIntake {
  /** Imports repeat the same texts (a category + descriptor column): suggest each text once. */
  private readonly cache = new Map<string, Promise<Suggested>>();
  private readonly tagger: RuleTagger;

  constructor(
    private readonly db: Db,
    private readonly ref: ReferenceData,
    private readonly locator: () => Locator,
    private readonly dispatch: DispatchService,
    private readonly bus: EventBus,
    private readonly opts: BulkOptions = {},
  ) {
    this.tagger = new RuleTagger(ref);
  }

  private suggestion(text: string): Promise<Suggested> {
    let hit = this.cache.get(text);
    if (!hit) {
      hit = (async () => {
        const [top] = await this.dispatch.suggest(text, 1);
        const matter = top?.matterId ? await this.dispatch.matter(top.matterId) : null;
        return {
          departmentId: top?.departmentId ?? null,
          matterId: top?.matterId ?? null,
          domain: matter?.domain ?? null,
          timeLimitDays: matter?.timeLimitDays ?? null,
          byPrecedent: top?.precedentId != null,
        };
      })();
      if (this.cache.size >= 5000) this.cache.delete(this.cache.keys().next().value as string);
      this.cache.set(text, hit);
    }
    return hit;
  }

  private async row(item: BulkItem, now: Date) {
    const t = item.ticket;
    const cellId = t.lat !== undefined && t.lng !== undefined ? this.locator().locate(t.lat, t.lng) : null;
    const cell = cellId !== null ? this.ref.regions.get(cellId) : undefined;
    const community = cell?.parentId ? this.ref.regions.get(cell.parentId) : undefined;
    const s: Suggested = this.opts.suggest === false ? { departmentId: null, matterId: null, domain: null, timeLimitDays: null, byPrecedent: false } : await this.suggestion(`${t.title ?? ""} ${t.content}`);
    const named = item.departmentCode ? this.ref.departmentsByCode.get(item.departmentCode) : undefined;
    const receivedAt = t.receivedAt ?? now;
    const matterId = !named || named.id === s.departmentId ? s.matterId : null;
    const basics: TicketBasics = {
      source: t.source,
      channel: t.channel,
      appealType: t.appealType,
      domain: s.domain,
      title: t.title?.trim() || null,
      content: t.content.trim(),
      address: t.address?.trim() || null,
      receivedAt,
      lat: t.lat ?? null,
      lng: t.lng ?? null,
      ...this.tagger.codes(cell?.id ?? null, community?.id ?? null, community?.parentId ?? null),
      matterMatched: matterId !== null,
      matterTimeLimitDays: matterId !== null ? s.timeLimitDays : null,
      byPrecedent: matterId !== null && s.byPrecedent,
    };
    return {
      source: t.source,
      external_id: t.externalId.trim(),
      channel: t.channel,
      appeal_type: t.appealType,
      title: t.title?.trim() || null,
      content: t.content.trim(),
      address: t.address?.trim() || null,
      lat: t.lat ?? null,
      lng: t.lng ?? null,
      grid_cell_id: cell?.id ?? null,
      community_id: community?.id ?? null,
      street_id: community?.parentId ?? null,
      citizen_name: t.citizenName?.trim() || null,
      citizen_phone: t.citizenPhone?.trim() || null,
      domain: s.domain,
      // The department the source named outranks the suggester; its matter only if it agrees.
      suggested_department_id: named?.id ?? s.departmentId,
      suggested_matter_id: matterId,
      received_at: receivedAt.toISOString(),
      raw: t.raw ?? null,
      updated_at: now.toISOString(),
      basics,
    };
  }

  /** Writes one chunk in one transaction; items must already be validated (validateNewTicket). */
  async write(actor: Actor, items: readonly BulkItem[], now = new Date()): Promise<BulkOutcome> {
    const inserted = items.map(() => false);
    if (items.length === 0) return { created: 0, duplicates: 0, inserted };
    const firstOf = new Map<string, number>();
    items.forEach((item, i) => {
      const k = keyOf(item.ticket);
      if (!firstOf.has(k)) firstOf.set(k, i);
    });
    const unique = [...firstOf.values()];
    const rows = await Promise.all(unique.map((i) => this.row(items[i]!, now)));
    const basicsOf = new Map<number, TicketBasics>(rows.map((r, k) => [unique[k]!, r.basics]));
    const ticketJson = JSON.stringify(rows.map(({ basics: _basics, ...r }) => r));
    const at = now.toISOString();
    const statement = sql`
      with input as (select * from json_populate_recordset(null::tickets, ${ticketJson}::json)),
      ins as (
        insert into tickets (source, external_id, channel, appeal_type, title, content, address, lat, lng, grid_cell_id, community_id,
                             street_id, citizen_name, citizen_phone, status, domain, suggested_department_id, suggested_matter_id,
                             received_at, raw, updated_at)
        select source, external_id, channel, appeal_type, title, content, address, lat, lng, grid_cell_id, community_id,
               street_id, citizen_name, citizen_phone, 'received', domain, suggested_department_id, suggested_matter_id,
               received_at, raw, updated_at
        from input
        on conflict (source, external_id) do nothing
        returning id, source, external_id, channel, received_at, grid_cell_id, community_id, street_id, domain, suggested_department_id
      ),
      ev as (
        insert into ticket_events (ticket_id, type, at, actor, actor_role, to_status, payload)
        select id, 'created', ${at}::timestamptz, ${actor.id}, ${actor.role}::text::role, 'received',
               jsonb_build_object('source', source, 'channel', channel, 'suggestedDepartmentId', suggested_department_id)
        from ins order by id
      ),
      ro as (
        insert into ticket_rollup_hourly (hour, grid_cell_id, community_id, street_id, domain, source, received)
        select date_trunc('hour', received_at), coalesce(grid_cell_id, 0), coalesce(community_id, 0), coalesce(street_id, 0),
               coalesce(domain::text, 'UNKNOWN'), source, count(*)::int
        from ins group by 1, 2, 3, 4, 5, 6
        on conflict (hour, grid_cell_id, domain, source) do update set received = ticket_rollup_hourly.received + excluded.received
      )
      select id, source::text as source, external_id from ins`;
    const created = await writeTx(this.db, this.bus, async (tx) => {
      const ids = rowsOf<{ id: number; source: string; external_id: string }>(await tx.execute(statement));
      // Tags by ticket id in a second statement: joining the returned rows to the tag list by external
      // id inside the first would be planned as a nested loop (the planner cannot size either side).
      const counts = await this.tagger.counts(tx, ids.map((r) => Number(r.id)));
      const tagRows: ReturnType<RuleTagger["rows"]> = [];
      for (const r of ids) {
        const i = firstOf.get(`${r.source}\u0000${r.external_id}`);
        if (i === undefined) continue;
        inserted[i] = true;
        const id = Number(r.id);
        tagRows.push(...this.tagger.rows(id, this.tagger.tags(basicsOf.get(i)!, AT_INTAKE, counts.get(id), now), at));
      }
      await insertRuleTags(tx, tagRows);
      return ids;
    });
    return { created: created.length, duplicates: items.length - created.length, inserted };
  }
}
