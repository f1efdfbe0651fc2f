import { integer, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import { sourceEnum } from "./pg-enums.js";

/**
 * Tickets received per hour × grid cell × domain × source, kept exact in the same transaction as
 * each intake, so heatmaps and matrices read thousands of rows instead of millions of tickets.
 * A primary key cannot hold NULL, so "no grid cell" is stored as 0 and "no domain yet" as
 * 'UNKNOWN'.
 */
export const ticketRollupHourly = pgTable(
  "ticket_rollup_hourly",
  {
    hour: timestamp("hour", { withTimezone: true }).notNull(),
    gridCellId: integer("grid_cell_id").notNull(),
    communityId: integer("community_id").notNull(),
    streetId: integer("street_id").notNull(),
    domain: text("domain").notNull(),
    source: sourceEnum("source").notNull(),
    received: integer("received").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.hour, t.gridCellId, t.domain, t.source] })],
);
