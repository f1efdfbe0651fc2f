// Point-in-polygon and grid-cell lookup. Pure: no I/O, so intake, ingest and the seeder share it.

import type { Geometry } from "@cityops/schema";

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
 * Finds the grid cell containing a point. A uniform bucket index over the cells' common bounding
 * box keeps each lookup to a handful of bbox checks and one or two polygon tests, instead of a
 * scan of 400+ polygons, which matters when a batch import locates thousands of tickets.
 */
export class GridLocator<Id = number> {
  private readonly cells: readonly LocatableCell<Id>[];
  private readonly buckets: number[][];
  private readonly minLat: number;
  private readonly minLng: number;
  private readonly bucketLat: number;
  private readonly bucketLng: number;
  private readonly rows: number;
  private readonly cols: number;

  constructor(cells: readonly LocatableCell<Id>[]) {
    this.cells = cells;
    let minLat = Infinity;
    let minLng = Infinity;
    let maxLat = -Infinity;
    let maxLng = -Infinity;
    for (const c of cells) {
      minLat = Math.min(minLat, c.minLat);
      minLng = Math.min(minLng, c.minLng);
      maxLat = Math.max(maxLat, c.maxLat);
      maxLng = Math.max(maxLng, c.maxLng);
    }
    if (cells.length === 0) {
      minLat = minLng = 0;
      maxLat = maxLng = 0;
    }
    // About one bucket per cell: each bucket then overlaps only a few cells' boxes.
    const side = Math.max(1, Math.ceil(Math.sqrt(cells.length)));
    this.rows = side;
    this.cols = side;
    this.minLat = minLat;
    this.minLng = minLng;
    this.bucketLat = Math.max((maxLat - minLat) / side, 1e-12);
    this.bucketLng = Math.max((maxLng - minLng) / side, 1e-12);
    this.buckets = Array.from({ length: side * side }, () => [] as number[]);
    cells.forEach((c, index) => {
      const r0 = this.row(c.minLat);
      const r1 = this.row(c.maxLat);
      const c0 = this.col(c.minLng);
      const c1 = this.col(c.maxLng);
      for (let r = r0; r <= r1; r++) for (let k = c0; k <= c1; k++) this.buckets[r * this.cols + k]?.push(index);
    });
  }

  private row(lat: number): number {
    return Math.min(this.rows - 1, Math.max(0, Math.floor((lat - this.minLat) / this.bucketLat)));
  }

  private col(lng: number): number {
    return Math.min(this.cols - 1, Math.max(0, Math.floor((lng - this.minLng) / this.bucketLng)));
  }

  /** The id of the cell containing the point, or null outside every cell (or for NaN input). */
  locate(lat: number, lng: number): Id | null {
    if (!Number.isFinite(lat) || !Number.isFinite(lng) || this.cells.length === 0) return null;
    const r = Math.floor((lat - this.minLat) / this.bucketLat);
    const k = Math.floor((lng - this.minLng) / this.bucketLng);
    // Outside the index's box no cell can contain the point.
    if (r < 0 || k < 0 || r > this.rows || k > this.cols) return null;
    const bucket = this.buckets[Math.min(r, this.rows - 1) * this.cols + Math.min(k, this.cols - 1)];
    if (!bucket) return null;
    for (const index of bucket) {
      const c = this.cells[index];
      if (!c) continue;
      if (lat < c.minLat || lat > c.maxLat || lng < c.minLng || lng > c.maxLng) continue;
      if (pointInPolygon(lat, lng, c.geometry)) return c.id;
    }
    return null;
  }
}
