import bbox from "@turf/bbox";
import booleanPointInPolygon from "@turf/boolean-point-in-polygon";
import { feature, featureCollection, polygon } from "@turf/helpers";
import intersect from "@turf/intersect";
import pointOnFeature from "@turf/point-on-feature";

export interface Street {
  code: string;
  name: string;
  geometry: { type: string; coordinates: unknown };
}

/**
 * Communities and grid cells inside real street boundaries, as a city's GIS would export them:
 * one community per street (its whole area) and an n×n grid of cells cut by the street's outline.
 * Returns the GeoJSON features and, per cell, a point strictly inside it.
 */
export function cellsInside(streets: Street[], n: number): { features: object[]; points: { code: string; street: string; lat: number; lng: number }[] } {
  const features: object[] = [];
  const points: { code: string; street: string; lat: number; lng: number }[] = [];
  for (const s of streets) {
    const district = feature(s.geometry as never);
    features.push({ type: "Feature", properties: { code: `${s.code}-C`, name: `${s.name}社区`, level: "community", parent: s.code }, geometry: s.geometry });
    const [minX, minY, maxX, maxY] = bbox(district);
    const w = (maxX - minX) / n;
    const h = (maxY - minY) / n;
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        const box = polygon([[[minX + i * w, minY + j * h], [minX + (i + 1) * w, minY + j * h], [minX + (i + 1) * w, minY + (j + 1) * h], [minX + i * w, minY + (j + 1) * h], [minX + i * w, minY + j * h]]]);
        const part = intersect(featureCollection([box, district as never]));
        if (!part) continue;
        const code = `${s.code}-G${i}-${j}`;
        features.push({ type: "Feature", properties: { code, name: `${s.name}网格${i}-${j}`, level: "grid", parent: `${s.code}-C` }, geometry: part.geometry });
        const inside = strictlyInside(part);
        if (inside) points.push({ code, street: s.code, lng: inside[0], lat: inside[1] });
      }
  }
  return { features, points };
}

/** A point strictly inside a polygon (not on its boundary, where a point belongs to two cells), found by turf alone. */
function strictlyInside(part: NonNullable<ReturnType<typeof intersect>>): [number, number] | null {
  const p = pointOnFeature(part).geometry.coordinates as [number, number];
  if (booleanPointInPolygon(p, part, { ignoreBoundary: true })) return p;
  const [minX, minY, maxX, maxY] = bbox(part);
  for (let i = 1; i < 10; i++)
    for (let j = 1; j < 10; j++) {
      const q: [number, number] = [minX + ((maxX - minX) * i) / 10, minY + ((maxY - minY) * j) / 10];
      if (booleanPointInPolygon(q, part, { ignoreBoundary: true })) return q;
    }
  return null;
}
