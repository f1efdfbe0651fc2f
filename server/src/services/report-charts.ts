import { createRequire } from "node:module";
import { WALL_COLORS } from "@cityops/schema/palette";
import type { ChartSpec } from "../domain/metrics/report.js";

/**
 * Reports' charts, drawn by ECharts' server-side SVG renderer so a document looks like the wall and
 * carries its charts inline (its Content-Security-Policy loads nothing else).
 */

type ECharts = typeof import("echarts");

let library: ECharts | null = null;
/**
 * The bundled CommonJS build, on first use: the ESM entry is hundreds of modules that took 2.8 s to
 * load under tsx against 0.3 s for the bundle, and a process that drafts no report pays nothing.
 */
const echarts = () => (library ??= createRequire(import.meta.url)("echarts") as ECharts);

/** The wall's series colours in the order its charts use them; its text colours are for a dark screen, not paper. */
const SERIES = [WALL_COLORS.heat[2]!, WALL_COLORS.ok, WALL_COLORS.warn, WALL_COLORS.danger, WALL_COLORS.heat[3]!, WALL_COLORS.heat[5]!, WALL_COLORS.heat[1]!];
const INK = "#111";
const RULE = "#ddd";
// Single quotes: the renderer writes the family into a double-quoted style attribute.
const FONT = "'Noto Sans CJK SC', 'Source Han Sans SC', 'PingFang SC', 'Microsoft YaHei', sans-serif";
const WIDTH = 640;

/** One chart as an inline `<svg>` element. */
export function drawChart(spec: ChartSpec): string {
  const bar = spec.kind === "bar";
  // Bars keep the row height of a table line; the line chart is a fixed strip.
  const height = bar ? 40 + spec.items.length * 26 : 220;
  const chart = echarts().init(null, null, { renderer: "svg", ssr: true, width: WIDTH, height });
  try {
    chart.setOption({
      animation: false,
      color: SERIES,
      textStyle: { fontFamily: FONT, color: INK },
      title: { text: spec.title, left: "center", top: 4, textStyle: { fontSize: 14, fontWeight: "bold", color: INK, fontFamily: FONT } },
      grid: bar ? { left: 150, right: 60, top: 32, bottom: 8 } : { left: 44, right: 16, top: 36, bottom: 28 },
      ...(bar ? barAxes(spec) : lineAxes(spec)),
    });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

function barAxes(spec: ChartSpec) {
  return {
    xAxis: { type: "value" as const, show: false, min: 0 },
    yAxis: {
      type: "category" as const,
      inverse: true,
      data: spec.items.map((i) => i.label),
      axisTick: { show: false },
      axisLine: { lineStyle: { color: RULE } },
      axisLabel: { color: INK, fontSize: 13, width: 140, overflow: "truncate" as const },
    },
    series: [
      {
        type: "bar" as const,
        colorBy: "data" as const,
        silent: true,
        barWidth: 18,
        data: spec.items.map((i) => i.value),
        itemStyle: { borderRadius: [0, 2, 2, 0] },
        label: { show: true, position: "right" as const, color: "#333", fontSize: 12 },
      },
    ],
  };
}

function lineAxes(spec: ChartSpec) {
  return {
    xAxis: {
      type: "category" as const,
      boundaryGap: false,
      data: spec.items.map((i) => i.label),
      axisLine: { lineStyle: { color: RULE } },
      axisLabel: { color: INK, fontSize: 11 },
    },
    yAxis: { type: "value" as const, minInterval: 1, splitLine: { lineStyle: { color: RULE } }, axisLabel: { color: INK, fontSize: 11 } },
    series: [{ type: "line" as const, silent: true, showSymbol: false, lineStyle: { width: 2 }, data: spec.items.map((i) => i.value) }],
  };
}
