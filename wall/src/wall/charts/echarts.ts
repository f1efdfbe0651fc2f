// Only the parts of ECharts the wall draws: a third of the full bundle to parse on every load.
import * as echarts from "echarts/core";
import { BarChart, CustomChart, HeatmapChart, LinesChart, SankeyChart, ScatterChart } from "echarts/charts";
import { GeoComponent, GridComponent, LegendComponent, VisualMapComponent } from "echarts/components";
import { CanvasRenderer } from "echarts/renderers";

echarts.use([
  BarChart,
  CustomChart,
  HeatmapChart,
  LinesChart,
  SankeyChart,
  ScatterChart,
  GeoComponent,
  GridComponent,
  LegendComponent,
  VisualMapComponent,
  CanvasRenderer,
]);

export { echarts };
export type { EChartsOption } from "echarts";
