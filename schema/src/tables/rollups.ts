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

/**
 * Tickets received per local (UTC+8) month × grid cell × domain: what a year's heatmap reads —
 * about 80,000 rows for a year however many millions of tickets it holds, and each month × cell
 * once more under domain '*' (all domains), so an unfiltered heatmap reads 5,500 rows. Not keyed
 * by source, to stay that small; a source filter reads the hourly rollup. Kept exact by triggers
 * on ticket_rollup_hourly (migration 0005), so every writer of the hourly rollup keeps it too.
 * `month` is the instant the local month starts. Community and street are in the key for the
 * tickets without a grid cell (cell 0), placed by address.
 */
export const ticketRollupMonthly = pgTable(
  "ticket_rollup_monthly",
  {
    month: timestamp("month", { withTimezone: true }).notNull(),
    gridCellId: integer("grid_cell_id").notNull(),
    communityId: integer("community_id").notNull(),
    streetId: integer("street_id").notNull(),
    domain: text("domain").notNull(),
    received: integer("received").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.month, t.gridCellId, t.communityId, t.streetId, t.domain] })],
);

/** The same per local day: the partial months at the edges of a window like "the last 365 days". */
export const ticketRollupDaily = pgTable(
  "ticket_rollup_daily",
  {
    day: timestamp("day", { withTimezone: true }).notNull(),
    gridCellId: integer("grid_cell_id").notNull(),
    communityId: integer("community_id").notNull(),
    streetId: integer("street_id").notNull(),
    domain: text("domain").notNull(),
    received: integer("received").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.day, t.gridCellId, t.communityId, t.streetId, t.domain] })],
);
