// A city's map as it arrives (GeoJSON exported from GIS or boundary data): every feature checked,
// what can be repaired safely repaired and said, the rest refused with the feature named. Pure: the
// loader (load/regions.load.ts) reads the file and writes the result.

import area from "@turf/area";
import intersect from "@turf/intersect";
import kinks from "@turf/kinks";
import pointOnFeature from "@turf/point-on-feature";
import { feature, featureCollection } from "@turf/helpers";
import { createRequire } from "node:module";
import type { Geometry } from "@cityops/schema/geometry";
import type { RegionLevel } from "@cityops/schema/vocabulary";
import { pointInPolygon } from "../geo.js";

// gcoord's typings declare a default export its CommonJS build does not have under Node's ESM loader.
const gcoord = createRequire(import.meta.url)("gcoord") as { transform(p: [number, number], from: string, to: string): number[]; GCJ02: string; WGS84: string };

export type Crs = "wgs84" | "gcj02";

/** One feature as the file gives it, its properties already mapped to our fields. */
export interface RegionInput {
  /** 0-based position in the FeatureCollection. */
  index: number;
  code: string;
  name: string;
  level: string;
  parent: string;
  geometry: unknown;
}

export interface KnownRegion {
  code: string;
  level: RegionLevel;
  geometry: Geometry;
}

export interface RegionOut {
  index: number;
  code: string;
  name: string;
  level: RegionLevel;
  parentCode: string | null;
  geometry: Geometry;
  /** A point inside the region (where its label goes), not merely its centroid. */
  center: { lat: number; lng: number };
  bbox: { minLat: number; minLng: number; maxLat: number; maxLng: number };
}

export interface RegionProblem {
  index: number;
  code: string;
  reason: string;
}

export interface RegionCheck {
  regions: RegionOut[];
  problems: RegionProblem[];
  repairs: RegionProblem[];
}

const LEVELS: Record<string, RegionLevel> = { street: "street", community: "community", grid: "grid_cell", grid_cell: "grid_cell", 街道: "street", 镇: "street", 社区: "community", 村: "community", 网格: "grid_cell" };
const PARENT_LEVEL: Record<RegionLevel, RegionLevel | null> = { street: null, community: "street", grid_cell: "community" };
/** A child with less than this share of its area inside its parent is refused. */
const INSIDE_PARENT = 0.5;

type Ring = number[][];

const same = (a: number[], b: number[]) => a[0] === b[0] && a[1] === b[1];

/**
 * Vertices where the boundary turns straight back along itself (A → B → C on one line, C back
 * towards A): spikes of no area that quantized data leaves, removed until none is left.
 */
export function dropSpikes(ring: Ring): number {
  let removed = 0;
  for (let again = true; again && ring.length > 3; ) {
    again = false;
    for (let i = 0; i < ring.length && ring.length > 3; i++) {
      const a = ring[(i - 1 + ring.length) % ring.length]!;
      const b = ring[i]!;
      const c = ring[(i + 1) % ring.length]!;
      const cross = (b[0]! - a[0]!) * (c[1]! - b[1]!) - (b[1]! - a[1]!) * (c[0]! - b[0]!);
      const dot = (b[0]! - a[0]!) * (c[0]! - b[0]!) + (b[1]! - a[1]!) * (c[1]! - b[1]!);
      if (cross === 0 && dot < 0) {
        ring.splice(i, 1);
        removed++;
        again = true;
        i--;
        // A spike that came straight back leaves two equal neighbours: one of them goes too.
        const prev = ring[(i + ring.length) % ring.length];
        const next = ring[(i + 1) % ring.length];
        if (prev && next && prev !== next && same(prev, next)) ring.splice((i + 1) % ring.length, 1);
      }
    }
  }
  return removed;
}

/** A ring with consecutive duplicate vertices and spikes dropped, and closed; null when fewer than 3 distinct points remain. */
export function cleanRing(ring: Ring, note: (what: string) => void): Ring | null {
  const out: Ring = [];
  let dropped = 0;
  for (const p of ring) {
    if (out.length > 0 && same(out[out.length - 1]!, p)) dropped++;
    else out.push([p[0]!, p[1]!]);
  }
  const closed = out.length > 1 && same(out[0]!, out[out.length - 1]!);
  if (closed) out.pop();
  const spikes = out.length >= 3 ? dropSpikes(out) : 0;
  if (out.length < 3) return null;
  if (dropped > 0) note(`dropped ${dropped} duplicate vertices`);
  if (spikes > 0) note(`dropped ${spikes} spike vertices (the boundary turning straight back on itself)`);
  if (!closed) note("closed an unclosed ring");
  out.push([...out[0]!]);
  return out;
}

/** Twice the signed area of a closed ring (positive counter-clockwise), in degrees². */
function signedArea(ring: Ring): number {
  let a = 0;
  for (let i = 0; i + 1 < ring.length; i++) a += ring[i]![0]! * ring[i + 1]![1]! - ring[i + 1]![0]! * ring[i]![1]!;
  return a;
}

/**
 * A closed ring that touches itself at a vertex (quantized boundary data does this wherever two
 * lobes meet at a point) split there into simple closed loops; area is preserved. A ring that
 * crosses itself between vertices is not touched: kinks still finds it and it is refused.
 */
export function splitAtTouches(closed: Ring): Ring[] {
  const ring = withTouchVertices(closed);
  const loops: Ring[] = [];
  const path: Ring = [];
  const at = new Map<string, number>();
  for (const p of ring.slice(0, -1)) {
    const k = `${p[0]},${p[1]}`;
    const prev = at.get(k);
    if (prev !== undefined) {
      const loop = path.splice(prev);
      for (const q of loop) at.delete(`${q[0]},${q[1]}`);
      loops.push([...loop, [...loop[0]!]]);
    }
    at.set(k, path.length);
    path.push(p);
  }
  if (path.length > 0) loops.push([...path, [...path[0]!]]);
  return loops.filter((l) => l.length >= 4);
}

/**
 * The ring with a vertex added wherever one of its own vertices lies on one of its edges (a
 * T-touch), so that every touch is at a shared vertex; no point moves.
 */
function withTouchVertices(ring: Ring): Ring {
  const n = ring.length - 1;
  const inserts: { edge: number; t: number; p: number[] }[] = [];
  for (let i = 0; i < n; i++) {
    const v = ring[i]!;
    for (let j = 0; j < n; j++) {
      if (j === i || (j + 1) % n === i) continue;
      const a = ring[j]!;
      const b = ring[j + 1]!;
      if (same(a, v) || same(b, v)) continue;
      if ((b[0]! - a[0]!) * (v[1]! - a[1]!) - (b[1]! - a[1]!) * (v[0]! - a[0]!) !== 0) continue;
      const dx = b[0]! - a[0]!;
      const dy = b[1]! - a[1]!;
      const t = Math.abs(dx) >= Math.abs(dy) ? (v[0]! - a[0]!) / dx : (v[1]! - a[1]!) / dy;
      if (t > 0 && t < 1) inserts.push({ edge: j, t, p: [v[0]!, v[1]!] });
    }
  }
  if (inserts.length === 0) return ring;
  const out = ring.map((p) => [...p]);
  inserts.sort((x, y) => y.edge - x.edge || y.t - x.t);
  for (const ins of inserts) out.splice(ins.edge + 1, 0, ins.p);
  return out;
}

/** Polygons rebuilt from rings split at their touches: zero-area loops dropped, loops turned against their outer ring become its holes. */
function untouch(polygons: Ring[][], note: (what: string) => void): Ring[][] {
  const out: Ring[][] = [];
  let split = 0;
  for (const [outer, ...holes] of polygons) {
    const loops = splitAtTouches(outer!);
    if (loops.length === 1 && loops[0]!.length === outer!.length) {
      out.push([outer!, ...holes]);
      continue;
    }
    split++;
    const sign = Math.sign(signedArea(outer!)) || 1;
    const parts = loops.filter((l) => Math.abs(signedArea(l)) > 0);
    const outers = parts.filter((l) => Math.sign(signedArea(l)) === sign).map((l) => [l] as Ring[]);
    for (const inverted of parts.filter((l) => Math.sign(signedArea(l)) !== sign)) {
      const host = outers.find((o) => ringHolds(o[0]!, inverted)) ?? outers[0];
      host?.push(inverted);
    }
    for (const o of outers) o.push(...holes.filter((h) => ringHolds(o[0]!, h)));
    out.push(...outers);
  }
  if (split > 0) note(`split ${split} ring${split > 1 ? "s" : ""} that touched themselves at a vertex into simple rings (spikes of no area dropped)`);
  return out;
}

/** Whether the middle of `inner`'s first edge lies inside `outer` (rings that only touch share vertices, not edges' middles). */
function ringHolds(outer: Ring, inner: Ring): boolean {
  const a = inner[0]!;
  const b = inner[1]!;
  const lng = (a[0]! + b[0]!) / 2;
  const lat = (a[1]! + b[1]!) / 2;
  let inside = false;
  for (let i = 0, j = outer.length - 1; i < outer.length; j = i++) {
    const [xi, yi] = outer[i]!;
    const [xj, yj] = outer[j]!;
    if (yi! > lat !== yj! > lat && lng < ((xj! - xi!) * (lat - yi!)) / (yj! - yi!) + xi!) inside = !inside;
  }
  return inside;
}

/** Every position is a pair of finite numbers in range. */
function badPosition(rings: unknown[]): string | null {
  for (const ring of rings) {
    if (!Array.isArray(ring)) return "a ring is not an array of positions";
    for (const p of ring as unknown[]) {
      if (!Array.isArray(p) || p.length < 2 || typeof p[0] !== "number" || typeof p[1] !== "number" || !Number.isFinite(p[0]) || !Number.isFinite(p[1])) {
        return `bad position ${JSON.stringify(p)}`;
      }
      if (Math.abs(p[0]) > 180 || Math.abs(p[1]) > 90) return `position ${JSON.stringify(p)} is outside longitude/latitude range`;
    }
  }
  return null;
}

/** The geometry cleaned (or the reason it cannot be), converted to WGS-84. */
function cleanGeometry(raw: unknown, crs: Crs, note: (what: string) => void): Geometry | string {
  const g = raw as { type?: unknown; coordinates?: unknown } | null;
  if (!g || typeof g !== "object") return "empty geometry";
  if (g.type !== "Polygon" && g.type !== "MultiPolygon") return `geometry type ${String(g.type)} (expected Polygon or MultiPolygon)`;
  if (!Array.isArray(g.coordinates) || g.coordinates.length === 0) return "empty geometry";
  const polygons = (g.type === "Polygon" ? [g.coordinates] : g.coordinates) as unknown[];
  const kept: Ring[][] = [];
  let degenerate = 0;
  for (const polygon of polygons) {
    if (!Array.isArray(polygon) || polygon.length === 0) {
      degenerate++;
      continue;
    }
    const bad = badPosition(polygon);
    if (bad) return bad;
    let rings = polygon as Ring[];
    if (crs === "gcj02") rings = rings.map((r) => r.map((p) => gcoord.transform([p[0]!, p[1]!], gcoord.GCJ02, gcoord.WGS84) as number[]));
    const outer = cleanRing(rings[0]!, note);
    if (!outer) {
      degenerate++;
      continue;
    }
    const holes: Ring[] = [];
    for (const hole of rings.slice(1)) {
      const h = cleanRing(hole, note);
      if (h) holes.push(h);
      else note("dropped a hole of fewer than 3 distinct points");
    }
    kept.push([outer, ...holes]);
  }
  if (kept.length === 0) return degenerate > 0 ? "bad ring: no ring with 3 distinct points" : "empty geometry";
  if (degenerate > 0) note(`dropped ${degenerate} degenerate part${degenerate > 1 ? "s" : ""} (fewer than 3 distinct points, no area)`);
  const simple = untouch(kept, note);
  if (simple.length === 0) return "bad ring: no area";
  return simple.length === 1 ? { type: "Polygon", coordinates: simple[0]! } : { type: "MultiPolygon", coordinates: simple };
}

function bboxOf(g: Geometry): RegionOut["bbox"] {
  let minLat = Infinity;
  let minLng = Infinity;
  let maxLat = -Infinity;
  let maxLng = -Infinity;
  const polygons = g.type === "Polygon" ? [g.coordinates] : g.coordinates;
  for (const polygon of polygons)
    for (const [lng, lat] of polygon[0]!) {
      minLat = Math.min(minLat, lat!);
      maxLat = Math.max(maxLat, lat!);
      minLng = Math.min(minLng, lng!);
      maxLng = Math.max(maxLng, lng!);
    }
  return { minLat, minLng, maxLat, maxLng };
}

/**
 * Where a ring crosses itself, ring by ring: a hole that touches its shell at one point is valid
 * (OGC), and kinks would report it if given the polygon's rings together.
 */
function selfIntersection(g: Geometry): number[] | null {
  const polygons = g.type === "Polygon" ? [g.coordinates] : g.coordinates;
  for (const polygon of polygons)
    for (const ring of polygon) {
      const found = kinks(feature({ type: "Polygon", coordinates: [ring] }));
      if (found.features.length > 0) return found.features[0]!.geometry.coordinates;
    }
  return null;
}

/**
 * Checks a whole file's features against each other and against the regions already stored:
 * `regions` are the features that pass (repaired where said in `repairs`), `problems` the refused.
 * A load applies only when `problems` is empty.
 */
export function checkRegions(inputs: readonly RegionInput[], known: ReadonlyMap<string, KnownRegion>, crs: Crs = "wgs84"): RegionCheck {
  const problems: RegionProblem[] = [];
  const repairs: RegionProblem[] = [];
  const out: RegionOut[] = [];
  const seen = new Map<string, number>();
  for (const f of inputs) {
    const code = f.code.trim();
    const refuse = (reason: string) => problems.push({ index: f.index, code, reason });
    if (!code) {
      refuse("no code");
      continue;
    }
    if (seen.has(code)) {
      refuse(`duplicate code (also feature ${seen.get(code)})`);
      continue;
    }
    seen.set(code, f.index);
    const level = LEVELS[f.level.trim().toLowerCase()];
    if (!level) {
      refuse(`unknown level "${f.level}" (street, community or grid)`);
      continue;
    }
    if (!f.name.trim()) refuse("no name");
    const notes: string[] = [];
    const geometry = cleanGeometry(f.geometry, crs, (what) => notes.push(what));
    if (typeof geometry === "string") {
      refuse(geometry);
      continue;
    }
    const kink = selfIntersection(geometry);
    if (kink) {
      refuse(`self-intersection at ${kink.map((x) => x.toFixed(6)).join(",")}`);
      continue;
    }
    if (notes.length) repairs.push({ index: f.index, code, reason: summarize(notes) });
    const label = insidePoint(geometry);
    out.push({
      index: f.index,
      code,
      name: f.name.trim(),
      level,
      parentCode: f.parent.trim() || null,
      geometry,
      center: { lng: label[0]!, lat: label[1]! },
      bbox: bboxOf(geometry),
    });
  }
  // Parents: in this file or already stored, one level up; and the child mostly inside it.
  const byCode = new Map(out.map((r) => [r.code, r]));
  const accepted: RegionOut[] = [];
  for (const r of out) {
    const want = PARENT_LEVEL[r.level];
    const refuse = (reason: string) => problems.push({ index: r.index, code: r.code, reason });
    if (want === null) {
      if (r.parentCode) r.parentCode = null;
      accepted.push(r);
      continue;
    }
    if (!r.parentCode) {
      refuse(`a ${r.level === "community" ? "community" : "grid cell"} needs its parent's code`);
      continue;
    }
    const parent = byCode.get(r.parentCode) ?? known.get(r.parentCode);
    if (!parent) {
      refuse(`unknown parent ${r.parentCode}`);
      continue;
    }
    if (parent.level !== want) {
      refuse(`parent ${r.parentCode} is a ${parent.level}, not a ${want}`);
      continue;
    }
    const inside = shareInside(r.geometry, parent.geometry);
    if (inside < INSIDE_PARENT) {
      refuse(`mostly outside its parent ${r.parentCode} (${Math.round(inside * 100)}% inside)`);
      continue;
    }
    accepted.push(r);
  }
  return { regions: accepted, problems: problems.sort((a, b) => a.index - b.index), repairs };
}

/**
 * A point well inside the region for its label (and for anything that needs a point of it): the
 * centroid when it is inside, else the middle of the longest inside run of a scan line through the
 * largest part; turf's point-on-feature as the last resort (it may return a boundary vertex).
 */
function insidePoint(g: Geometry): number[] {
  const polygons = g.type === "Polygon" ? [g.coordinates] : g.coordinates;
  const biggest = polygons.reduce((a, b) => (Math.abs(signedArea(b[0]!)) > Math.abs(signedArea(a[0]!)) ? b : a));
  const whole = feature({ type: "Polygon", coordinates: biggest });
  const b = bboxOf({ type: "Polygon", coordinates: biggest });
  const cx = biggest[0]!.reduce((n, p) => n + p[0]!, 0) / biggest[0]!.length;
  const cy = biggest[0]!.reduce((n, p) => n + p[1]!, 0) / biggest[0]!.length;
  if (pointInPolygon(cy, cx, { type: "Polygon", coordinates: biggest })) return [cx, cy];
  let best: { len: number; x: number; y: number } | null = null;
  for (let k = 1; k < 12; k++) {
    const y = b.minLat + ((b.maxLat - b.minLat) * k) / 12 + 1e-9;
    const xs: number[] = [];
    for (const ring of biggest)
      for (let i = 0; i + 1 < ring.length; i++) {
        const [x1, y1] = ring[i]!;
        const [x2, y2] = ring[i + 1]!;
        if (y1! > y !== y2! > y) xs.push(x1! + ((y - y1!) * (x2! - x1!)) / (y2! - y1!));
      }
    xs.sort((p, q) => p - q);
    for (let i = 0; i + 1 < xs.length; i += 2) if (!best || xs[i + 1]! - xs[i]! > best.len) best = { len: xs[i + 1]! - xs[i]!, x: (xs[i]! + xs[i + 1]!) / 2, y };
  }
  return best ? [best.x, best.y] : pointOnFeature(whole).geometry.coordinates;
}

/** One line per feature: "dropped 1,034 duplicate vertices; split 2 rings …", counts added up by kind of repair. */
function summarize(notes: string[]): string {
  const totals = new Map<string, number>();
  for (const n of notes) {
    const m = /^(\D*?)(\d+) (.*)$/.exec(n);
    const key = m ? `${m[1]}\u0000${m[3]!.replace(/^rings? /, "ring ").replace(/^parts? /, "part ")}` : n;
    totals.set(key, (totals.get(key) ?? 0) + (m ? Number(m[2]) : 1));
  }
  return [...totals]
    .map(([k, n]) => {
      if (!k.includes("\u0000")) return n > 1 ? `${k} (×${n})` : k;
      const [head, tail] = k.split("\u0000");
      return `${head}${n} ${n === 1 ? tail : tail!.replace(/^ring /, "rings ").replace(/^part /, "parts ")}`;
    })
    .join("; ");
}

/**
 * The share of `child`'s area that lies inside `parent`, estimated from a grid of points inside the
 * child (cheap against a parent of thousands of vertices); only a share near the threshold is
 * measured exactly by polygon intersection.
 */
function shareInside(child: Geometry, parent: Geometry): number {
  const b = bboxOf(child);
  let inChild = 0;
  let inBoth = 0;
  const n = 9;
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      const lat = b.minLat + ((b.maxLat - b.minLat) * (i + 0.5)) / n;
      const lng = b.minLng + ((b.maxLng - b.minLng) * (j + 0.5)) / n;
      if (!pointInPolygon(lat, lng, child)) continue;
      inChild++;
      if (pointInPolygon(lat, lng, parent)) inBoth++;
    }
  const estimate = inChild >= 10 ? inBoth / inChild : null;
  if (estimate !== null && Math.abs(estimate - INSIDE_PARENT) > 0.25) return estimate;
  const a = area(feature(child));
  if (a === 0) return 0;
  const both = intersect(featureCollection([feature(child), feature(parent)]));
  return both ? area(both) / a : 0;
}
