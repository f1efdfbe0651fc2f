// Seeds the deterministic demo district: taxonomy, geography, departments, the responsibility list
// and 90 days of tickets with their full history. Everything is generated in memory first (pure,
// so tests can compare two generations), then loaded in one transaction.
// How rows are loaded fast is in bulk-load.ts.

import { sql } from "drizzle-orm";
import { TAG_TAXONOMY } from "@cityops/schema";
// The schema package's index does not re-export the demo geography yet; switch to "@cityops/schema" once it does.
import { demoGeography } from "@cityops/schema";
import type { Database } from "../db/client.js";
import { inBulkTransaction, jsonInsert, withoutConstraints, type Row } from "./bulk-load.js";
import { demoDepartments } from "./departments.js";
import { knowledgeRows } from "./knowledge.js";
import { buildMatters, type MatterSpec } from "./matters.js";
import { Random } from "./random.js";
import { cellText } from "./ticket-text.js";
import { generateTickets, type GeneratedTickets, type SeedCell } from "./tickets.js";
import { columnsOf, type TagEntry } from "../store/ticket-tags.js";
import { monthsBetween } from "../store/ticket-months.js";

export interface SeedOptions {
  now?: Date;
  seed?: number;
  days?: number;
  ticketsPerYear?: number;
  onProgress?: (stage: string, done: number, total: number) => void;
}

export interface SeedSummary {
  regions: number;
  departments: number;
  matters: number;
  tickets: number;
  events: number;
  ticketTags: number;
  supervisions: number;
  rollups: number;
  ms: number;
}

export interface DemoData {
  regions: Row[];
  departments: Row[];
  matters: Row[];
  matterSpecs: MatterSpec[];
  generated: GeneratedTickets;
}

export const DEFAULT_SEED = 12345;

/** All demo rows with explicit ids, from the seed and `now` alone. */
export function generateDemoData(opts: Omit<SeedOptions, "onProgress"> = {}): DemoData {
  const now = opts.now ?? new Date();
  const rnd = new Random(opts.seed ?? DEFAULT_SEED);

  const geography = demoGeography();
  const regionIds = new Map(geography.map((g, i) => [g.code, i + 1]));
  const regionByCode = new Map(geography.map((g) => [g.code, g]));
  const regions: Row[] = geography.map((g, i) => ({
    id: i + 1,
    code: g.code,
    level: g.level,
    parent_id: g.parentCode ? (regionIds.get(g.parentCode) ?? null) : null,
    name: g.name,
    name_en: g.nameEn,
    geometry: g.geometry,
    center_lat: g.centerLat,
    center_lng: g.centerLng,
    min_lat: g.minLat,
    min_lng: g.minLng,
    max_lat: g.maxLat,
    max_lng: g.maxLng,
    is_demo: true,
  }));

  const specs = demoDepartments();
  const departmentIds = new Map(specs.map((d, i) => [d.key, i + 1]));
  const departments: Row[] = specs.map((d, i) => ({
    id: i + 1,
    code: d.code,
    name: d.name,
    name_en: d.nameEn,
    kind: d.kind,
    domains: d.domains,
    region_id: d.streetCode ? (regionIds.get(d.streetCode) ?? null) : null,
  }));
  const deptId = (key: string) => {
    const id = departmentIds.get(key);
    if (id === undefined) throw new Error(`unknown department ${key}`);
    return id;
  };

  const streetCodes = geography.filter((g) => g.level === "street").map((g) => g.code);
  const matterSpecs = buildMatters(rnd.fork("matters"), specs, streetCodes, now);
  const matters: Row[] = matterSpecs.flatMap((m) =>
    m.versions.map((v) => ({
      id: v.id,
      key: m.key,
      version: v.version,
      name: m.name,
      domain: m.domain,
      lead_department_id: deptId(v.leadKey),
      co_department_ids: v.coKeys.map(deptId),
      legal_basis: v.legalBasis,
      keywords: m.keywords,
      time_limit_days: m.timeLimitDays,
      valid_from: v.validFrom.toISOString(),
      valid_to: v.validTo?.toISOString() ?? null,
      change_note: v.changeNote,
      changed_by: v.changedBy,
    })),
  );

  const textRnd = rnd.fork("cell-text");
  const cells: SeedCell[] = geography
    .filter((g) => g.level === "grid_cell")
    .map((g) => {
      const community = regionByCode.get(g.parentCode ?? "");
      const street = regionByCode.get(community?.parentCode ?? "");
      if (!community || !street) throw new Error(`grid cell ${g.code} has no community or street`);
      return {
        id: regionIds.get(g.code) as number,
        code: g.code,
        communityId: regionIds.get(community.code) as number,
        streetId: regionIds.get(street.code) as number,
        streetCode: street.code,
        minLat: g.minLat,
        minLng: g.minLng,
        maxLat: g.maxLat,
        maxLng: g.maxLng,
        geometry: g.geometry,
        text: cellText(textRnd, street.name, community.name, street.name.endsWith("镇")),
      };
    });

  const generated = generateTickets({
    rnd: rnd.fork("history"),
    now,
    days: opts.days ?? 90,
    ticketsPerYear: opts.ticketsPerYear ?? 150_000,
    cells,
    departments: specs.map((d) => ({ id: deptId(d.key), code: d.code, key: d.key, name: d.name, domains: d.domains, streetCode: d.streetCode })),
    matters: matterSpecs,
  });
  return { regions, departments, matters, matterSpecs, generated };
}

const COLUMNS = {
  regions: ["id", "code", "level", "parent_id", "name", "name_en", "geometry", "center_lat", "center_lng", "min_lat", "min_lng", "max_lat", "max_lng", "is_demo"],
  departments: ["id", "code", "name", "name_en", "kind", "domains", "region_id"],
  matters: ["id", "key", "version", "name", "domain", "lead_department_id", "co_department_ids", "legal_basis", "keywords", "time_limit_days", "valid_from", "valid_to", "change_note", "changed_by"],
  tickets: [
    "id", "source", "external_id", "channel", "appeal_type", "title", "content", "address", "lat", "lng", "grid_cell_id", "community_id", "street_id",
    "citizen_name", "citizen_phone", "status", "domain", "matter_id", "department_id", "co_department_ids", "loop", "received_at", "dispatched_at",
    "due_at", "accepted_at", "replied_at", "closed_at", "reply", "satisfaction", "reopen_count", "return_count", "supervision_count", "raw", "updated_at",
    "tag_ids", "tag_rules",
  ],
  // `tx` is left to its default: the id of the loading transaction.
  ticket_events: ["id", "ticket_id", "type", "at", "actor", "actor_role", "department_id", "from_status", "to_status", "payload"],
  supervisions: ["id", "ticket_id", "method", "note", "department_id", "actor", "at"],
  ticket_rollup_hourly: ["hour", "grid_cell_id", "community_id", "street_id", "domain", "source", "received"],
} as const;

/**
 * Seeds an empty database. Deterministic for a given seed and `now`; refuses a database that
 * already holds regions, departments, matters or tickets rather than mixing demo and real data.
 */
export async function seedDemo(database: Database, opts: SeedOptions = {}): Promise<SeedSummary> {
  const started = Date.now();
  const progress = opts.onProgress ?? (() => {});
  const [counts] = await database.rows<Record<string, number | string>>(
    sql`select (select count(*) from regions) as regions, (select count(*) from departments) as departments,
               (select count(*) from matters) as matters, (select count(*) from tickets) as tickets`,
  );
  const busy = Object.entries(counts ?? {}).filter(([, n]) => Number(n) > 0);
  if (busy.length > 0) {
    throw new Error(`seedDemo needs an empty database, found ${busy.map(([t, n]) => `${n} ${t}`).join(", ")}`);
  }

  progress("generate", 0, 1);
  const data = generateDemoData(opts);
  const g = data.generated;
  progress("generate", 1, 1);

  let ticketTags = 0;
  await inBulkTransaction(database, async (target) => {
    // The taxonomy may already be there (another start-up step may ensure it): add what is missing.
    const categories = TAG_TAXONOMY.map((c, i) => ({ code: c.code, name: c.name, name_en: c.nameEn, set_by: c.setBy, description: c.description, sort_order: i }));
    await target.execute(jsonInsert("tag_categories", ["code", "name", "name_en", "set_by", "description", "sort_order"], categories, "on conflict (code) do nothing"));
    const categoryIds = new Map((await target.execute<{ id: number; code: string }>(sql`select id, code from tag_categories`)).map((r) => [r.code, Number(r.id)]));
    const tagRows = TAG_TAXONOMY.flatMap((c) => c.tags.map((t) => ({ category_id: categoryIds.get(c.code), code: t.code, name: t.name, name_en: t.nameEn })));
    await target.execute(jsonInsert("tags", ["category_id", "code", "name", "name_en"], tagRows, "on conflict (code) do nothing"));
    const tagIds = new Map((await target.execute<{ id: number; code: string }>(sql`select id, code from tags`)).map((r) => [r.code, Number(r.id)]));
    const missing = [...new Set(g.tags.map((t) => t.code))].filter((code) => !tagIds.has(code));
    if (missing.length > 0) throw new Error(`the tag taxonomy lacks codes the seed uses: ${missing.join(", ")}`);
    // The seed's own rules, each with confidence 1, as tag_rules entries the tickets' tags name.
    const seedRules = [...new Set(g.tags.map((t) => t.rule_id))].map((rule_id) => ({ rule_id, confidence: 1 }));
    await target.execute(jsonInsert("tag_rules", ["rule_id", "confidence"], seedRules, "on conflict do nothing"));
    const ruleIds = new Map((await target.execute<{ id: number; rule_id: string }>(sql`select id, rule_id from tag_rules where confidence = 1`)).map((r) => [r.rule_id, Number(r.id)]));
    const byTicket = new Map<number, TagEntry[]>();
    for (const t of g.tags) (byTicket.get(t.ticket_id) ?? byTicket.set(t.ticket_id, []).get(t.ticket_id)!).push({ tagId: tagIds.get(t.code)!, rule: ruleIds.get(t.rule_id)!, actor: "" });
    const tickets = g.tickets.map((t) => {
      const c = columnsOf(byTicket.get(Number(t.id)) ?? []);
      ticketTags += c.tagIds.length;
      return { ...t, tag_ids: c.tagIds, tag_rules: c.tagRules };
    });
    progress("taxonomy", 1, 1);

    const tables: [table: keyof typeof COLUMNS, stage: string, rows: readonly Row[]][] = [
      ["regions", "regions", data.regions],
      ["departments", "departments", data.departments],
      ["matters", "matters", data.matters],
      ["tickets", "tickets", tickets],
      ["ticket_events", "events", g.events],
      ["supervisions", "supervisions", g.supervisions],
      ["ticket_rollup_hourly", "rollups", g.rollups],
    ];
    // Each month of the seeded history gets its partition before the load, not the default one.
    const received = g.tickets.map((t) => Date.parse(String(t.received_at)));
    if (received.length > 0) {
      const first = received.reduce((a, b) => Math.min(a, b));
      const last = received.reduce((a, b) => Math.max(a, b));
      const months = monthsBetween(new Date(first), new Date(last)).map((d) => d.toISOString());
      await target.execute(sql`select cityops_ticket_month(m) from unnest(${`{${months.join(",")}}`}::timestamptz[]) as m`);
    }
    await withoutConstraints(target, tables.map(([t]) => t), async () => {
      for (const [table, stage, rows] of tables) await target.load(table, COLUMNS[table], rows, (n) => progress(stage, n, rows.length));
      progress("constraints", 0, 1);
    });
    progress("constraints", 1, 1);

    // The knowledge base for immediate answers (即问即答), keyed by matter key.
    await target.execute(jsonInsert("knowledge_answers", ["matter_key", "question", "answer", "basis"], knowledgeRows(data.matterSpecs), "on conflict (matter_key) do nothing"));

    // Rows came with explicit ids: move each sequence past them so later inserts do not collide.
    for (const table of ["regions", "departments", "matters", "tickets", "ticket_events", "supervisions"]) {
      await target.execute(
        sql`select setval(pg_get_serial_sequence(${table}, 'id'), coalesce((select max(id) from ${sql.identifier(table)}), 0) + 1, false)`,
      );
    }
  });
  progress("analyze", 0, 1);
  // Fresh statistics, so the first dashboard queries after seeding get sensible plans.
  await database.rows(sql`analyze`);
  progress("analyze", 1, 1);

  return {
    regions: data.regions.length,
    departments: data.departments.length,
    matters: data.matters.length,
    tickets: g.tickets.length,
    events: g.events.length,
    ticketTags,
    supervisions: g.supervisions.length,
    rollups: g.rollups.length,
    ms: Date.now() - started,
  };
}
