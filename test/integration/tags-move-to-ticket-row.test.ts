// A database tagged before migration 0012 keeps every tag: its ticket_tags rows move into the tag
// columns of their tickets with their provenance (rule and confidence, one tag_rules entry per
// distinct pair, or the person who set it).
import { rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { tickets } from "@cityops/schema";
import { applyMigrations } from "../../server/src/db/migrate.js";
import { ReferenceData } from "../../server/src/store/reference.store.js";
import { tagsOf, type TicketTagRow } from "../../server/src/store/ticket-tags.js";
import { modes } from "../helpers/db.js";
import { databaseAt, migrationsUpTo } from "../helpers/migrations.js";

const BEFORE = "0011_ticket_history";

describe.each(modes())("tags stored before migration 0012 on %s", (mode) => {
  let folder: string;
  let db: Awaited<ReturnType<typeof databaseAt>>;
  const ids = new Map<string, number>();
  /** What each ticket carried in ticket_tags, by external id. */
  const stored = new Map<string, TicketTagRow[]>();

  beforeAll(async () => {
    folder = migrationsUpTo(BEFORE);
    db = await databaseAt(mode, folder);
    const run = (q: ReturnType<typeof sql>) => db.database.rows<Record<string, unknown>>(q);
    const [cat] = await run(sql`insert into tag_categories (code, name, name_en, set_by) values ('urgency', '紧急程度', 'Urgency', 'both') returning id`);
    const tag = async (code: string) => Number((await run(sql`insert into tags (category_id, code, name, name_en) values (${cat!.id}, ${code}, ${code}, ${code}) returning id`))[0]!.id);
    // Ids out of code order, so that the arrays' order by tag id is what is checked.
    const [c, a, b] = [await tag("urgency.c"), await tag("urgency.a"), await tag("urgency.b")];
    for (const ext of ["rules", "same-rule", "mixed", "person", "none", "no-rule-id"]) {
      const [row] = await run(sql`insert into tickets (source, external_id, channel, appeal_type, content) values ('hotline', ${ext}, 'phone', 'complaint', '路灯不亮') returning id`);
      ids.set(ext, Number(row!.id));
    }
    const put = async (ext: string, tags: TicketTagRow[]) => {
      stored.set(ext, [...tags].sort((x, y) => x.tagId - y.tagId));
      for (const t of tags) {
        await run(sql`insert into ticket_tags (ticket_id, tag_id, origin, confidence, rule_id, actor)
          values (${ids.get(ext)!}, ${t.tagId}, ${t.origin}, ${t.confidence}, ${t.ruleId}, ${t.actor})`);
      }
    };
    await put("rules", [
      { tagId: c, origin: "rule", confidence: 0.9, ruleId: "keyword.c@2025.1", actor: null },
      { tagId: a, origin: "rule", confidence: 0.6, ruleId: "keyword.a@2025.1", actor: null },
      { tagId: b, origin: "rule", confidence: 1, ruleId: "field.b@2024.9", actor: null },
    ]);
    await put("same-rule", [{ tagId: c, origin: "rule", confidence: 0.9, ruleId: "keyword.c@2025.1", actor: null }]);
    await put("mixed", [
      { tagId: b, origin: "manual", confidence: 1, ruleId: null, actor: "operator:wang" },
      { tagId: a, origin: "rule", confidence: 0.75, ruleId: "history.a@2025.1", actor: null },
    ]);
    await put("person", [{ tagId: c, origin: "manual", confidence: 1, ruleId: null, actor: "dept:water" }]);
    stored.set("none", []);
    await put("no-rule-id", [{ tagId: a, origin: "rule", confidence: 0.5, ruleId: null, actor: null }]);
    // A rule's tag without a rule id keeps its origin: 'unknown' stands for the rule.
    stored.set("no-rule-id", [{ tagId: a, origin: "rule", confidence: 0.5, ruleId: "unknown", actor: null }]);

    await applyMigrations(db.database, db.url);
  }, 120_000);
  afterAll(async () => {
    await db?.dispose();
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  it("moves every tag onto its ticket with its rule, confidence or person, in tag id order", async () => {
    const ref = await new ReferenceData(db.database.db).load();
    for (const [ext, want] of stored) {
      const [row] = await db.database.db.select().from(tickets).where(eq(tickets.id, ids.get(ext)!));
      const got = tagsOf(row!, ref).map((t) => ({ ...t, confidence: Math.round(t.confidence * 1000) / 1000 }));
      expect(got, ext).toEqual(want);
      expect(row!.tagIds, ext).toEqual([...row!.tagIds].sort((x, y) => x - y));
    }
  });

  it("keeps one tag_rules entry per rule and confidence, and who set a tag only where a person did", async () => {
    const [rules] = await db.database.rows<{ n: number }>(sql`select count(*)::int as n from tag_rules`);
    expect(Number(rules!.n)).toBe(5);
    const rows = await db.database.rows<{ external_id: string; actors: number; nulls: boolean }>(sql`select external_id, cardinality(tag_actors) as actors,
      array_position(tag_actors, null) is not null as nulls from tickets order by external_id`);
    expect(Object.fromEntries(rows.map((r) => [r.external_id, Number(r.actors)]))).toEqual({ rules: 0, "same-rule": 0, mixed: 2, person: 1, none: 0, "no-rule-id": 0 });
    expect(rows.some((r) => r.nulls)).toBe(false);
  });

  it("leaves no ticket_tags table behind, and the tag filters find the moved tags", async () => {
    const [gone] = await db.database.rows<{ t: string | null }>(sql`select to_regclass('ticket_tags')::text as t`);
    expect(gone!.t).toBeNull();
    const [b] = await db.database.rows<{ id: number }>(sql`select id from tags where code = 'urgency.b'`);
    const found = await db.database.rows<{ external_id: string }>(sql`select external_id from tickets where tag_ids @> array[${Number(b!.id)}::int] order by external_id`);
    expect(found.map((r) => r.external_id)).toEqual(["mixed", "rules"]);
  });
});
