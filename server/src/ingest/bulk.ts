// The bulk intake path: many validated tickets per write. This file prepares the rows in JS (place
// by point-in-polygon, one dispatch suggestion per distinct text, cached; the facts the rule engine
// needs), tags them and has bulk-write.ts write them, one chunk per transaction, so subscribers are
// woken once per chunk and a failure leaves nothing half-written. A push system's batch is counted
// and tagged first and then written as one statement (tagThenWrite); an import's chunk is written,
// then counted and tagged in the same transaction (writeThenTag). Either way tickets earlier in the
// same chunk count too, and a ticket gets the same tags.

import type { Domain } from "@cityops/schema";
import type { Db } from "../db/client.js";
import type { Actor } from "../domain/actor.js";
import type { EventBus } from "../realtime/bus.js";
import type { DispatchService } from "../services/dispatch.service.js";
import type { Locator, NewTicket } from "../store/intake.store.js";
import type { ReferenceData } from "../store/reference.store.js";
import { AT_INTAKE, type TicketBasics } from "../domain/tagging/facts.js";
import { RuleTagger } from "../store/rule-tagger.js";
import { writeTx } from "../store/write.js";
import { candidateOf, copyNewTicketTags, insertTickets, rowKey, uniqueKey, writeTaggedBatch, type Inserted, type NewRowTag, type TagRow, type TicketValues } from "./bulk-write.js";

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
  /** Chunks up to this many rows are tagged before they are written (default TAG_BEFORE_ROWS). */
  tagBeforeRows?: number;
}

type Suggested = { departmentId: number | null; matterId: number | null; domain: Domain | null; timeLimitDays: number | null; byPrecedent: boolean };

/** Distinct texts whose suggestion is kept: an export's phrasings repeat across the whole file. */
const CACHE_SIZE = 20_000;

/**
 * Batches up to this many rows are tagged before they are written (tagThenWrite). Their counts read
 * the batch's own earlier rows without an index, which costs the square of its size: fine for a
 * push system's few dozen rows; an import's thousands are counted after the insert instead.
 */
const TAG_BEFORE_ROWS = 100;

type Prepared = { values: TicketValues; basics: TicketBasics };

const keyOf = (t: NewTicket) => uniqueKey(t.source, t.externalId.trim());

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
      if (this.cache.size >= CACHE_SIZE) this.cache.delete(this.cache.keys().next().value as string);
      this.cache.set(text, hit);
    }
    return hit;
  }

  private async row(item: BulkItem, now: Date): Promise<Prepared> {
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
    const values: TicketValues = [
      t.source, t.externalId.trim(), t.channel, t.appealType, basics.title, basics.content, basics.address, t.lat ?? null, t.lng ?? null,
      cell?.id ?? null, community?.id ?? null, community?.parentId ?? null, t.citizenName?.trim() || null, t.citizenPhone?.trim() || null,
      s.domain,
      // The department the source named outranks the suggester; its matter only if it agrees.
      named?.id ?? s.departmentId, matterId, receivedAt, t.raw ?? null, now,
    ];
    return { values, basics };
  }

  /** Writes one chunk in one transaction; items must already be validated (validateNewTicket). */
  async write(actor: Actor, items: readonly BulkItem[], now = new Date()): Promise<BulkOutcome> {
    const inserted = items.map(() => false);
    if (items.length === 0) return { created: 0, duplicates: 0, inserted };
    // Repeats inside the chunk count as duplicates: only the first of each key is written.
    const firstOf = new Map<string, number>();
    items.forEach((item, i) => {
      const k = keyOf(item.ticket);
      if (!firstOf.has(k)) firstOf.set(k, i);
    });
    const unique = [...firstOf.values()];
    const rows = await Promise.all(unique.map((i) => this.row(items[i]!, now)));
    const created = rows.length <= (this.opts.tagBeforeRows ?? TAG_BEFORE_ROWS) ? await this.tagThenWrite(actor, rows, now) : await this.writeThenTag(actor, rows, now);
    for (const r of created) inserted[firstOf.get(uniqueKey(r.source, r.external_id))!] = true;
    return { created: created.length, duplicates: items.length - created.length, inserted };
  }

  /**
   * A push system's batch: counted and tagged first, then written as one statement that is its own
   * transaction, so no round trip to this process happens while it holds its transaction id.
   */
  private async tagThenWrite(actor: Actor, rows: readonly Prepared[], now: Date): Promise<Inserted[]> {
    const counts = await this.tagger.countsBefore(this.db, rows.map((r) => candidateOf(r.values)));
    const tags: NewRowTag[] = [];
    rows.forEach((r, row) => {
      for (const t of this.tagger.tags(r.basics, AT_INTAKE, counts.get(row), now)) {
        const tagId = this.tagger.idOf(t.code);
        if (tagId !== undefined) tags.push({ row, tagId, confidence: t.confidence, ruleId: t.ruleId });
      }
    });
    return writeTaggedBatch(this.db, this.bus, rows.map((r) => r.values), tags, actor, now.toISOString());
  }

  /** An import's chunk: inserted, then counted by id and tagged inside the same transaction. */
  private writeThenTag(actor: Actor, rows: readonly Prepared[], now: Date): Promise<Inserted[]> {
    const at = now.toISOString();
    return writeTx(this.db, this.bus, async (tx) => {
      const ids = await insertTickets(tx, rows.map((r) => r.values), actor, at);
      const slot = new Map(rows.map((r, i) => [rowKey(r.values), i]));
      const counts = await this.tagger.counts(tx, ids.map((r) => r.id));
      const tagRows: TagRow[] = [];
      for (const r of ids) {
        const basics = rows[slot.get(uniqueKey(r.source, r.external_id))!]!.basics;
        tagRows.push(...this.tagger.rows(r.id, this.tagger.tags(basics, AT_INTAKE, counts.get(r.id), now), at));
      }
      await copyNewTicketTags(tx, tagRows);
      return ids;
    });
  }
}
