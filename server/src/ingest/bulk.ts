// The bulk intake path: many validated tickets per write. This file prepares the rows in JS (place
// by point-in-polygon, one dispatch suggestion per distinct text, cached; the facts the rule engine
// needs), tags them and has bulk-write.ts write them with their tags, one chunk per transaction, so
// subscribers are woken once per chunk and a failure leaves nothing half-written. A push system's
// batch is counted and tagged first and then written as one statement (tagThenWrite); an import's
// chunk is counted against an indexed staging table, tagged and written in one transaction
// (stageThenWrite). Either way tickets earlier in the same chunk count too, and a ticket gets the
// same tags.

import type { Domain } from "@cityops/schema";
import type { Db } from "../db/client.js";
import type { Actor } from "../domain/actor.js";
import type { EventBus } from "../realtime/bus.js";
import type { DispatchService } from "../services/dispatch.service.js";
import type { Locator, NewTicket } from "../store/intake.store.js";
import type { ReferenceData } from "../store/reference.store.js";
import { AT_INTAKE, type LifecycleFacts, type TicketBasics } from "../domain/tagging/facts.js";
import { RuleTagger, type Candidate, type PriorCounts } from "../store/rule-tagger.js";
import type { TagEntry } from "../store/ticket-tags.js";
import { collectiveWindows, historyWindows } from "../domain/tagging/evaluate.js";
import { WindowCounts } from "../domain/tagging/window-counts.js";
import { ensureTicketMonths } from "../store/ticket-months.js";
import { writeTx } from "../store/write.js";
import { TICKET_COLUMNS, candidateOf, insertTickets, uniqueKey, withTags, withoutJit, writeTaggedBatch, type Inserted, type TicketValues } from "./bulk-write.js";
import { DepartmentResolver, type Resolved } from "./departments.js";
import { insertHistory, intArray, loadHistory, storedKeys, type HistoryRow, type HistoryValues } from "./history-write.js";
import { HistoryMonths, monthIndex } from "./history-months.js";
import type { HistoryItem } from "./mapping-history.js";
import { isoString } from "../domain/iso-time.js";
import { SUGGESTION_CACHE_TEXTS, SuggestionCache } from "./suggestion-cache.js";

export interface BulkItem {
  ticket: NewTicket;
  /** A department code the source proposed: used as the dispatch suggestion when it is known. */
  departmentCode?: string | undefined;
  /** What happened to the ticket at its source (history imports): it is written in that state. */
  history?: HistoryItem | undefined;
}

export interface BulkOutcome {
  created: number;
  /** Already stored, or repeated earlier in the same chunk. */
  duplicates: number;
  /** Whether each item (by position) was inserted by this call. */
  inserted: boolean[];
  /** Items refused by what only the database knows (an unknown department), by position. */
  refused: { index: number; reason: string }[];
}

export interface BulkOptions {
  /** Store a dispatch suggestion with each ticket (BM25 over matters, precedents, history). */
  suggest?: boolean;
  /** Chunks up to this many rows are tagged before they are written (default TAG_BEFORE_ROWS). */
  tagBeforeRows?: number;
  /**
   * The rows are history (`cityops import`): each is written in the state its source recorded,
   * and subscribers get one `imported` event per chunk instead of a `created` event per ticket.
   * `file` names the import in that event.
   */
  history?: { file: string | null };
  /**
   * A history import counts its rows for the history and collective rules in memory where it can
   * (default); false counts every chunk in the database, as other bulk writes do.
   */
  countInMemory?: boolean;
  /**
   * A history import writes each month that has no partition yet as a plain table without indexes
   * and attaches it at `finish()`, so its indexes are built once. Only for one import at a time
   * (`cityops import`): a month it fills is invisible until then.
   */
  loadNewMonths?: boolean;
  /**
   * The database takes more than one connection (PostgreSQL): a month the import has moved past is
   * attached while the next chunk is prepared. Otherwise it is attached before the next is written.
   */
  concurrent?: boolean;
}

type Suggested = { departmentId: number | null; matterId: number | null; domain: Domain | null; timeLimitDays: number | null; byPrecedent: boolean };

/**
 * Batches up to this many rows are counted from their own JSON (tagThenWrite). Their counts read
 * the batch's own earlier rows without an index, which costs the square of its size: fine for a
 * push system's few dozen rows; an import's thousands are counted against an indexed staging table.
 */
const TAG_BEFORE_ROWS = 100;

type Prepared = { values: TicketValues; basics: TicketBasics };

/** A history chunk staged for writing: resolved, prepared and, when counted in memory, tagged. */
interface StagedHistory {
  firstOf: Map<string, number>;
  unique: number[];
  resolved: Map<number, { lead: Resolved | null; co: Resolved[] }>;
  create: Map<string, string>;
  prepared: Prepared[];
  lives: LifecycleFacts[];
  candidates: Candidate[];
  tags: TagEntry[][] | null;
  refused: BulkOutcome["refused"];
}

const SUGGESTED_DEPARTMENT = TICKET_COLUMNS.indexOf("suggested_department_id");

const keyOf = (t: NewTicket) => uniqueKey(t.source, t.externalId.trim());

/** The lifecycle facts the tag rules see for a ticket with this history. */
function historyFacts(h: HistoryItem | undefined, receivedAt: Date): LifecycleFacts {
  if (!h) return AT_INTAKE;
  const life = h.life;
  return {
    ...AT_INTAKE,
    status: life.status,
    satisfaction: life.satisfaction,
    reopenCount: life.reopenCount,
    // Closed with nobody dispatched: answered on the call (即问即答).
    answeredImmediately: life.status === "closed" && h.department === null && life.closedAt !== null && life.closedAt.getTime() >= receivedAt.getTime(),
    dueAt: life.dueAt,
    repliedAt: life.repliedAt,
  };
}

export class BulkIntake {
  /** Imports repeat the same texts (a category + descriptor column): suggest each text once. */
  private readonly cache = new SuggestionCache<Suggested>(SUGGESTION_CACHE_TEXTS, (s) => `${s.departmentId}|${s.matterId}|${s.domain}|${s.timeLimitDays}|${s.byPrecedent}`);
  private readonly tagger: RuleTagger;
  private readonly departments: DepartmentResolver;
  /** A history import's counts in memory (null for other bulk writes). */
  private readonly windows: WindowCounts | null;
  /** When this import began: its tickets' `imported_at`, which tells them from everyone else's. */
  private readonly startedAt = new Date();
  /** Where a history import's months go, and whose tickets they hold (null for other bulk writes). */
  private readonly months: HistoryMonths | null;
  /** Who writes this import: the `imported` event of the months it attaches names them. */
  private actor: Actor | null = null;
  /** Whether the next history chunk's stored keys are looked up before it is prepared. */
  private lookUpStored = true;
  /** Chunks whose rule counts came from memory and from the database. */
  readonly counted = { inMemory: 0, inDatabase: 0 };

  constructor(
    private readonly db: Db,
    private readonly ref: ReferenceData,
    private readonly locator: () => Locator,
    private readonly dispatch: DispatchService,
    private readonly bus: EventBus,
    private readonly opts: BulkOptions = {},
  ) {
    this.tagger = new RuleTagger(ref);
    this.departments = new DepartmentResolver(ref);
    this.months = opts.history ? new HistoryMonths(db, bus, this.startedAt, opts.history.file) : null;
    this.windows = opts.history && opts.countInMemory !== false ? new WindowCounts(historyWindows(this.tagger.ruleSet), collectiveWindows(this.tagger.ruleSet)) : null;
  }

  /** After the last chunk: attaches the months a history import filled outside `tickets`. */
  async finish(): Promise<void> {
    if (this.actor) await this.months?.finish(this.actor);
  }

  /**
   * The chunk's counts from memory, or null when they must come from the database: a row out of
   * time order beyond what memory keeps, or someone else's tickets (live intake, an earlier import,
   * a first run of this file) in a month the chunk's windows reach. This month and the last are
   * always someone else's: live intake writes there while the import runs.
   */
  private async countInMemory(candidates: readonly Candidate[]): Promise<Map<number, PriorCounts> | null> {
    if (!this.windows || candidates.length === 0) return null;
    const counts = this.windows.countAndAdd(
      candidates.map((c) => ({ receivedAt: c.receivedAt.getTime(), phone: c.phone, address: c.address, cellId: c.cellId, communityId: c.communityId, matterId: c.matterId })),
    );
    const times = candidates.map((c) => c.receivedAt.getTime());
    const others = await this.months!.othersBetween(times.reduce((a, b) => Math.min(a, b)) - this.windows.span, times.reduce((a, b) => Math.max(a, b)));
    if (others || !counts) return null;
    return new Map(counts.map((c, i) => [i, c]));
  }

  private suggestion(text: string): Suggested | Promise<Suggested> {
    return this.cache.get(text, async () => {
      const [top] = await this.dispatch.suggest(text, 1);
      const matter = top?.matterId ? await this.dispatch.matter(top.matterId) : null;
      return {
        departmentId: top?.departmentId ?? null,
        matterId: top?.matterId ?? null,
        domain: matter?.domain ?? null,
        timeLimitDays: matter?.timeLimitDays ?? null,
        byPrecedent: top?.precedentId != null,
      };
    });
  }

  /** `departmentId`: the department a history row was handled by, which outranks the suggester. */
  private async row(item: BulkItem, now: Date, departmentId: number | null = null): Promise<Prepared> {
    const t = item.ticket;
    const cellId = t.lat !== undefined && t.lng !== undefined ? this.locator().locate(t.lat, t.lng) : null;
    const cell = cellId !== null ? this.ref.regions.get(cellId) : undefined;
    const community = cell?.parentId ? this.ref.regions.get(cell.parentId) : undefined;
    const s: Suggested = this.opts.suggest === false ? { departmentId: null, matterId: null, domain: null, timeLimitDays: null, byPrecedent: false } : await this.suggestion(`${t.title ?? ""} ${t.content}`);
    const named = departmentId !== null ? this.ref.departments.get(departmentId) ?? { id: departmentId } : item.departmentCode ? this.ref.departmentsByCode.get(item.departmentCode) : undefined;
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
    return (await this.stage(actor, items, now))();
  }

  /**
   * Prepares one chunk and returns what writes it. A history import's chunk is placed, suggested
   * and, when memory can count it, tagged here, so that the next chunk can be prepared while this
   * one is written; chunks must be staged in file order and written in that order. Only on
   * PostgreSQL may a chunk be staged while another is written: an embedded database has one
   * connection, which the writing transaction holds.
   */
  async stage(actor: Actor, items: readonly BulkItem[], now = new Date()): Promise<() => Promise<BulkOutcome>> {
    await this.tagger.ensureRules();
    // History lands in its own months' partitions (or load tables) rather than the default one.
    if (this.opts.history && this.opts.loadNewMonths) await this.months!.plan(items.map((i) => i.ticket.receivedAt ?? now), actor);
    else await ensureTicketMonths(this.db, items.map((i) => i.ticket.receivedAt ?? now));
    if (this.opts.history) return this.stageHistory(actor, items, this.opts.history.file, now);
    return () => this.writeNow(actor, items, now);
  }

  private async writeNow(actor: Actor, items: readonly BulkItem[], now: Date): Promise<BulkOutcome> {
    const inserted = items.map(() => false);
    if (items.length === 0) return { created: 0, duplicates: 0, inserted, refused: [] };
    // Repeats inside the chunk count as duplicates: only the first of each key is written.
    const firstOf = new Map<string, number>();
    items.forEach((item, i) => {
      const k = keyOf(item.ticket);
      if (!firstOf.has(k)) firstOf.set(k, i);
    });
    const unique = [...firstOf.values()];
    const rows = await Promise.all(unique.map((i) => this.row(items[i]!, now)));
    const created = rows.length <= (this.opts.tagBeforeRows ?? TAG_BEFORE_ROWS) ? await this.tagThenWrite(actor, rows, now) : await this.stageThenWrite(actor, rows, now);
    for (const r of created) inserted[firstOf.get(uniqueKey(r.source, r.external_id))!] = true;
    return { created: created.length, duplicates: items.length - created.length, inserted, refused: [] };
  }

  /**
   * A push system's batch: counted and tagged first, then written as one statement that is its own
   * transaction, so no round trip to this process happens while it holds its transaction id.
   */
  private async tagThenWrite(actor: Actor, rows: readonly Prepared[], now: Date): Promise<Inserted[]> {
    const counts = await this.tagger.countsBefore(this.db, rows.map((r) => candidateOf(r.values)));
    const tagged = rows.map((r, i) => withTags(r.values, this.tagger.rows(this.tagger.tags(r.basics, AT_INTAKE, counts.get(i), now))));
    return writeTaggedBatch(this.db, this.bus, tagged, actor, now.toISOString());
  }

  /** An import's chunk: counted against its staging table, tagged and inserted in one transaction. */
  private stageThenWrite(actor: Actor, rows: readonly Prepared[], now: Date): Promise<Inserted[]> {
    return writeTx(this.db, this.bus, async (tx) => {
      await withoutJit(tx);
      const counts = await this.tagger.countsStaged(tx, rows.map((r) => candidateOf(r.values)));
      const tagged = rows.map((r, i) => withTags(r.values, this.tagger.rows(this.tagger.tags(r.basics, AT_INTAKE, counts.get(i), now))));
      return insertTickets(tx, tagged, actor, now.toISOString());
    });
  }

  /**
   * A history chunk: departments resolved (or created when the mapping allows), each ticket counted,
   * tagged with the lifecycle facts it really has and written in the state its source recorded, in
   * one transaction. Rows naming an unknown department are refused, not written. The counts come
   * from memory (`windows`) when no one else's tickets share the chunk's windows; then the chunk is
   * tagged before its transaction. Otherwise they are counted in the database, inside it.
   */
  private async stageHistory(actor: Actor, items: readonly BulkItem[], file: string | null, now: Date): Promise<() => Promise<BulkOutcome>> {
    this.actor = actor;
    const refused: BulkOutcome["refused"] = [];
    const firstOf = new Map<string, number>();
    const create = new Map<string, string>();
    const resolved = new Map<number, { lead: Resolved | null; co: Resolved[] }>();
    items.forEach((item, i) => {
      const h = item.history;
      const lead = h?.department ? this.departments.resolve(h.department) : null;
      const co = (h?.coDepartments ?? []).map((d) => this.departments.resolve(d));
      const bad = [lead, ...co].find((r): r is { error: string } => r !== null && "error" in r);
      if (bad) return refused.push({ index: i, reason: bad.error });
      const ok = [lead, ...co].filter((r): r is Resolved => r !== null);
      for (const r of ok) if ("create" in r) create.set(r.create.code, r.create.name);
      resolved.set(i, { lead: lead as Resolved | null, co: co as Resolved[] });
      const k = keyOf(item.ticket);
      if (!firstOf.has(k)) firstOf.set(k, i);
    });
    let unique = [...firstOf.values()];
    // A file imported before, or an import restarted after it was stopped, starts with rows that
    // are stored: they are left out before the costly part (a suggestion, about 0.2 ms for each new
    // text). Looked up for the first chunk, and after it for as long as chunks hold stored rows.
    if (this.lookUpStored) {
      const stored = await storedKeys(this.db, unique.map((i) => ({ source: items[i]!.ticket.source, externalId: items[i]!.ticket.externalId.trim() })));
      this.lookUpStored = stored.size > 0;
      if (stored.size > 0) unique = unique.filter((i) => !stored.has(keyOf(items[i]!.ticket)));
    }
    // Prepared before the transaction: suggestions read the database, and an embedded database
    // has one connection, which the transaction holds.
    const prepared = await Promise.all(
      unique.map((i) => {
        const lead = resolved.get(i)!.lead;
        return this.row({ ...items[i]!, departmentCode: undefined }, now, lead && "id" in lead ? lead.id : null);
      }),
    );
    const lives = prepared.map((p, k) => historyFacts(items[unique[k]!]!.history, p.basics.receivedAt));
    const candidates = prepared.map((p) => candidateOf(p.values));
    // A chunk of stored rows alone has nothing to count or tag.
    const remembered = prepared.length > 0 ? await this.countInMemory(candidates) : null;
    const tags = remembered ? this.tagChunk(prepared, lives, remembered, now) : prepared.length > 0 ? null : [];
    if (prepared.length > 0) this.counted[remembered ? "inMemory" : "inDatabase"]++;
    return () => this.commitHistory(actor, items, file, now, { firstOf, unique, resolved, create, prepared, lives, candidates, tags, refused });
  }

  /** Each prepared row's rule tags, with the lifecycle facts it really has and its counts. */
  private tagChunk(prepared: readonly Prepared[], lives: readonly LifecycleFacts[], counts: Map<number, PriorCounts>, now: Date): TagEntry[][] {
    return prepared.map((p, k) => this.tagger.rows(this.tagger.tags(p.basics, lives[k]!, counts.get(k), now)));
  }

  private async commitHistory(actor: Actor, items: readonly BulkItem[], file: string | null, now: Date, c: StagedHistory): Promise<BulkOutcome> {
    const { firstOf, unique, resolved, create, prepared, lives, candidates, refused } = c;
    let tags = c.tags;
    // Counted in the database, the chunk must see every row written before it.
    if (tags === null && this.months?.pending) await this.finish();
    const times = prepared.map((p) => p.basics.receivedAt);
    await this.months?.settle(times);
    const loads = this.months?.loadsFor(times) ?? [];
    // Every row into a month this import fills: COPYed straight in (unless a key is stored already).
    const direct = loads.length > 0 && this.months!.allLoaded(times);
    const inserted = items.map(() => false);
    const at = now.toISOString();
    const created = await writeTx(this.db, this.bus, async (tx) => {
      const made = await DepartmentResolver.create(tx, create);
      const idOf = (r: Resolved) => ("id" in r ? r.id : made.get(r.create.code)!);
      await withoutJit(tx);
      tags ??= this.tagChunk(prepared, lives, await this.tagger.countsStaged(tx, candidates), now);
      const rows: HistoryRow[] = unique.map((i, k) => {
        const item = items[i]!;
        const r = resolved.get(i)!;
        const lead = r.lead ? idOf(r.lead) : null;
        const p = prepared[k]!;
        const co = [...new Set(r.co.map(idOf))].filter((id) => id !== lead);
        const h = item.history?.life;
        const timeline = { steps: h?.steps ?? [{ status: "received", at: isoString(p.basics.receivedAt) }], ...(item.history?.sourceStatuses !== undefined ? { sourceStatuses: item.history.sourceStatuses } : {}) };
        const values = [...p.values];
        // A department created in this transaction had no id when the row was prepared.
        if (lead !== null) values[SUGGESTED_DEPARTMENT] = lead;
        const extra: HistoryValues = [
          lives[k]!.status, lead, intArray(co), h?.dispatchedAt ?? null, h?.acceptedAt ?? null, h?.repliedAt ?? null, h?.closedAt ?? null, h?.dueAt ?? null,
          h?.reply ?? null, h?.satisfaction ?? null, h?.reopenCount ?? 0, timeline, this.startedAt,
        ];
        return withTags([...values, ...extra], tags![k]!);
      });
      const ids = (direct ? await loadHistory(tx, rows, loads) : null) ?? (await insertHistory(tx, rows, actor, at, file, loads));
      return { ids, madeDepartments: create.size > 0 };
    });
    // New departments reach this process's lookups now and every hub's through the bus.
    if (created.madeDepartments) {
      await this.ref.load();
      await this.bus.announce("reference");
    }
    for (const r of created.ids) inserted[firstOf.get(uniqueKey(r.source, r.external_id))!] = true;
    if (this.months && times.length > 0) {
      const attached = this.months.attachBefore(monthIndex(times.reduce((a, b) => (a < b ? a : b)).getTime()), actor);
      if (!this.opts.concurrent) await attached;
    }
    const written = items.length - refused.length;
    return { created: created.ids.length, duplicates: written - created.ids.length, inserted, refused };
  }
}
