// The district map: today's requests per grid cell as a heatmap, street outlines and names with
// today's count, warning places pulsing red and today's busiest cells pulsing amber.
import { useMemo } from "react";
import { echarts } from "./echarts";
import type { Geography, GeoPolygon } from "../api";
import { NO_ANIMATION } from "../api";
import type { WallFrame } from "../model";
import { base, C } from "./theme";
import { useChart, type ChartOption } from "./useChart";

const MAP = "cityops-grid-cells";
const HOT_CELLS = 5;
const HOT_MIN = 3;

function rings(g: GeoPolygon): number[][][] {
  return g.type === "Polygon" ? (g.coordinates as number[][][]) : (g.coordinates as number[][][][]).flat();
}

function register(geo: Geography): void {
  echarts.registerMap(MAP, {
    type: "FeatureCollection",
    features: geo.cells.map((c) => ({ type: "Feature", properties: { name: c.id }, geometry: c.geometry })),
  } as unknown as Parameters<typeof echarts.registerMap>[1]);
}

export function MapChart({ geo, frame }: { geo: Geography | null; frame: WallFrame | null }) {
  const streetLines = useMemo(() => {
    if (!geo) return null;
    register(geo);
    return geo.streets.flatMap((s) => rings(s.geometry).map((coords) => ({ coords })));
  }, [geo]);

  const option = useMemo<ChartOption | null>(() => {
    if (!geo || !streetLines) return null;
    const cells = frame?.byGridCell ?? [];
    const streetCount = new Map((frame?.byStreet ?? []).map((s) => [s.regionId, s.count]));
    const max = Math.max(4, ...cells.map((c) => c.count));
    const place = (regionId: number | null | undefined) => (regionId ? geo.regions.get(regionId) : undefined);
    const warnings = (frame?.warnings ?? []).flatMap((w) => {
      const r = place(w.regionId);
      const lng = w.lng ?? r?.centerLng;
      const lat = w.lat ?? r?.centerLat;
      return lng !== undefined && lng !== null && lat !== undefined && lat !== null ? [{ name: w.title, value: [lng, lat] }] : [];
    });
    const hot = [...cells]
      .filter((c) => c.count >= HOT_MIN)
      .sort((a, b) => b.count - a.count)
      .slice(0, HOT_CELLS)
      .flatMap((c) => {
        const r = place(c.regionId);
        return r ? [{ name: r.name, value: [r.centerLng, r.centerLat, c.count] }] : [];
      });
    const pulse = NO_ANIMATION ? ("scatter" as const) : ("effectScatter" as const);
    return {
      ...base,
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
        max,
        calculable: false,
        left: 24,
        bottom: 24,
        itemWidth: 28,
        itemHeight: 260,
        text: ["多", "少"],
        textStyle: { color: C.dim, fontSize: 24 },
        inRange: { color: C.heat },
      },
      series: [
        { id: "cells", type: "map", geoIndex: 0, data: cells.map((c) => ({ name: String(c.regionId), value: c.count })) },
        {
          id: "streets",
          type: "lines",
          coordinateSystem: "geo",
          polyline: true,
          silent: true,
          animation: false,
          lineStyle: { color: C.street, width: 3, opacity: 0.85 },
          data: streetLines,
        },
        {
          id: "streetNames",
          type: "scatter",
          coordinateSystem: "geo",
          symbolSize: 0,
          silent: true,
          label: {
            show: true,
            formatter: (p: { name: string; value: unknown }) => `${p.name}\n${(p.value as number[])[2] ?? 0}件`,
            color: "#ffffff",
            fontSize: 30,
            fontWeight: "bold",
            lineHeight: 40,
            textBorderColor: "#04101f",
            textBorderWidth: 6,
          },
          data: geo.streets.map((s) => ({ name: s.name, value: [s.centerLng, s.centerLat, streetCount.get(Number(s.id)) ?? 0] })),
        },
        {
          id: "hot",
          type: pulse,
          coordinateSystem: "geo",
          // Its own canvas layer: the ripples repaint every frame, the map underneath does not.
          zlevel: 1,
          silent: true,
          symbolSize: 26,
          rippleEffect: { scale: 3.5, brushType: "stroke", period: 3 },
          itemStyle: { color: C.warn },
          data: hot,
        },
        {
          id: "warnings",
          type: pulse,
          coordinateSystem: "geo",
          zlevel: 1,
          silent: true,
          symbolSize: 40,
          rippleEffect: { scale: 5, brushType: "stroke", period: 2 },
          itemStyle: { color: C.danger },
          data: warnings,
        },
      ],
    } as ChartOption;
  }, [geo, streetLines, frame]);

  const ref = useChart(option, ["series"]);
  return <div ref={ref} className="chart" />;
}
