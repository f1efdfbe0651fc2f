import { integer, pgTable, serial, text, index } from "drizzle-orm/pg-core";
import { departmentKindEnum, domainEnum } from "./pg-enums.js";

/** Responsible units (责任单位): district bureaus, street offices, utilities. */
export const departments = pgTable(
  "departments",
  {
    id: serial("id").primaryKey(),
    code: text("code").notNull().unique(),
    name: text("name").notNull(),
    nameEn: text("name_en").notNull(),
    kind: departmentKindEnum("kind").notNull(),
    /** The domains this unit mainly serves; used by analytics and dispatch. */
    domains: domainEnum("domains").array().notNull().default([]),
    /** Street offices are bound to their street region. */
    regionId: integer("region_id"),
    /** The unit this one reports to (上级单位), as the city's sheet gives it. */
    parentId: integer("parent_id"),
    /** How to reach the unit (联系方式), as the city's sheet gives it. */
    contact: text("contact").notNull().default(""),
  },
  (t) => [index("departments_kind_idx").on(t.kind)],
);
