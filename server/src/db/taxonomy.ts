// The tag taxonomy is part of the product, defined in code (schema/src/taxonomy.ts) like the
// enums: every database gets it right after its migrations, whether or not the demo is seeded — a
// city that moves in has no other way to get it, and without it no ticket of that city would carry
// a tag. Only what is missing is added; ids already used by tickets never change.

import { sql } from "drizzle-orm";
import { TAG_TAXONOMY } from "@cityops/schema";
import type { Database } from "./client.js";

export async function ensureTaxonomy(database: Database): Promise<void> {
  const categories = JSON.stringify(TAG_TAXONOMY.map((c, i) => ({ code: c.code, name: c.name, name_en: c.nameEn, set_by: c.setBy, description: c.description, sort_order: i })));
  const tags = JSON.stringify(TAG_TAXONOMY.flatMap((c) => c.tags.map((t) => ({ category: c.code, code: t.code, name: t.name, name_en: t.nameEn }))));
  await database.db.transaction(async (tx) => {
    await tx.execute(sql`insert into tag_categories (code, name, name_en, set_by, description, sort_order)
      select code, name, name_en, set_by::tag_setter, description, sort_order
      from json_to_recordset(${categories}::json) as c(code text, name text, name_en text, set_by text, description text, sort_order int)
      on conflict (code) do nothing`);
    await tx.execute(sql`insert into tags (category_id, code, name, name_en)
      select k.id, t.code, t.name, t.name_en
      from json_to_recordset(${tags}::json) as t(category text, code text, name text, name_en text) join tag_categories k on k.code = t.category
      order by t.code
      on conflict (code) do nothing`);
  });
}
