// One ECharts instance per panel: created at the stage's canvas ratio, fed with replaceMerge (so
// series and data arrays are replaced, never merged into growing ones), paused while the wall is
// hidden and disposed on unmount. Layout effects, so a chart draws in the same task (and frame) as
// the rest of the redraw: a chart drawn a task later costs the page a frame of its own.
import { useLayoutEffect, useRef, type RefObject } from "react";
import { echarts, type EChartsOption } from "./echarts";
import { useCanvasRatio } from "../Stage";
import { store, useWallVisible } from "../store";

export type ChartOption = EChartsOption;
export type Chart = echarts.EChartsType;

export const FONT_FAMILY = '"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif';

export interface ChartSpec {
  /** Set once per instance (static parts: a map's outlines, axes); null for charts without any. */
  base?: ChartOption | null;
  /** The data; a new object means new work, at most once a second (the store's pace). */
  update: ChartOption | null;
  /** Components replaced wholesale by each update; the rest merge by id. */
  replaceMerge: string[];
  /** Repaint only the rectangles that changed (the map: a few cells change colour per update). */
  dirtyRect?: boolean;
}

export interface ChartHandle {
  ref: RefObject<HTMLDivElement | null>;
  /** The live instance, for overlays that need its coordinates (read it in effects). */
  chart: RefObject<Chart | null>;
}

export function useChart(spec: ChartSpec): ChartHandle {
  const ref = useRef<HTMLDivElement | null>(null);
  const chart = useRef<Chart | null>(null);
  const replaceMerge = useRef(spec.replaceMerge);
  const dirtyRect = spec.dirtyRect === true;
  const ratio = useCanvasRatio();
  const visible = useWallVisible();
  const { base, update } = spec;

  // A new ratio needs a new canvas: ECharts takes the pixel ratio only at init.
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const c = echarts.init(el, undefined, { renderer: "canvas", devicePixelRatio: ratio, useDirtyRect: dirtyRect });
    // zrender keeps asking for animation frames for 10 frames after each drawing before it
    // sleeps; every such frame is a frame of the whole page. Two are enough to notice stillness.
    c.getZr().setSleepAfterStill(2);
    chart.current = c;
    store.probe.charts++;
    return () => {
      c.dispose();
      chart.current = null;
      store.probe.charts--;
    };
  }, [ratio, dirtyRect]);

  useLayoutEffect(() => {
    const c = chart.current;
    if (!c || !base) return;
    c.setOption(base, { notMerge: true });
  }, [base, ratio]);

  useLayoutEffect(() => {
    const c = chart.current;
    if (!c || !update) return;
    c.setOption(update, { replaceMerge: replaceMerge.current });
    store.probe.chartUpdates++;
  }, [base, update, ratio]);

  useLayoutEffect(() => {
    const zr = chart.current?.getZr();
    if (!zr) return;
    if (visible) zr.animation.resume();
    else zr.animation.pause();
  }, [visible, ratio]);

  return { ref, chart };
}
