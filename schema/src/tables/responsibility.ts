import { bigint, index, integer, pgTable, serial, text, timestamp, boolean } from "drizzle-orm/pg-core";
import { consultationStatusEnum, domainEnum } from "./pg-enums.js";

/** 一键会商: a multi-department session on disputed tickets. */
export const consultations = pgTable("consultations", {
  id: serial("id").primaryKey(),
  status: consultationStatusEnum("status").notNull().default("open"),
  topic: text("topic").notNull(),
  ticketIds: bigint("ticket_ids", { mode: "number" }).array().notNull(),
  departmentIds: integer("department_ids").array().notNull(),
  openedBy: text("opened_by").notNull(),
  openedAt: timestamp("opened_at", { withTimezone: true }).notNull().defaultNow(),
  concludedAt: timestamp("concluded_at", { withTimezone: true }),
  conclusion: text("conclusion"),
  leadDepartmentId: integer("lead_department_id"),
});

/** 一键明责: the staffing office's binding ruling on who is responsible. */
export const determinations = pgTable("determinations", {
  id: serial("id").primaryKey(),
  consultationId: integer("consultation_id"),
  ticketIds: bigint("ticket_ids", { mode: "number" }).array().notNull().default([]),
  leadDepartmentId: integer("lead_department_id").notNull(),
  coDepartmentIds: integer("co_department_ids").array().notNull().default([]),
  matterId: integer("matter_id"),
  reasoning: text("reasoning").notNull(),
  decidedBy: text("decided_by").notNull(),
  decidedAt: timestamp("decided_at", { withTimezone: true }).notNull().defaultNow(),
});

/** 判例: a settled case turned into a dispatch rule for the same class of requests. */
export const precedents = pgTable(
  "precedents",
  {
    id: serial("id").primaryKey(),
    determinationId: integer("determination_id"),
    title: text("title").notNull(),
    summary: text("summary").notNull(),
    keywords: text("keywords").array().notNull().default([]),
    domain: domainEnum("domain"),
    departmentId: integer("department_id").notNull(),
    matterId: integer("matter_id"),
    active: boolean("active").notNull().default(true),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("precedents_department_idx").on(t.departmentId)],
);
