import { bigint, index, integer, pgTable, primaryKey, real, serial, text, timestamp } from "drizzle-orm/pg-core";
import { tagOriginEnum, tagSetterEnum } from "./pg-enums.js";

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
 * A tag on a ticket, with who set it: a rule (and which) or a person.
 *
 * ticket_id → tickets and tag_id → tags are foreign keys checked per statement, not per row
 * (migrations/0007_ticket_tags_statement_checks.sql): an import writes ~15 rule tags per ticket,
 * and two row-by-row key checks (each locking the referenced row) were most of its time.
 */
export const ticketTags = pgTable(
  "ticket_tags",
  {
    ticketId: bigint("ticket_id", { mode: "number" }).notNull(),
    tagId: integer("tag_id").notNull(),
    origin: tagOriginEnum("origin").notNull(),
    confidence: real("confidence").notNull().default(1),
    ruleId: text("rule_id"),
    actor: text("actor"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.ticketId, t.tagId] }), index("ticket_tags_tag_idx").on(t.tagId, t.ticketId)],
);
