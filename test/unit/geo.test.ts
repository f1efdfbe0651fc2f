import { describe, expect, it } from "vitest";
import { GridLocator, pointInPolygon } from "../../server/src/domain/geo.js";
import { demoGeography } from "../../schema/src/demo/index.js";
import type { Geometry } from "../../schema/src/tables/geography.js";

function square(lng0: number, lat0: number, size: number): number[][] {
  return [
    [lng0, lat0],
    [lng0 + size, lat0],
    [lng0 + size, lat0 + size],
    [lng0, lat0 + size],
    [lng0, lat0],
  ];
}

const unit: Geometry = { type: "Polygon", coordinates: [square(121, 37, 1)] };

describe("pointInPolygon", () => {
  it("finds a point inside a polygon and rejects one outside", () => {
    expect(pointInPolygon(37.5, 121.5, unit)).toBe(true);
    expect(pointInPolygon(38.5, 121.5, unit)).toBe(false);
    expect(pointInPolygon(37.5, 120.5, unit)).toBe(false);
  });

  it("takes GeoJSON positions as [lng, lat], not [lat, lng]", () => {
    const wide: Geometry = { type: "Polygon", coordinates: [[[120, 37], [124, 37], [124, 38], [120, 38], [120, 37]]] };
    expect(pointInPolygon(37.5, 123, wide)).toBe(true);
    expect(pointInPolygon(123, 37.5, wide)).toBe(false);
  });

  it("excludes points inside a hole", () => {
    const withHole: Geometry = { type: "Polygon", coordinates: [square(121, 37, 1), square(121.4, 37.4, 0.2)] };
    expect(pointInPolygon(37.5, 121.5, withHole)).toBe(false);
    expect(pointInPolygon(37.2, 121.2, withHole)).toBe(true);
  });

  it("handles concave polygons", () => {
    // An L shape: the notch in the upper right is outside.
    const l: Geometry = { type: "Polygon", coordinates: [[[0, 0], [2, 0], [2, 1], [1, 1], [1, 2], [0, 2], [0, 0]]] };
    expect(pointInPolygon(0.5, 1.5, l)).toBe(true);
    expect(pointInPolygon(1.5, 0.5, l)).toBe(true);
    expect(pointInPolygon(1.5, 1.5, l)).toBe(false);
  });

  it("finds a point in any member of a MultiPolygon", () => {
    const multi: Geometry = { type: "MultiPolygon", coordinates: [[square(0, 0, 1)], [square(5, 5, 1)]] };
    expect(pointInPolygon(5.5, 5.5, multi)).toBe(true);
    expect(pointInPolygon(0.5, 0.5, multi)).toBe(true);
    expect(pointInPolygon(3, 3, multi)).toBe(false);
  });

  it("counts a ray passing exactly through a vertex once", () => {
    const diamond: Geometry = { type: "Polygon", coordinates: [[[1, 0], [2, 1], [1, 2], [0, 1], [1, 0]]] };
    expect(pointInPolygon(1, 0.5, diamond)).toBe(true);
    expect(pointInPolygon(1, -0.5, diamond)).toBe(false);
  });

  it("rejects non-finite coordinates", () => {
    expect(pointInPolygon(Number.NaN, 121.5, unit)).toBe(false);
    expect(pointInPolygon(37.5, Number.POSITIVE_INFINITY, unit)).toBe(false);
  });
});

function lattice(n: number): { id: number; minLat: number; minLng: number; maxLat: number; maxLng: number; geometry: Geometry }[] {
  const cells = [];
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      cells.push({
        id: r * n + c + 1,
        minLat: r,
        minLng: c,
        maxLat: r + 1,
        maxLng: c + 1,
        geometry: { type: "Polygon", coordinates: [square(c, r, 1)] } as Geometry,
      });
    }
  }
  return cells;
}

describe("GridLocator", () => {
  it("returns the id of the cell containing the point", () => {
    const locator = new GridLocator(lattice(3));
    expect(locator.locate(0.5, 0.5)).toBe(1);
    expect(locator.locate(1.5, 2.5)).toBe(6);
    expect(locator.locate(2.9, 2.9)).toBe(9);
  });

  it("returns null outside every cell and for non-finite input", () => {
    const locator = new GridLocator(lattice(3));
    expect(locator.locate(-0.1, 1)).toBeNull();
    expect(locator.locate(1, 3.5)).toBeNull();
    expect(locator.locate(Number.NaN, 1)).toBeNull();
  });

  it("returns null when it has no cells", () => {
    expect(new GridLocator([]).locate(1, 1)).toBeNull();
  });

  it("agrees with a brute-force scan over the demo district", () => {
    const cells = demoGeography()
      .filter((r) => r.level === "grid_cell")
      .map((r, i) => ({ ...r, id: i + 1 }));
    const locator = new GridLocator(cells);
    const street = demoGeography().filter((r) => r.level === "street");
    const minLat = Math.min(...street.map((s) => s.minLat)) - 0.01;
    const maxLat = Math.max(...street.map((s) => s.maxLat)) + 0.01;
    const minLng = Math.min(...street.map((s) => s.minLng)) - 0.01;
    const maxLng = Math.max(...street.map((s) => s.maxLng)) + 0.01;
    let found = 0;
    // A fixed low-discrepancy sweep instead of random points keeps the test deterministic.
    for (let i = 0; i < 3000; i++) {
      const lat = minLat + (maxLat - minLat) * ((i * 0.6180339887) % 1);
      const lng = minLng + (maxLng - minLng) * ((i * 0.7548776662) % 1);
      const brute = cells.filter((c) => pointInPolygon(lat, lng, c.geometry)).map((c) => c.id);
      expect(brute.length).toBeLessThanOrEqual(1);
      expect(locator.locate(lat, lng)).toBe(brute[0] ?? null);
      if (brute.length === 1) found++;
    }
    expect(found).toBeGreaterThan(2000);
  });

  it("locates every demo grid cell's center to that cell", () => {
    const cells = demoGeography()
      .filter((r) => r.level === "grid_cell")
      .map((r) => ({ ...r, id: r.code }));
    const locator = new GridLocator(cells);
    for (const c of cells) expect(locator.locate(c.centerLat, c.centerLng)).toBe(c.code);
  });
});

describe("demo geography", () => {
  const regions = demoGeography();
  const byCode = new Map(regions.map((r) => [r.code, r]));
  const level = (l: string) => regions.filter((r) => r.level === l);

  it("has 8 streets, about 60 communities and 420–480 grid cells around 37.55°N 121.25°E", () => {
    expect(level("street")).toHaveLength(8);
    expect(level("community").length).toBeGreaterThanOrEqual(50);
    expect(level("community").length).toBeLessThanOrEqual(70);
    expect(level("grid_cell").length).toBeGreaterThanOrEqual(420);
    expect(level("grid_cell").length).toBeLessThanOrEqual(480);
    const lats = regions.map((r) => r.centerLat);
    const lngs = regions.map((r) => r.centerLng);
    expect(Math.abs((Math.min(...lats) + Math.max(...lats)) / 2 - 37.55)).toBeLessThan(0.05);
    expect(Math.abs((Math.min(...lngs) + Math.max(...lngs)) / 2 - 121.25)).toBeLessThan(0.05);
  });

  it("is the same on every call", () => {
    expect(demoGeography()).toEqual(regions);
  });

  it("lists parents before children, with unique codes and Chinese names by level", () => {
    expect(new Set(regions.map((r) => r.code)).size).toBe(regions.length);
    const seen = new Set<string>();
    for (const r of regions) {
      if (r.parentCode) expect(seen.has(r.parentCode), r.code).toBe(true);
      seen.add(r.code);
    }
    for (const c of level("community")) expect(c.name.endsWith("社区")).toBe(true);
    for (const g of level("grid_cell")) expect(g.name).toMatch(/社区第.+网格$/);
  });

  it("closes every ring counter-clockwise and keeps it inside its bounding box", () => {
    for (const r of regions) {
      if (r.geometry.type !== "Polygon") throw new Error("demo regions are polygons");
      const ring = r.geometry.coordinates[0] ?? [];
      expect(ring[0]).toEqual(ring[ring.length - 1]);
      let area = 0;
      for (let i = 0; i < ring.length - 1; i++) {
        const [x0 = 0, y0 = 0] = ring[i] ?? [];
        const [x1 = 0, y1 = 0] = ring[i + 1] ?? [];
        area += x0 * y1 - x1 * y0;
        expect(x0 >= r.minLng && x0 <= r.maxLng && y0 >= r.minLat && y0 <= r.maxLat).toBe(true);
      }
      expect(area, r.code).toBeGreaterThan(0);
    }
  });

  it("nests each grid cell in its community and street, and siblings do not overlap", () => {
    const cells = level("grid_cell");
    const communities = level("community");
    const streets = level("street");
    for (const cell of cells) {
      const community = byCode.get(cell.parentCode ?? "");
      const street = byCode.get(community?.parentCode ?? "");
      if (!community || !street) throw new Error(`${cell.code} has no parents`);
      const at = (r: { geometry: Geometry }) => pointInPolygon(cell.centerLat, cell.centerLng, r.geometry);
      expect(at(cell), cell.code).toBe(true);
      expect(at(community), cell.code).toBe(true);
      expect(at(street), cell.code).toBe(true);
      expect(cells.filter(at)).toHaveLength(1);
      expect(communities.filter(at)).toHaveLength(1);
      expect(streets.filter(at)).toHaveLength(1);
    }
  });
});
