// The store's side of auto-tagging: what the pure rule engine (domain/tagging) cannot know by itself.
// It counts earlier tickets of the same caller, address, matter and place — one statement for a whole
// batch of tickets, whatever its size — and turns rule tags into a ticket's tag entries. Intake, the bulk
// path and re-tagging all go through here, so a ticket gets the same tags whichever way it came.

import { DEMO_PLACES } from "@cityops/schema";
import { sql, type SQL } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { copyInto } from "../db/copy.js";
import { pgArray } from "../db/pg-array.js";
import { applyRules, collectiveWindows, historyCaps, historyWindows, ruleIdOf } from "../domain/tagging/evaluate.js";
import { buildFacts, placeNameIndex, type LifecycleFacts, type PlaceName, type TicketBasics } from "../domain/tagging/facts.js";
import { RULE_SET } from "../domain/tagging/rules/index.js";
import { collectiveKey, historyKey, type RuleSet, type RuleTag } from "../domain/tagging/types.js";
import type { ReferenceData } from "./reference.store.js";
import { setRuleTags, type TagEntry } from "./ticket-tags.js";
import type { Tx } from "./write.js";

/** A database or an open transaction: counts inside a transaction see its own new tickets. */
export type Executor = Pick<Db, "execute">;

/** A ticket about to be inserted, as the counts see it (the values it will be stored with). */
export interface Candidate {
  source: string;
  externalId: string;
  phone: string | null;
  address: string | null;
  cellId: number | null;
  communityId: number | null;
  /** The matter it is dispatched on, else the suggested one. */
  matterId: number | null;
  receivedAt: Date;
}

export interface PriorCounts {
  history: Record<string, number>;
  collective: Record<string, number>;
}

/** Result rows in both drivers: postgres.js returns an array, PGlite an object with `rows`. */
export function rowsOf<T>(result: unknown): T[] {
  return Array.isArray(result) ? (result as T[]) : ((result as { rows?: T[] }).rows ?? []);
}

// Created once per connection; its indexes serve the batch side of each count (see count()).
const COUNT_STAGE = `do $$ begin
  if to_regclass('pg_temp.tag_count_stage') is null then
    create temp table tag_count_stage (key int, source ticket_source, external_id text, received_at timestamptz, citizen_phone text,
      address text, grid_cell_id int, community_id int, matter_id int) on commit delete rows;
    create index on tag_count_stage (citizen_phone, received_at);
    create index on tag_count_stage (address, received_at);
    create index on tag_count_stage (grid_cell_id, matter_id, received_at);
    create index on tag_count_stage (community_id, matter_id, received_at);
  end if;
end $$`;

const whole = (n: number, what: string) => {
  if (!Number.isInteger(n) || n <= 0 || n > 3650) throw new Error(`rule window ${what} must be a whole number of days or hours, got ${n}`);
  return n;
};

export class RuleTagger {
  private names: PlaceName[] | null = null;
  /** The reference data's version the place names were built from: a city's new map rebuilds them. */
  private namesVersion = -1;
  /**
   * The tag entry of each (rule id, confidence), kept per reference version: an import looks up
   * some 15 of them per row, and the string key the reference data is indexed by cost more than
   * the rest of writing the tags.
   */
  private readonly entries = new Map<string, Map<number, TagEntry>>();
  private entriesVersion = -1;

  constructor(
    private readonly ref: ReferenceData,
    readonly ruleSet: RuleSet = RULE_SET,
  ) {}

  /** Street and community names for placing an address that has no coordinates. */
  private placeNames(): PlaceName[] {
    if (!this.names || this.namesVersion !== this.ref.version) {
      this.namesVersion = this.ref.version;
      const out: PlaceName[] = [];
      for (const r of this.ref.regions.values()) {
        if (r.level === "street") out.push({ level: "street", code: r.code, name: r.name, streetCode: null });
        if (r.level === "community") {
          const street = r.parentId ? this.ref.regions.get(r.parentId) : undefined;
          out.push({ level: "community", code: r.code, name: r.name, streetCode: street?.code ?? null });
        }
      }
      this.names = placeNameIndex(out);
    }
    return this.names;
  }

  /** Region codes for the three denormalised region ids of a ticket. */
  codes(cellId: number | null, communityId: number | null, streetId: number | null) {
    const code = (id: number | null) => (id !== null ? (this.ref.regions.get(id)?.code ?? null) : null);
    return { cellCode: code(cellId), communityCode: code(communityId), streetCode: code(streetId) };
  }

  /**
   * Earlier tickets of the same phone and address (history windows), and distinct callers on the same
   * matter (dispatched, else suggested) in the same cell or community (collective windows, this ticket included), for
   * every ticket id given: one statement with a lateral count per kind, served by the phone, address,
   * cell and community indexes on (…, received_at).
   */
  async counts(exec: Executor, ids: readonly number[]): Promise<Map<number, PriorCounts>> {
    if (ids.length === 0) return new Map();
    // One array parameter: an `in (…)` list of thousands of parameters is planned as a linear
    // comparison per row, about 1 s for a 10,000-ticket chunk.
    return this.count(exec, sql`(select id as key, id, received_at, citizen_phone, address, grid_cell_id, community_id,
      coalesce(matter_id, suggested_matter_id) as matter_id from tickets where id = any(${pgArray(ids)}::bigint[]))`, null, ids);
  }

  /**
   * The same counts for tickets about to be inserted, read before their write so that the write can
   * be one statement (ingest/bulk-write.ts): a transaction that holds its id across several round
   * trips holds every subscriber's delivery back meanwhile (realtime/event-log.ts). Candidates are
   * keyed by their position; earlier candidates of the same batch count as if already stored (they
   * will be, with smaller ids), except those already stored, which will not be inserted again.
   */
  async countsBefore(exec: Executor, candidates: readonly Candidate[]): Promise<Map<number, PriorCounts>> {
    if (candidates.length === 0) return new Map();
    const json = JSON.stringify(candidates.map((c, key) => ({ key, ...c, receivedAt: c.receivedAt.toISOString() })));
    const all = sql`(select key, null::bigint as id, "receivedAt" as received_at, phone as citizen_phone, address, "cellId" as grid_cell_id,
      "communityId" as community_id, "matterId" as matter_id, source, "externalId" as external_id
      from json_to_recordset(${json}::json) as c(key int, source ticket_source, "externalId" text, phone text, address text, "cellId" int,
        "communityId" int, "matterId" int, "receivedAt" timestamptz))`;
    return this.count(
      exec,
      all,
      sql`(select b.* from subjects b where not exists (select 1 from ticket_keys x where x.source = b.source and x.external_id = b.external_id))`,
      candidates.map((_, i) => i),
    );
  }

  /**
   * countsBefore for a large batch inside a transaction (an import's chunk): the candidates not
   * stored yet are COPYed into an indexed temporary table that the counts read in place, so that a
   * candidate finds its earlier batch rows through an index instead of scanning the whole batch.
   * The batch can then be written with its tags, in one insert.
   */
  async countsStaged(tx: Tx, candidates: readonly Candidate[]): Promise<Map<number, PriorCounts>> {
    if (candidates.length === 0) return new Map();
    await tx.execute(sql.raw(COUNT_STAGE));
    await copyInto(
      tx,
      "tag_count_stage",
      ["key", "source", "external_id", "received_at", "citizen_phone", "address", "grid_cell_id", "community_id", "matter_id"],
      candidates.map((c, key) => [key, c.source, c.externalId, c.receivedAt, c.phone, c.address, c.cellId, c.communityId, c.matterId]),
    );
    await tx.execute(sql`delete from tag_count_stage b using ticket_keys x where x.source = b.source and x.external_id = b.external_id`);
    return this.count(
      tx,
      sql`(select key, null::bigint as id, received_at, citizen_phone, address, grid_cell_id, community_id, matter_id from tag_count_stage)`,
      { table: sql`tag_count_stage` },
      candidates.map((_, i) => i),
    );
  }

  /**
   * The counts for the rows of `subjects` (key, id, received_at, citizen_phone, address, grid_cell_id,
   * community_id, matter_id). With `batch` (a query over `subjects`, or a table: those not stored yet)
   * those count too, by key order among themselves; stored tickets are all earlier than them by id.
   */
  private async count(exec: Executor, subjects: SQL, batch: SQL | { table: SQL } | null, keys: readonly number[]): Promise<Map<number, PriorCounts>> {
    const out = new Map<number, PriorCounts>(keys.map((k) => [k, { history: {}, collective: {} }]));
    const hist = historyWindows(this.ruleSet);
    const coll = collectiveWindows(this.ruleSet);
    if (hist.length + coll.length === 0) return out;
    const selects: SQL[] = [];
    const joins: SQL[] = [];
    // Stored t before subject s: by time, then by id (a subject not stored yet comes after all of them).
    const earlier = sql`(t.received_at < s.received_at or (t.received_at = s.received_at and (s.id is null or t.id < s.id)))`;
    const earlierInBatch = sql`(b.received_at < s.received_at or (b.received_at = s.received_at and b.key < s.key))`;
    const caps = historyCaps(this.ruleSet);
    const from = batch && "table" in batch ? batch.table : sql`batch`;
    for (const by of ["phone", "address"] as const) {
      const windows = hist.filter((w) => w.by === by).map((w) => whole(w.withinDays, "withinDays"));
      if (windows.length === 0) continue;
      const col = sql.raw(by === "phone" ? "citizen_phone" : "address");
      const alias = `h_${by}`;
      const span = sql.raw(`interval '${Math.max(...windows)} days'`);
      // The most recent `cap` earlier tickets: every window's count is exact up to the cap, which is
      // all the rules look at — without it a caller's thousandth call counted all 999 before it.
      // Earlier rows of the batch add to that; the rules' verdicts stay those of a full count.
      const cap = whole(caps.get(by) ?? 1, "atLeast");
      const counts = windows.map((d) => sql.raw(`count(*) filter (where r.received_at >= s.received_at - interval '${d} days')::int as "${historyKey(by, d)}"`));
      const stored = sql`(select t.received_at from tickets t
        where s.${col} is not null and t.${col} = s.${col} and t.received_at >= s.received_at - ${span} and t.received_at <= s.received_at and ${earlier}
        order by t.received_at desc limit ${sql.raw(String(cap))})`;
      const inBatch = batch
        ? sql` union all (select b.received_at from ${from} b where s.${col} is not null and b.${col} = s.${col} and b.received_at >= s.received_at - ${span} and ${earlierInBatch})`
        : sql``;
      joins.push(sql`left join lateral (select ${sql.join(counts, sql`, `)} from (${stored}${inBatch}) r) ${sql.raw(alias)} on true`);
      for (const d of windows) selects.push(sql.raw(`${alias}."${historyKey(by, d)}"`));
    }
    for (const scope of ["grid_cell", "community"] as const) {
      const windows = coll.filter((w) => w.scope === scope).map((w) => whole(w.withinHours, "withinHours"));
      if (windows.length === 0) continue;
      const col = sql.raw(scope === "grid_cell" ? "grid_cell_id" : "community_id");
      const alias = `c_${scope}`;
      const span = sql.raw(`interval '${Math.max(...windows)} hours'`);
      // A caller without a number counts as one person per ticket: anonymous grid reports are distinct.
      const counts = windows.map((h) =>
        sql.raw(`count(distinct r.caller) filter (where r.received_at >= s.received_at - interval '${h} hours')::int as "${collectiveKey(scope, h)}"`),
      );
      const stored = sql`select coalesce(t.citizen_phone, 'ticket:' || t.id) as caller, t.received_at from tickets t
        where s.${col} is not null and s.matter_id is not null and t.${col} = s.${col}
          and coalesce(t.matter_id, t.suggested_matter_id) = s.matter_id
          and t.received_at >= s.received_at - ${span} and t.received_at <= s.received_at and (${earlier} or t.id = s.id)`;
      const inBatch = batch
        ? sql` union all select coalesce(b.citizen_phone, 'batch:' || b.key), b.received_at from ${from} b
          where s.${col} is not null and s.matter_id is not null and b.${col} = s.${col} and b.matter_id = s.matter_id
            and b.received_at >= s.received_at - ${span} and (${earlierInBatch} or b.key = s.key)`
        : sql``;
      joins.push(sql`left join lateral (select ${sql.join(counts, sql`, `)} from (${stored}${inBatch}) r) ${sql.raw(alias)} on true`);
      for (const h of windows) selects.push(sql.raw(`${alias}."${collectiveKey(scope, h)}"`));
    }
    // Materialized: the laterals read them once per subject, and the batch's JSON is decoded once.
    const ctes = batch && !("table" in batch) ? sql`subjects as materialized ${subjects}, batch as materialized ${batch}` : sql`subjects as materialized ${subjects}`;
    const rows = rowsOf<Record<string, unknown>>(await exec.execute(sql`with ${ctes} select s.key, ${sql.join(selects, sql`, `)} from subjects s ${sql.join(joins, sql` `)}`));
    for (const r of rows) {
      const c = out.get(Number(r.key));
      if (!c) continue;
      for (const w of hist) c.history[historyKey(w.by, w.withinDays)] = Number(r[historyKey(w.by, w.withinDays)] ?? 0);
      for (const w of coll) c.collective[collectiveKey(w.scope, w.withinHours)] = Number(r[collectiveKey(w.scope, w.withinHours)] ?? 0);
    }
    return out;
  }

  /** The rule tags of one ticket. */
  tags(basics: TicketBasics, life: LifecycleFacts, counts: PriorCounts | undefined, now: Date): RuleTag[] {
    const facts = buildFacts(basics, life, {
      places: DEMO_PLACES,
      placeNames: this.placeNames(),
      history: counts?.history ?? {},
      collective: counts?.collective ?? {},
      now,
    });
    return applyRules(this.ruleSet, facts);
  }

  /** The taxonomy id of a tag code; undefined for a code the database's taxonomy lacks. */
  idOf(code: string): number | undefined {
    return this.ref.tagsByCode.get(code)?.id;
  }

  codeOf(tagId: number): string | undefined {
    return this.ref.tags.get(tagId)?.code;
  }

  /**
   * Gives each rule of the set its tag_rules entry, which the tags it sets name. Call it before a
   * writing transaction (it writes the entries in statements of their own); it costs nothing once
   * the entries are known.
   */
  ensureRules(): Promise<void> {
    return this.ref.ensureTagRules(this.ruleSet.rules.map((r) => ({ ruleId: ruleIdOf(this.ruleSet, r), confidence: r.confidence })));
  }

  /** Rule tags as entries of a ticket's tag columns; codes the database's taxonomy lacks are left out. */
  rows(tags: readonly RuleTag[]): TagEntry[] {
    if (this.entriesVersion !== this.ref.version) {
      this.entries.clear();
      this.entriesVersion = this.ref.version;
    }
    const out: TagEntry[] = [];
    for (const t of tags) {
      let byConfidence = this.entries.get(t.ruleId);
      if (!byConfidence) this.entries.set(t.ruleId, (byConfidence = new Map()));
      let entry: TagEntry | null | undefined = byConfidence.get(t.confidence);
      if (entry === undefined) {
        const tag = this.ref.tagsByCode.get(t.code);
        const rule = tag ? this.ref.tagRuleId(t.ruleId, t.confidence) : null;
        if (rule === undefined) throw new Error(`rule ${t.ruleId} has no tag_rules entry: ensureRules() before tagging`);
        entry = tag && rule !== null ? Object.freeze<TagEntry>({ tagId: tag.id, rule, actor: "" }) : null;
        // Only known entries are kept: an entry ensureRules adds later must be found then.
        if (entry) byConfidence.set(t.confidence, entry);
      }
      if (entry) out.push(entry);
    }
    return out;
  }
}

/** Writes the rule tags of tickets just inserted, in one statement; a tag a person already set is left as it is. */
export async function insertRuleTags(exec: Executor, tickets: readonly { ticketId: number; tags: readonly TagEntry[] }[]): Promise<void> {
  await setRuleTags(
    exec,
    tickets.filter((t) => t.tags.length > 0),
  );
}
