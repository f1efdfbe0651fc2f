import {
  bigint,
  bigserial,
  check,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { addressKeySql, phoneKeySql } from "../caller-keys.js";
import { sql } from "drizzle-orm";
import {
  appealTypeEnum,
  channelEnum,
  domainEnum,
  loopEnum,
  roleEnum,
  satisfactionEnum,
  sourceEnum,
  ticketEventTypeEnum,
  ticketStatusEnum,
} from "./pg-enums.js";

/**
 * One citizen or enterprise request (工单), from any of the three sources. Partitioned by month of
 * receipt (migrations/0013_ticket_partitions.sql; drizzle-kit cannot declare partitions), so its
 * unique keys live in ticket_keys: an id lookup reads every month's index, and what refers to a
 * ticket refers to its key.
 */
export const tickets = pgTable(
  "tickets",
  {
    id: bigserial("id", { mode: "number" }).notNull(),
    source: sourceEnum("source").notNull(),
    externalId: text("external_id").notNull(),
    channel: channelEnum("channel").notNull(),
    appealType: appealTypeEnum("appeal_type").notNull(),
    title: text("title"),
    content: text("content").notNull(),
    address: text("address"),
    lat: doublePrecision("lat"),
    lng: doublePrecision("lng"),
    // The three levels are denormalised so that filters and heatmaps at any level need no join.
    // Places, department and matter are checked per statement, not per row (migration 0014).
    gridCellId: integer("grid_cell_id"),
    communityId: integer("community_id"),
    streetId: integer("street_id"),
    citizenName: text("citizen_name"),
    citizenPhone: text("citizen_phone"),
    status: ticketStatusEnum("status").notNull().default("received"),
    domain: domainEnum("domain"),
    matterId: integer("matter_id"),
    departmentId: integer("department_id"),
    coDepartmentIds: integer("co_department_ids").array().notNull().default([]),
    loop: loopEnum("loop").notNull().default("small"),
    suggestedDepartmentId: integer("suggested_department_id"),
    suggestedMatterId: integer("suggested_matter_id"),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
    dispatchedAt: timestamp("dispatched_at", { withTimezone: true }),
    dueAt: timestamp("due_at", { withTimezone: true }),
    acceptedAt: timestamp("accepted_at", { withTimezone: true }),
    repliedAt: timestamp("replied_at", { withTimezone: true }),
    closedAt: timestamp("closed_at", { withTimezone: true }),
    reply: text("reply"),
    satisfaction: satisfactionEnum("satisfaction"),
    reopenCount: integer("reopen_count").notNull().default(0),
    returnCount: integer("return_count").notNull().default(0),
    supervisionCount: integer("supervision_count").notNull().default(0),
    /**
     * An imported ticket's past (ingest/history-write.ts): the steps its times prove, and the
     * source's own status history when the file has one. Live tickets log every step as an event.
     */
    timeline: jsonb("timeline").$type<{ steps: { status: string; at: string }[]; sourceStatuses?: unknown }>(),
    /** When a history import wrote it; deadlines it had already missed then raise no warning today. */
    importedAt: timestamp("imported_at", { withTimezone: true }),
    /** Raw source record kept for audit and re-mapping. */
    raw: jsonb("raw"),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    /**
     * The ticket's tags (标签), ascending, with who set each in the parallel arrays below: on the
     * ticket row because an import writes ~15 rule tags per ticket, and one row each in a join table
     * cost as much as the tickets themselves. tag_ids → tags and tag_rules → tag_rules are checked
     * per statement (migrations/0012_ticket_tag_arrays.sql); see docs/design/tagging.md.
     */
    tagIds: integer("tag_ids").array().notNull().default([]),
    /** The rule and confidence (tag_rules) that set each tag; 0 where a person set it. */
    tagRules: smallint("tag_rules").array().notNull().default([]),
    /**
     * Who set each tag where a person did, '' where a rule did; empty while no person has set any.
     * Never null: postgres.js reads a NULL element of a text[] as the string "NULL".
     */
    tagActors: text("tag_actors").array().notNull().default([]),
  },
  (t) => [
    primaryKey({ name: "tickets_pkey", columns: [t.id, t.receivedAt] }),
    // Every query on a department names it; tickets not dispatched yet need no entry.
    index("tickets_department_status_idx").on(t.departmentId, t.status).where(sql`${t.departmentId} is not null`),
    index("tickets_received_idx").on(t.receivedAt),
    // The wall counts today's closures every second.
    index("tickets_closed_idx").on(t.closedAt).where(sql`${t.closedAt} is not null`),
    index("tickets_grid_received_idx").on(t.gridCellId, t.receivedAt),
    index("tickets_community_received_idx").on(t.communityId, t.receivedAt),
    // A matter is set at dispatch: intake and imports (which leave it to the suggestion) need no entry.
    index("tickets_matter_idx").on(t.matterId).where(sql`${t.matterId} is not null`),
    // Imported history has no dispatch events: its department metrics read the recorded dispatch.
    index("tickets_imported_dispatched_idx").on(t.dispatchedAt).where(sql`${t.importedAt} is not null and ${t.dispatchedAt} is not null`),
    index("tickets_due_open_idx").on(t.dueAt).where(sql`${t.status} <> 'closed'`),
    // History tagging rules count earlier tickets of the same caller or address in a window.
    index("tickets_phone_received_idx").on(t.citizenPhone, t.receivedAt).where(sql`${t.citizenPhone} is not null`),
    index("tickets_address_received_idx").on(t.address, t.receivedAt).where(sql`${t.address} is not null`),
    // Earlier requests of one caller or one address however it was written (warnings' repeat detector).
    index("tickets_phone_key_received_idx").on(phoneKeySql(sql`citizen_phone`), t.receivedAt).where(sql`${t.citizenPhone} is not null`),
    index("tickets_address_key_received_idx").on(addressKeySql(sql`address`), t.receivedAt).where(sql`${t.address} is not null`),
    // "Tickets with tag X", "with all of X, Y": tag_ids && / @> array[…].
    index("tickets_tag_ids_idx").using("gin", t.tagIds),
    check(
      "tickets_tag_arrays_parallel",
      sql`cardinality(${t.tagRules}) = cardinality(${t.tagIds}) and cardinality(${t.tagActors}) in (0, cardinality(${t.tagIds})) and array_position(${t.tagRules}, null) is null and array_position(${t.tagActors}, null) is null`,
    ),
  ],
);

/**
 * The keys of every ticket, whichever month holds it: its id, which events and supervisions refer
 * to, and (source, external_id), which intake is idempotent on. Written by a statement trigger on
 * tickets; a path that must skip stored keys inserts the key first (ON CONFLICT DO NOTHING).
 */
export const ticketKeys = pgTable(
  "ticket_keys",
  {
    ticketId: bigint("ticket_id", { mode: "number" }).primaryKey(),
    source: sourceEnum("source").notNull(),
    externalId: text("external_id").notNull(),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex("ticket_keys_source_external_uq").on(t.source, t.externalId)],
);

/**
 * Months a history import is filling outside `tickets`, as plain tables without indexes, until it
 * attaches them (migrations/0015_ticket_month_loads.sql; server/src/store/ticket-months.ts).
 */
export const ticketMonthLoads = pgTable("ticket_month_loads", {
  partition: text("partition").primaryKey(),
  monthFrom: timestamp("month_from", { withTimezone: true }).notNull(),
  monthTo: timestamp("month_to", { withTimezone: true }).notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

/**
 * Append-only audit log of every ticket change, written in the same transaction as the change.
 * `tx` is the writing transaction's id: subscriptions use it to order events by commit, which a
 * plain sequence cannot do when transactions commit out of order.
 */
export const ticketEvents = pgTable(
  "ticket_events",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    ticketId: bigint("ticket_id", { mode: "number" })
      .notNull()
      .references(() => ticketKeys.ticketId),
    type: ticketEventTypeEnum("type").notNull(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
    actor: text("actor").notNull(),
    actorRole: roleEnum("actor_role"),
    departmentId: integer("department_id"),
    fromStatus: ticketStatusEnum("from_status"),
    toStatus: ticketStatusEnum("to_status"),
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull().default({}),
    tx: bigint("tx", { mode: "number" })
      .notNull()
      .default(sql`(pg_current_xact_id()::text)::bigint`),
  },
  (t) => [
    index("ticket_events_ticket_idx").on(t.ticketId, t.id),
    index("ticket_events_at_idx").on(t.at),
    index("ticket_events_department_idx").on(t.departmentId, t.id),
    // Subscriptions read the log in (tx, id) order: see server/src/realtime/event-log.ts.
    index("ticket_events_tx_id_idx").on(t.tx, t.id),
  ],
);
