// Kept apart from the tables so the pure domain can name the shape without loading drizzle.

/** A GeoJSON Polygon or MultiPolygon, stored as-is so the wall can draw it without conversion. */
export type Geometry =
  | { type: "Polygon"; coordinates: number[][][] }
  | { type: "MultiPolygon"; coordinates: number[][][][] };
