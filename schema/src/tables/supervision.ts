import { bigint, index, integer, pgTable, serial, text, timestamp } from "drizzle-orm/pg-core";
import { supervisionMethodEnum } from "./pg-enums.js";
import { ticketKeys } from "./tickets.js";

/** 督办: one act of chasing a ticket. */
export const supervisions = pgTable(
  "supervisions",
  {
    id: serial("id").primaryKey(),
    ticketId: bigint("ticket_id", { mode: "number" })
      .notNull()
      .references(() => ticketKeys.ticketId),
    method: supervisionMethodEnum("method").notNull(),
    note: text("note").notNull().default(""),
    departmentId: integer("department_id"),
    actor: text("actor").notNull(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("supervisions_ticket_idx").on(t.ticketId)],
);
