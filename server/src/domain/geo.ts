// Point-in-polygon and grid-cell lookup. Pure: no I/O, so intake, ingest and the seeder share it.

import Flatbush from "flatbush";
import type { Geometry } from "@cityops/schema/geometry";

/** Ray casting on one ring of GeoJSON positions ([lng, lat]). */
function ringContains(ring: readonly (readonly number[])[], lat: number, lng: number): boolean {
  let inside = false;
  const n = ring.length;
  for (let i = 0, j = n - 1; i < n; j = i++) {
    const a = ring[i];
    const b = ring[j];
    if (!a || !b) continue;
    const xi = a[0] ?? 0;
    const yi = a[1] ?? 0;
    const xj = b[0] ?? 0;
    const yj = b[1] ?? 0;
    // Half-open on y so that a ray through a vertex is counted once, not twice.
    if (yi > lat !== yj > lat && lng < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Inside the outer ring and outside every hole. */
function polygonContains(rings: readonly (readonly (readonly number[])[])[], lat: number, lng: number): boolean {
  const [outer, ...holes] = rings;
  if (!outer || !ringContains(outer, lat, lng)) return false;
  for (const hole of holes) if (ringContains(hole, lat, lng)) return false;
  return true;
}

/**
 * Whether (lat, lng) lies inside a GeoJSON Polygon or MultiPolygon. Points exactly on an edge may
 * fall either way; neighbouring cells share edges, so a locator still finds exactly one of them.
 */
export function pointInPolygon(lat: number, lng: number, geometry: Geometry): boolean {
  if (!Number.isFinite(lat) || !Number.isFinite(lng)) return false;
  if (geometry.type === "Polygon") return polygonContains(geometry.coordinates, lat, lng);
  for (const polygon of geometry.coordinates) if (polygonContains(polygon, lat, lng)) return true;
  return false;
}

export interface LocatableCell<Id> {
  id: Id;
  minLat: number;
  minLng: number;
  maxLat: number;
  maxLng: number;
  geometry: Geometry;
}

/**
 * Finds the grid cell containing a point. A static R-tree (flatbush) over the cells' bounding boxes
 * keeps each lookup to a handful of box checks and one or two polygon tests, whatever the number of
 * cells and however unevenly a city spreads them (dense wards, wide rural cells).
 */
export class GridLocator<Id = number> {
  private readonly cells: readonly LocatableCell<Id>[];
  private readonly index: Flatbush | null;

  constructor(cells: readonly LocatableCell<Id>[]) {
    this.cells = cells;
    if (cells.length === 0) {
      this.index = null;
      return;
    }
    const index = new Flatbush(cells.length);
    for (const c of cells) index.add(c.minLng, c.minLat, c.maxLng, c.maxLat);
    index.finish();
    this.index = index;
  }

  /** The id of the cell containing the point, or null outside every cell (or for NaN input). */
  locate(lat: number, lng: number): Id | null {
    if (!Number.isFinite(lat) || !Number.isFinite(lng) || !this.index) return null;
    for (const i of this.index.search(lng, lat, lng, lat)) {
      const c = this.cells[i]!;
      if (pointInPolygon(lat, lng, c.geometry)) return c.id;
    }
    return null;
  }
}
