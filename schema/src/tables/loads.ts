import { index, jsonb, pgTable, serial, text, timestamp } from "drizzle-orm/pg-core";

/**
 * Every applied load of a city's reference data (`cityops load`): which file, by whom, when, and
 * what it changed. The newest row of each kind is what the admin query and /readyz report.
 */
export const referenceLoads = pgTable(
  "reference_loads",
  {
    id: serial("id").primaryKey(),
    kind: text("kind").notNull(),
    fileName: text("file_name").notNull(),
    sha256: text("sha256").notNull(),
    loadedBy: text("loaded_by").notNull(),
    loadedAt: timestamp("loaded_at", { withTimezone: true }).notNull().defaultNow(),
    summary: jsonb("summary").$type<Record<string, unknown>>().notNull(),
  },
  (t) => [index("reference_loads_kind_idx").on(t.kind, t.loadedAt)],
);
