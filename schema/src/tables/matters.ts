import { index, integer, pgTable, serial, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";
import { domainEnum } from "./pg-enums.js";
import { departments } from "./departments.js";

/**
 * The responsibility list (权责清单). A matter is identified by `key`; every change is a new row with
 * a higher `version`, and the previous row gets `valid_to`. Rows are never overwritten, so a ruling
 * can always be read "as of" the date it was made.
 */
export const matters = pgTable(
  "matters",
  {
    id: serial("id").primaryKey(),
    key: text("key").notNull(),
    version: integer("version").notNull().default(1),
    name: text("name").notNull(),
    domain: domainEnum("domain").notNull(),
    leadDepartmentId: integer("lead_department_id")
      .notNull()
      .references(() => departments.id),
    coDepartmentIds: integer("co_department_ids").array().notNull().default([]),
    legalBasis: text("legal_basis").notNull(),
    keywords: text("keywords").array().notNull().default([]),
    /** Working days the lead department has to close a ticket of this matter. */
    timeLimitDays: integer("time_limit_days").notNull(),
    validFrom: timestamp("valid_from", { withTimezone: true }).notNull().defaultNow(),
    validTo: timestamp("valid_to", { withTimezone: true }),
    changeNote: text("change_note"),
    changedBy: text("changed_by"),
  },
  (t) => [
    uniqueIndex("matters_key_version_uq").on(t.key, t.version),
    // At most one current version per matter.
    uniqueIndex("matters_current_uq").on(t.key).where(sql`${t.validTo} is null`),
    index("matters_domain_idx").on(t.domain),
    index("matters_lead_idx").on(t.leadDepartmentId),
  ],
);
