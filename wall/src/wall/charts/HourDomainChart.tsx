// Requests per hour × domain over the last 24 hours: when and where the district's load comes from.
import { useMemo } from "react";
import { clockParts, ENGLISH, tr } from "../model";
import { heatDomains, WINDOW_HOURS, type WindowStats } from "../stats";
import { base, C } from "./theme";
import { useChart, type ChartOption } from "./useChart";

type CellApi = { value(dim: number): number; coord(p: number[]): number[]; size(p: number[]): number[]; visual(name: string): string };

/** One rounded cell per hour × domain, in the visual map's colour, with a gap as its border. */
function cell(_params: unknown, api: CellApi) {
  const [x, y] = api.coord([api.value(0), api.value(1)]) as [number, number];
  const [w, h] = api.size([1, 1]) as [number, number];
  const gap = 3;
  return {
    type: "rect",
    silent: true,
    shape: { x: x - w / 2 + gap / 2, y: y - h / 2 + gap / 2, width: w - gap, height: h - gap, r: 4 },
    style: { fill: api.visual("color") },
  };
}

export function HourDomainChart({ stats }: { stats: WindowStats | null }) {
  const option = useMemo<ChartOption | null>(() => {
    if (!stats) return null;
    const rows = heatDomains(stats);
    const rowOf = new Map(rows.map((r, i) => [r.code, i]));
    const hours = Array.from({ length: WINDOW_HOURS }, (_, i) => clockParts(stats.firstHour + i * 3600_000).time.slice(0, 2));
    // Every cell drawn, empty ones in the coldest colour, so the grid reads as a grid.
    const counts = new Array<number>(WINDOW_HOURS * rows.length).fill(0);
    for (const c of stats.hourDomain) {
      const y = rowOf.get(c.domain);
      if (y !== undefined) counts[y * WINDOW_HOURS + c.slot] = c.count;
    }
    const data = counts.map((n, i) => [i % WINDOW_HOURS, Math.floor(i / WINDOW_HOURS), n]);
    const max = Math.max(3, ...counts);
    return {
      ...base,
      grid: { left: ENGLISH ? 330 : 170, right: 40, top: 20, bottom: 130 },
      xAxis: {
        type: "category",
        data: hours,
        splitArea: { show: false },
        axisLine: { lineStyle: { color: C.grid } },
        axisTick: { show: false },
        axisLabel: { color: C.dim, fontSize: 22, interval: 1, formatter: (v: string) => tr(`${v}时`, `${v}h`) },
      },
      yAxis: {
        type: "category",
        data: rows.map((r) => r.name),
        inverse: true,
        axisLine: { show: false },
        axisTick: { show: false },
        axisLabel: { color: C.text, fontSize: 26 },
      },
      visualMap: {
        type: "continuous",
        dimension: 2,
        min: 0,
        max,
        calculable: false,
        orient: "horizontal",
        left: "center",
        bottom: 10,
        itemWidth: 22,
        itemHeight: 360,
        text: [tr("多", "more"), tr("少", "fewer")],
        textStyle: { color: C.dim, fontSize: 22 },
        inRange: { color: C.heat },
      },
      series: [
        {
          // A custom series, not `heatmap`: ECharts 6.1 draws a heatmap's cells as incremental
          // elements, in two extra canvases of the chart's size, copied again in every frame.
          id: "heat",
          type: "custom",
          data,
          silent: true,
          animation: false,
          encode: { x: 0, y: 1 },
          renderItem: cell,
        },
      ],
    } as ChartOption;
  }, [stats]);
  const { ref } = useChart({ update: option, replaceMerge: ["series", "xAxis"] });
  return <div ref={ref} className="chart" />;
}
