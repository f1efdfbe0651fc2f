import { index, integer, pgTable, real, serial, smallserial, text, unique } from "drizzle-orm/pg-core";
import { tagSetterEnum } from "./pg-enums.js";

/** One dimension of the 30+ category tag system (标签体系). */
export const tagCategories = pgTable("tag_categories", {
  id: serial("id").primaryKey(),
  code: text("code").notNull().unique(),
  name: text("name").notNull(),
  nameEn: text("name_en").notNull(),
  setBy: tagSetterEnum("set_by").notNull(),
  description: text("description").notNull().default(""),
  sortOrder: integer("sort_order").notNull().default(0),
});

export const tags = pgTable(
  "tags",
  {
    id: serial("id").primaryKey(),
    categoryId: integer("category_id")
      .notNull()
      .references(() => tagCategories.id),
    code: text("code").notNull().unique(),
    name: text("name").notNull(),
    nameEn: text("name_en").notNull(),
  },
  (t) => [index("tags_category_idx").on(t.categoryId)],
);

/**
 * What set a rule's tag: the rule (`id@rule-set version`) and its confidence. A ticket's tag_rules
 * name these by id, two bytes a tag instead of the rule's name and confidence on every ticket; a
 * rule set writes its own entries when it first tags. Entries never change or go.
 */
export const tagRules = pgTable(
  "tag_rules",
  {
    id: smallserial("id").primaryKey(),
    ruleId: text("rule_id").notNull(),
    confidence: real("confidence").notNull(),
  },
  (t) => [unique("tag_rules_rule_confidence_uq").on(t.ruleId, t.confidence)],
);
