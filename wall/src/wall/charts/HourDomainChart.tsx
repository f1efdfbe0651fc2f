// Requests per hour × domain over the last 24 hours: when and where the district's load comes from.
import { useMemo } from "react";
import { clockParts, ENGLISH, tr } from "../model";
import { heatDomains, WINDOW_HOURS, type WindowStats } from "../stats";
import { base, C } from "./theme";
import { useChart, type ChartOption } from "./useChart";

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
        data: rows.map((r) => r.zh),
        inverse: true,
        axisLine: { show: false },
        axisTick: { show: false },
        axisLabel: { color: C.text, fontSize: 26 },
      },
      visualMap: {
        type: "continuous",
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
          id: "heat",
          type: "heatmap",
          data,
          silent: true,
          itemStyle: { borderColor: "#06142a", borderWidth: 3, borderRadius: 4 },
        },
      ],
    } as ChartOption;
  }, [stats]);
  const { ref } = useChart({ update: option, replaceMerge: ["series", "xAxis"] });
  return <div ref={ref} className="chart" />;
}
