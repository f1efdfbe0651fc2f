import { doublePrecision, index, integer, jsonb, pgTable, serial, text, boolean } from "drizzle-orm/pg-core";
import type { Geometry } from "../geometry.js";
import { regionLevelEnum } from "./pg-enums.js";

export type { Geometry };

/** Street (街道) → community (社区) → grid cell (网格): one table, linked by parent. */
export const regions = pgTable(
  "regions",
  {
    id: serial("id").primaryKey(),
    code: text("code").notNull().unique(),
    level: regionLevelEnum("level").notNull(),
    parentId: integer("parent_id"),
    name: text("name").notNull(),
    nameEn: text("name_en").notNull(),
    geometry: jsonb("geometry").$type<Geometry>().notNull(),
    // Centroid and bounding box let point-in-polygon lookups skip most polygons cheaply.
    centerLat: doublePrecision("center_lat").notNull(),
    centerLng: doublePrecision("center_lng").notNull(),
    minLat: doublePrecision("min_lat").notNull(),
    minLng: doublePrecision("min_lng").notNull(),
    maxLat: doublePrecision("max_lat").notNull(),
    maxLng: doublePrecision("max_lng").notNull(),
    /** True for generated demo geography, so that a real boundary file can replace it knowingly. */
    isDemo: boolean("is_demo").notNull().default(false),
  },
  (t) => [index("regions_level_idx").on(t.level), index("regions_parent_idx").on(t.parentId)],
);
