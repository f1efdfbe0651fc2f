// One ECharts instance per panel: created at the stage's canvas ratio, fed whole options with
// replaceMerge (so series and data arrays are replaced, never merged into growing ones),
// paused while the wall is hidden and disposed on unmount.
import { useEffect, useRef, type RefObject } from "react";
import { echarts, type EChartsOption } from "./echarts";
import { useCanvasRatio } from "../Stage";
import { store, useWall } from "../store";

export type ChartOption = EChartsOption;

export const FONT_FAMILY = '"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif';

export function useChart(option: ChartOption | null, replaceMerge: string[]): RefObject<HTMLDivElement | null> {
  const ref = useRef<HTMLDivElement | null>(null);
  const chart = useRef<echarts.EChartsType | null>(null);
  const last = useRef<ChartOption | null>(null);
  const ratio = useCanvasRatio();
  const { visible } = useWall();

  // A new ratio needs a new canvas: ECharts takes the pixel ratio only at init.
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const c = echarts.init(el, undefined, { renderer: "canvas", devicePixelRatio: ratio });
    chart.current = c;
    store.probe.charts++;
    if (last.current) c.setOption(last.current, { notMerge: true });
    return () => {
      c.dispose();
      chart.current = null;
      store.probe.charts--;
    };
  }, [ratio]);

  useEffect(() => {
    if (!option) return;
    last.current = option;
    chart.current?.setOption(option, { replaceMerge });
    store.probe.chartUpdates++;
    // replaceMerge is a constant per panel: only a new option means new work.
  }, [option]);

  useEffect(() => {
    const zr = chart.current?.getZr();
    if (!zr) return;
    if (visible) zr.animation.resume();
    else zr.animation.pause();
  }, [visible, ratio]);

  return ref;
}
