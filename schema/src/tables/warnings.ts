import { bigint, index, integer, jsonb, pgTable, serial, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";
import { reportKindEnum, warningKindEnum, warningSeverityEnum, warningStatusEnum } from "./pg-enums.js";

/** 预警. One open warning per (kind, scope); it grows in severity and evidence instead of repeating. */
export const warnings = pgTable(
  "warnings",
  {
    id: serial("id").primaryKey(),
    kind: warningKindEnum("kind").notNull(),
    severity: warningSeverityEnum("severity").notNull(),
    status: warningStatusEnum("status").notNull().default("raised"),
    scopeKey: text("scope_key").notNull(),
    scope: jsonb("scope").$type<Record<string, unknown>>().notNull(),
    title: text("title").notNull(),
    detail: text("detail").notNull().default(""),
    evidenceTicketIds: bigint("evidence_ticket_ids", { mode: "number" }).array().notNull().default([]),
    count: integer("count").notNull().default(0),
    raisedAt: timestamp("raised_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    acknowledgedBy: text("acknowledged_by"),
    acknowledgedAt: timestamp("acknowledged_at", { withTimezone: true }),
    resolvedBy: text("resolved_by"),
    resolvedAt: timestamp("resolved_at", { withTimezone: true }),
    resolutionNote: text("resolution_note"),
    /** The unit the warning is addressed to (department scopes, proactive lists); it may read it. */
    departmentId: integer("department_id"),
    /** Last time the severity rose. */
    escalatedAt: timestamp("escalated_at", { withTimezone: true }),
    /**
     * Position in the push feed: set when a warning is raised or escalated, by writers that hold
     * the warning engine's advisory lock, so it grows in commit order and readers never skip one.
     */
    pushSeq: bigint("push_seq", { mode: "number" }),
    /** Lifecycle trail: raised, escalated, acknowledged, resolved — who, when, at what severity. */
    history: jsonb("history").$type<Record<string, unknown>[]>().notNull().default([]),
  },
  (t) => [
    uniqueIndex("warnings_open_scope_uq").on(t.kind, t.scopeKey).where(sql`${t.status} <> 'resolved'`),
    index("warnings_status_idx").on(t.status, t.severity),
    index("warnings_push_seq_idx").on(t.pushSeq),
    index("warnings_kind_scope_idx").on(t.kind, t.scopeKey, t.resolvedAt),
  ],
);

/** 预警专报, 领导参阅, 信息动态: reports drafted from the data. */
export const reports = pgTable("reports", {
  id: serial("id").primaryKey(),
  kind: reportKindEnum("kind").notNull(),
  title: text("title").notNull(),
  periodFrom: timestamp("period_from", { withTimezone: true }).notNull(),
  periodTo: timestamp("period_to", { withTimezone: true }).notNull(),
  body: text("body").notNull(),
  data: jsonb("data").$type<Record<string, unknown>>().notNull().default({}),
  createdBy: text("created_by").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});
