// Departments ranked by requests dispatched to them in the last 24 hours, with how many are
// closed and how many are already overdue.
import { useMemo } from "react";
import { tr } from "../model";
import type { WindowStats } from "../stats";

const DISPATCHED = tr("派单", "Dispatched");
const CLOSED = tr("办结", "Closed");
const OVERDUE = tr("超期", "Overdue");
import { base, C } from "./theme";
import { useChart, type ChartOption } from "./useChart";

export function RankingChart({ stats }: { stats: WindowStats | null }) {
  const option = useMemo<ChartOption | null>(() => {
    if (!stats) return null;
    const rows = stats.ranking;
    const bar = (id: string, name: string, color: string, values: number[]) => ({
      id,
      name,
      type: "bar" as const,
      data: values,
      silent: true,
      barWidth: 16,
      barGap: "20%",
      itemStyle: { color, borderRadius: [0, 8, 8, 0] },
      label: {
        show: true,
        position: "right" as const,
        color: C.text,
        fontSize: 22,
        // Zeros would only clutter the bars.
        formatter: (p: { value: unknown }) => (Number(p.value) > 0 ? String(p.value) : ""),
      },
    });
    return {
      ...base,
      legend: { top: 0, right: 20, itemWidth: 28, itemHeight: 16, textStyle: { color: C.dim, fontSize: 24 }, data: [DISPATCHED, CLOSED, OVERDUE] },
      grid: { left: 300, right: 70, top: 60, bottom: 10 },
      xAxis: { type: "value", splitLine: { lineStyle: { color: C.grid } }, axisLabel: { show: false }, minInterval: 1 },
      yAxis: {
        type: "category",
        inverse: true,
        data: rows.map((r, i) => `${i + 1}. ${r.name}`),
        axisLine: { show: false },
        axisTick: { show: false },
        axisLabel: { color: C.text, fontSize: 26, width: 280, overflow: "truncate" },
      },
      series: [
        bar("received", DISPATCHED, "#1e88e5", rows.map((r) => r.received)),
        bar("closed", CLOSED, C.ok, rows.map((r) => r.closed)),
        bar("overdue", OVERDUE, C.danger, rows.map((r) => r.overdue)),
      ],
    } as ChartOption;
  }, [stats]);
  const { ref } = useChart({ update: option, replaceMerge: ["series", "yAxis"] });
  return <div ref={ref} className="chart" />;
}
