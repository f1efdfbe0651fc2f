// Where the last 24 hours of requests came from, what they were about, and who handles them:
// source → domain → department.
import { useMemo } from "react";
import { UNDISPATCHED, type WindowStats } from "../stats";
import { base, C, SOURCE_COLORS } from "./theme";
import { useChart, type ChartOption } from "./useChart";

const DOMAIN_COLOR = "#3b82f6";
const DEPT_COLOR = "#22d3ee";
const PENDING_COLOR = "#f59e0b";

export function FlowChart({ stats }: { stats: WindowStats | null }) {
  const option = useMemo<ChartOption | null>(() => {
    if (!stats) return null;
    const names = new Set<string>();
    for (const l of stats.flows) names.add(l.source).add(l.target);
    // Departments are the nodes no link starts from.
    const starts = new Set(stats.flows.map((l) => l.source));
    const nodes = [...names].map((name) => {
      const color = SOURCE_COLORS[name] ?? (name === UNDISPATCHED ? PENDING_COLOR : starts.has(name) ? DOMAIN_COLOR : DEPT_COLOR);
      return { name, itemStyle: { color, borderWidth: 0 } };
    });
    return {
      ...base,
      series: [
        {
          id: "flow",
          type: "sankey",
          left: 20,
          right: 280,
          top: 16,
          bottom: 16,
          nodeWidth: 22,
          nodeGap: 12,
          layoutIterations: 16,
          silent: true,
          emphasis: { disabled: true },
          label: { color: C.text, fontSize: 24, fontFamily: base.textStyle.fontFamily },
          lineStyle: { color: "gradient", opacity: 0.35, curveness: 0.5 },
          data: nodes,
          links: stats.flows,
        },
      ],
    } as ChartOption;
  }, [stats]);
  const { ref } = useChart({ update: option, replaceMerge: ["series"] });
  return <div ref={ref} className="chart" />;
}
