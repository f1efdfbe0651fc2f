// The district map: today's requests per grid cell as a heatmap, street outlines and names with
// today's count, warning places pulsing red and today's busiest cells pulsing amber.
//
// The pulses are DOM rings animated by CSS (transform and opacity, which the compositor runs
// without the main thread), placed with the map's own projection. An ECharts effectScatter
// repaints the whole map's display list on every animation frame: measured at ~600 ms of
// main-thread work per second at 1920×1080, against a budget of 50.
import { memo, useEffect, useMemo, useState } from "react";
import type { Geography, GeoPolygon } from "../api";
import { ENGLISH, tr, type WallFrame } from "../model";
import { echarts } from "./echarts";
import { base as common, C } from "./theme";
import { useChart, type ChartOption } from "./useChart";

const MAP = "cityops-grid-cells";
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

function register(geo: Geography): void {
  echarts.registerMap(MAP, {
    type: "FeatureCollection",
    features: geo.cells.map((c) => ({ type: "Feature", properties: { name: c.id }, geometry: c.geometry })),
  } as unknown as Parameters<typeof echarts.registerMap>[1]);
}

/** The static part: the map, its legend and the street outlines, drawn once. */
function staticOption(geo: Geography): ChartOption {
  register(geo);
  return {
    ...common,
    geo: {
      map: MAP,
      roam: false,
      silent: true,
      layoutCenter: ["50%", "50%"],
      layoutSize: "96%",
      itemStyle: { areaColor: C.land, borderColor: C.border, borderWidth: 1 },
      emphasis: { disabled: true },
      select: { disabled: true },
    },
    visualMap: {
      type: "continuous",
      seriesIndex: 0,
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
      { id: "cells", type: "map", geoIndex: 0, data: [] },
      {
        id: "streets",
        type: "lines",
        coordinateSystem: "geo",
        polyline: true,
        silent: true,
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

function pulses(geo: Geography, frame: WallFrame | null): Pulse[] {
  const out: Pulse[] = [];
  for (const w of frame?.warnings ?? []) {
    const r = w.regionId ? geo.regions.get(w.regionId) : undefined;
    const lng = w.lng ?? r?.centerLng;
    const lat = w.lat ?? r?.centerLat;
    if (typeof lng === "number" && typeof lat === "number") out.push({ key: `w${w.id}`, kind: "danger", lng, lat });
  }
  const hot = [...(frame?.byGridCell ?? [])]
    .filter((c) => c.count >= HOT_MIN)
    .sort((a, b) => b.count - a.count || a.regionId - b.regionId)
    .slice(0, HOT_CELLS);
  for (const c of hot) {
    const r = geo.regions.get(c.regionId);
    if (r) out.push({ key: `c${c.regionId}`, kind: "warn", lng: r.centerLng, lat: r.centerLat });
  }
  return out;
}

export const MapChart = memo(function MapChart({ geo, frame }: { geo: Geography | null; frame: WallFrame | null }) {
  const base = useMemo(() => (geo ? staticOption(geo) : null), [geo]);

  // Only what moves: cell colours, the scale's top and the street counts (merged by series id).
  // Keyed by content: most seconds bring no new ticket, and then the map is not touched.
  const heatKey = JSON.stringify([frame?.byGridCell ?? [], frame?.byStreet ?? []]);
  const update = useMemo<ChartOption | null>(() => {
    if (!geo) return null;
    const [cells, streets] = JSON.parse(heatKey) as [WallFrame["byGridCell"], WallFrame["byStreet"]];
    const streetCount = new Map(streets.map((s) => [s.regionId, s.count]));
    return {
      visualMap: { max: Math.max(4, ...cells.map((c) => c.count)) },
      series: [
        { id: "cells", data: cells.map((c) => ({ name: String(c.regionId), value: c.count })) },
        { id: "streetNames", data: geo.streets.map((s) => ({ name: shortName(s.name), value: [s.centerLng, s.centerLat, streetCount.get(Number(s.id)) ?? 0] })) },
      ],
    } as ChartOption;
  }, [geo, heatKey]);

  const { ref, chart } = useChart({ base, update, replaceMerge: [] });
  const wanted = useMemo(() => (geo ? pulses(geo, frame) : []), [geo, frame]);
  const [placed, setPlaced] = useState<Placed[]>([]);
  // Runs after useChart's effects, so the map is laid out and projects coordinates.
  useEffect(() => {
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
            <i />
          </span>
        ))}
      </div>
    </>
  );
});
