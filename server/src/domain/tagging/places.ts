// "Near a school", "near a river": distances from a ticket's point to named places (a point for a
// school, a polyline for a river), and places named in the ticket's own words. A caller who says
// "八角中学门口" is at the school even without coordinates.

import type { NearbyPlace, PlaceKind } from "./types.js";

export interface NamedPlace {
  kind: PlaceKind;
  name: string;
  points: readonly (readonly [number, number])[];
}

const EARTH_M = 6_371_000;
const RAD = Math.PI / 180;

/** Local equirectangular projection in metres around lat0: exact enough over a few kilometres. */
function project(lat: number, lng: number, lat0: number): [number, number] {
  return [lng * RAD * EARTH_M * Math.cos(lat0 * RAD), lat * RAD * EARTH_M];
}

function segmentDistance(p: [number, number], a: [number, number], b: [number, number]): number {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2));
  return Math.hypot(p[0] - (a[0] + t * dx), p[1] - (a[1] + t * dy));
}

/** Metres from (lat, lng) to the place: to its point, or to the nearest stretch of its line. */
export function distanceTo(lat: number, lng: number, place: NamedPlace): number {
  const p = project(lat, lng, lat);
  const pts = place.points.map(([a, b]) => project(a, b, lat));
  if (pts.length === 1) return Math.hypot(p[0] - pts[0]![0], p[1] - pts[0]![1]);
  let best = Infinity;
  for (let i = 1; i < pts.length; i++) best = Math.min(best, segmentDistance(p, pts[i - 1]!, pts[i]!));
  return best;
}

/**
 * The places within `maxMeters` of the point, plus those the text names (at 0 m), nearest first.
 * Rules then choose their own radius within this list.
 */
export function nearbyPlaces(
  point: { lat: number; lng: number } | null,
  text: string,
  places: readonly NamedPlace[],
  maxMeters = 1000,
): NearbyPlace[] {
  const out: NearbyPlace[] = [];
  for (const place of places) {
    const named = text.includes(place.name);
    const meters = named ? 0 : point ? distanceTo(point.lat, point.lng, place) : Infinity;
    if (meters <= maxMeters) out.push({ kind: place.kind, name: place.name, meters: Math.round(meters) });
  }
  return out.sort((a, b) => a.meters - b.meters);
}
