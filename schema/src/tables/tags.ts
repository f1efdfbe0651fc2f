import { index, integer, pgTable, serial, text } from "drizzle-orm/pg-core";
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
