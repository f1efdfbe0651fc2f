// The district map: today's requests per grid cell as a heatmap, street outlines and names with
// today's count, warning places pulsing red and today's busiest cells ringed amber (they ripple
// when they join the top five).
//
// The pulses are DOM rings animated on the compositor (transform and opacity), placed with the
// map's own projection. An ECharts effectScatter repaints the whole map's display list on every
// animation frame: measured at ~600 ms of main-thread work per second at 1920×1080, against a
// budget of 50. The rings step on the wall's shared animation clock (see motion.ts).
import { memo, useEffect, useLayoutEffect, useMemo, useRef, useState } from "react";
import { NO_ANIMATION } from "../api";
import { alignStart, PHASE, stepped } from "../motion";
import type { Geography, GeoPolygon } from "../api";
import { ENGLISH, tr, type WallFrame } from "../model";
import type { MapHeat } from "../store";
import { echarts } from "./echarts";
import { base as common, C } from "./theme";
import { useChart, type ChartOption } from "./useChart";
import { useWallVisible } from "../store";

const MAP = "cityops-grid-cells";
const RIPPLE_MS = 2000;
const RIPPLE = stepped(RIPPLE_MS, (e) => ({ transform: `scale(${1 + 3 * e})`, opacity: 0.9 * (1 - e) }));
/** A warning place pulses while it is open; a busiest cell ripples three times, then keeps a still ring. */
const RIPPLES: Record<"danger" | "warn", number> = { danger: Infinity, warn: 3 };
const HOT_CELLS = 5;
const HOT_MIN = 3;

interface Pulse {
  key: string;
  kind: "danger" | "warn";
  lng: number;
  lat: number;
}

interface Placed {
  key: string;
  kind: Pulse["kind"];
  x: number;
  y: number;
}

/** English street names carry a suffix the map has no room for ("Dajijia Subdistrict"). */
const shortName = (name: string) => (ENGLISH ? name.replace(/ (Subdistrict|Town)$/, "") : name);

function rings(g: GeoPolygon): number[][][] {
  return g.type === "Polygon" ? (g.coordinates as number[][][]) : (g.coordinates as number[][][][]).flat();
}

/**
 * The map the geo coordinate system is fitted to: the grid cells, or the streets while a city has
 * loaded its streets but not yet its cells (an empty map would leave ECharts no extent to fit).
 */
function register(geo: Geography): void {
  const shapes = geo.cells.length > 0 ? geo.cells : geo.streets;
  echarts.registerMap(MAP, {
    type: "FeatureCollection",
    features: shapes.map((c) => ({ type: "Feature", properties: { name: String(c.id) }, geometry: c.geometry })),
  } as unknown as Parameters<typeof echarts.registerMap>[1]);
}

/** The exterior ring of each polygon of a cell (grid cells have no holes worth drawing). */
function outlines(g: GeoPolygon): number[][][] {
  return g.type === "Polygon" ? [(g.coordinates as number[][][])[0]!] : (g.coordinates as number[][][][]).map((p) => p[0]!);
}

type CustomParams = { coordSys: { x: number; y: number; width: number; height: number } };
type CustomApi = { value(dim: number): number; coord(p: number[]): number[]; visual(name: string): string };

/**
 * A projected ring without the points that fall within a pixel of the last one kept: a city's
 * cells cut from real boundaries carry hundreds of vertices where the screen has room for tens,
 * and every one of them is redrawn with each heat update.
 */
function onScreen(points: number[][]): number[][] {
  const out: number[][] = [];
  for (const p of points) {
    const q = out[out.length - 1];
    if (!q || Math.abs(p[0]! - q[0]!) + Math.abs(p[1]! - q[1]!) >= 1.5) out.push(p);
  }
  return out.length >= 3 ? out : points;
}

/**
 * The cells' polygons in screen pixels, projected once per layout (the map neither roams nor
 * zooms). A `map` series would rebuild every region, its label and its style through the geo
 * component on each update: ~50 ms per update at 1920×1080. The custom series below only sets
 * the fill of elements it already has.
 */
function cellRenderer(geo: Geography) {
  let layout = "";
  let projected: number[][][][] = [];
  return (params: CustomParams, api: CustomApi) => {
    const cs = params.coordSys;
    const key = `${cs.x},${cs.y},${cs.width},${cs.height}`;
    if (key !== layout) {
      layout = key;
      projected = new Array(geo.cells.length);
    }
    const i = api.value(0);
    const cell = geo.cells[i];
    if (!cell) return null;
    projected[i] ??= outlines(cell.geometry).map((ring) => onScreen(ring.map((p) => api.coord(p))));
    const style = { fill: api.visual("color"), stroke: C.border, lineWidth: 1 };
    const polys = projected[i];
    if (polys.length === 1) return { type: "polygon", silent: true, shape: { points: polys[0] }, style };
    return { type: "group", children: polys.map((points) => ({ type: "polygon", silent: true, shape: { points }, style })) };
  };
}

/**
 * The static part: the (hidden) geo coordinate system, the legend, the street outlines. Cells
 * carry their index into `geo.cells` and today's count.
 */
function staticOption(geo: Geography): ChartOption {
  register(geo);
  return {
    ...common,
    geo: {
      map: MAP,
      // Only the projection: the cells are drawn by the custom series.
      show: false,
      roam: false,
      silent: true,
      layoutCenter: ["50%", "50%"],
      layoutSize: "96%",
    },
    visualMap: {
      type: "continuous",
      seriesIndex: 0,
      dimension: 1,
      min: 0,
      max: 4,
      calculable: false,
      left: 24,
      bottom: 24,
      itemWidth: 28,
      itemHeight: 260,
      text: [tr("多", "more"), tr("少", "fewer")],
      textStyle: { color: C.dim, fontSize: 24 },
      inRange: { color: C.heat },
    },
    series: [
      {
        id: "cells",
        type: "custom",
        coordinateSystem: "geo",
        geoIndex: 0,
        silent: true,
        animation: false,
        renderItem: cellRenderer(geo),
        data: geo.cells.map((_, i) => [i, 0]),
      },
      {
        id: "streets",
        type: "lines",
        coordinateSystem: "geo",
        polyline: true,
        silent: true,
        // ECharts 6.1 asks its canvas painter for the series' zlevel; left unset, that makes an
        // empty second canvas the size of the map ("zr_undefined"), copied again in every frame.
        zlevel: 0,
        animation: false,
        lineStyle: { color: C.street, width: 3, opacity: 0.85 },
        data: geo.streets.flatMap((s) => rings(s.geometry).map((coords) => ({ coords }))),
      },
      {
        id: "streetNames",
        type: "scatter",
        coordinateSystem: "geo",
        symbolSize: 0,
        silent: true,
        animation: false,
        label: {
          show: true,
          formatter: (p: { name: string; value: unknown }) => `${p.name}\n${(p.value as number[])[2] ?? 0}${tr("件", "")}`,
          color: "#ffffff",
          fontSize: 30,
          fontWeight: "bold",
          lineHeight: 40,
          textBorderColor: "#04101f",
          textBorderWidth: 6,
        },
        data: [],
      },
    ],
  } as ChartOption;
}

function pulses(geo: Geography, warnings: WallFrame["warnings"] | undefined, heat: MapHeat | null): Pulse[] {
  const out: Pulse[] = [];
  for (const w of warnings ?? []) {
    const r = w.regionId ? geo.regions.get(w.regionId) : undefined;
    const lng = w.lng ?? r?.centerLng;
    const lat = w.lat ?? r?.centerLat;
    if (typeof lng === "number" && typeof lat === "number") out.push({ key: `w${w.id}`, kind: "danger", lng, lat });
  }
  const hot = [...(heat?.byGridCell ?? [])]
    .filter((c) => c.count >= HOT_MIN)
    .sort((a, b) => b.count - a.count || a.regionId - b.regionId)
    .slice(0, HOT_CELLS);
  for (const c of hot) {
    const r = geo.regions.get(c.regionId);
    if (r) out.push({ key: `c${c.regionId}`, kind: "warn", lng: r.centerLng, lat: r.centerLat });
  }
  return out;
}

function Ring({ kind }: { kind: Pulse["kind"] }) {
  const ref = useRef<HTMLElement | null>(null);
  const visible = useWallVisible();
  const ripple = useRef<Animation | null>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el || NO_ANIMATION || typeof el.animate !== "function") return;
    const a = el.animate(RIPPLE.keyframes, { duration: RIPPLE_MS, easing: RIPPLE.easing, iterations: RIPPLES[kind] });
    // Every ring on the same beat: they change in the same frames.
    alignStart(a, RIPPLE_MS, PHASE.rings);
    ripple.current = a;
    return () => {
      a.cancel();
      ripple.current = null;
    };
  }, [kind]);
  useEffect(() => {
    const a = ripple.current;
    if (!a || a.playState === "finished") return;
    // Back on the shared beat when seen again (a plain play() would resume off it).
    if (visible) alignStart(a, RIPPLE_MS, PHASE.rings);
    else a.pause();
  }, [visible]);
  return <i ref={ref} />;
}

export const MapChart = memo(function MapChart({ geo, heat, warnings }: { geo: Geography | null; heat: MapHeat | null; warnings: WallFrame["warnings"] | undefined }) {
  // Without a single street or cell there is nothing to fit a map to: a city that has not loaded its map yet.
  const drawable = geo !== null && (geo.cells.length > 0 || geo.streets.length > 0) ? geo : null;
  const base = useMemo(() => (drawable ? staticOption(drawable) : null), [drawable]);

  // Only what moves: cell colours, the scale's top and the street counts (merged by series id).
  // `heat` is a new object only when a count changed (the store compares, at most every 2 s).
  const update = useMemo<ChartOption | null>(() => {
    if (!drawable || !heat) return null;
    const { byGridCell: cells, byStreet: streets } = heat;
    const streetCount = new Map(streets.map((s) => [s.regionId, s.count]));
    const cellCount = new Map(cells.map((c) => [c.regionId, c.count]));
    return {
      visualMap: { max: Math.max(4, ...cells.map((c) => c.count)) },
      series: [
        { id: "cells", data: drawable.cells.map((c, i) => [i, cellCount.get(Number(c.id)) ?? 0]) },
        { id: "streetNames", data: drawable.streets.map((s) => ({ name: shortName(s.name), value: [s.centerLng, s.centerLat, streetCount.get(Number(s.id)) ?? 0] })) },
      ],
    } as ChartOption;
  }, [drawable, heat]);

  const { ref, chart } = useChart({ base, update, replaceMerge: [], dirtyRect: true });
  const wanted = useMemo(() => (drawable ? pulses(drawable, warnings, heat) : []), [drawable, warnings, heat]);
  const [placed, setPlaced] = useState<Placed[]>([]);
  // Runs after useChart's layout effects, so the map is laid out and projects coordinates; in the
  // same task as the redraw, so moved rings don't take a frame of their own.
  useLayoutEffect(() => {
    const c = chart.current;
    if (!c || !base) return;
    const next = wanted.flatMap((p) => {
      const xy = c.convertToPixel({ geoIndex: 0 }, [p.lng, p.lat]) as number[] | undefined;
      return xy ? [{ key: p.key, kind: p.kind, x: Math.round(xy[0]!), y: Math.round(xy[1]!) }] : [];
    });
    setPlaced((prev) => (JSON.stringify(prev) === JSON.stringify(next) ? prev : next));
  }, [chart, base, wanted]);
  return (
    <>
      <div ref={ref} className="chart" />
      <div className="chart-overlay pulses" data-testid="map-pulses">
        {placed.map((p) => (
          <span key={p.key} className={`pulse pulse-${p.kind}`} style={{ left: p.x, top: p.y }}>
            <Ring kind={p.kind} />
          </span>
        ))}
      </div>
    </>
  );
});
