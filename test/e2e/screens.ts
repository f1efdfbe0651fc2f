// Screenshot regression checks for the wall, decoded and compared by Chromium itself (no image
// library in the test package). The comparison looks at the wall's furniture: data-bearing
// areas are masked, because the seeded data moves with the clock (today's counts, the 24-hour
// window) while a layout, scale or font regression moves panel edges, headers and labels.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Browser, Page } from "playwright-core";

const here = path.dirname(fileURLToPath(import.meta.url));
export const ARTIFACTS = path.resolve(here, "../artifacts");
export const BASELINES = path.resolve(here, "baseline");

/** Everything that shows data or time; masked in the comparison shots, never in the artifacts. */
export const DATA_SELECTORS = [".chart", ".chart-overlay", ".kpi-value", ".kpi-note", ".panel-note", ".board-view", ".warn-list", ".warn-empty", ".clock", ".age", ".banner"];

/** Baselines are kept small: the comparison is per block anyway. */
const BASELINE_WIDTH = 960;
const BASELINE_HEIGHT = 540;
/** Blocks compared: each is 20×20 screen pixels at 3840×2160. */
const GRID_W = 192;
const GRID_H = 108;
/** A block differs when a channel of its average colour moved by more than this (0–255). */
const BLOCK_THRESHOLD = 40;

export interface ShotResult {
  file: string;
  bytes: number;
  width: number;
  height: number;
  baseline: "created" | "compared" | "updated";
  /** Share of blocks that differ from the baseline (0–1); 0 when the baseline was just made. */
  diff: number;
}

const dataUrl = (png: Buffer) => `data:image/png;base64,${png.toString("base64")}`;

/** Decodes a PNG in the browser: its size, and the image scaled to the given size (as PNG). */
async function rescale(page: Page, png: Buffer, width: number, height: number): Promise<{ w: number; h: number; png: Buffer }> {
  const out = await page.evaluate(
    async ({ src, width, height }) => {
      const img = new Image();
      img.src = src;
      await img.decode();
      const c = document.createElement("canvas");
      c.width = width;
      c.height = height;
      const ctx = c.getContext("2d")!;
      ctx.imageSmoothingEnabled = true;
      ctx.imageSmoothingQuality = "high";
      ctx.drawImage(img, 0, 0, width, height);
      return { w: img.naturalWidth, h: img.naturalHeight, url: c.toDataURL("image/png") };
    },
    { src: dataUrl(png), width, height },
  );
  return { w: out.w, h: out.h, png: Buffer.from(out.url.slice(out.url.indexOf(",") + 1), "base64") };
}

/** Share of GRID_W × GRID_H blocks whose average colour differs between the two images. */
async function blockDiff(page: Page, a: Buffer, b: Buffer): Promise<number> {
  return page.evaluate(
    async ({ a, b, w, h, threshold }) => {
      const pixels = async (src: string) => {
        const img = new Image();
        img.src = src;
        await img.decode();
        const c = document.createElement("canvas");
        c.width = w;
        c.height = h;
        const ctx = c.getContext("2d", { willReadFrequently: true })!;
        ctx.imageSmoothingEnabled = true;
        ctx.imageSmoothingQuality = "high";
        ctx.drawImage(img, 0, 0, w, h);
        return ctx.getImageData(0, 0, w, h).data;
      };
      const [pa, pb] = [await pixels(a), await pixels(b)];
      let differing = 0;
      for (let i = 0; i < pa.length; i += 4) {
        const d = Math.max(Math.abs(pa[i]! - pb[i]!), Math.abs(pa[i + 1]! - pb[i + 1]!), Math.abs(pa[i + 2]! - pb[i + 2]!));
        if (d > threshold) differing++;
      }
      return differing / (w * h);
    },
    { a: dataUrl(a), b: dataUrl(b), w: GRID_W, h: GRID_H, threshold: BLOCK_THRESHOLD },
  );
}

/**
 * Saves the full screenshot as an artifact, and compares a masked one with the baseline
 * (made on the first run, or again with CITYOPS_UPDATE_WALL_BASELINE=1).
 */
export async function checkScreenshot(browser: Browser, wall: Page, name: string): Promise<ShotResult> {
  mkdirSync(ARTIFACTS, { recursive: true });
  mkdirSync(BASELINES, { recursive: true });
  const full = await wall.screenshot({ type: "png" });
  const file = path.join(ARTIFACTS, `${name}.png`);
  writeFileSync(file, full);
  const masked = await wall.screenshot({ type: "png", mask: DATA_SELECTORS.map((s) => wall.locator(s)), maskColor: "#ff00ff" });
  writeFileSync(path.join(ARTIFACTS, `${name}.masked.png`), masked);

  const scratch = await browser.newPage();
  try {
    const small = await rescale(scratch, masked, BASELINE_WIDTH, BASELINE_HEIGHT);
    const baselineFile = path.join(BASELINES, `${name}.masked.png`);
    const update = process.env.CITYOPS_UPDATE_WALL_BASELINE === "1";
    if (!existsSync(baselineFile) || update) {
      writeFileSync(baselineFile, small.png);
      return { file, bytes: full.length, width: small.w, height: small.h, baseline: update ? "updated" : "created", diff: 0 };
    }
    const diff = await blockDiff(scratch, small.png, readFileSync(baselineFile));
    return { file, bytes: full.length, width: small.w, height: small.h, baseline: "compared", diff };
  } finally {
    await scratch.close();
  }
}

/** Share of each chart's area that is painted: a chart that silently drew nothing shows up here. */
export async function paintedCharts(page: Page): Promise<number[]> {
  return page.evaluate(() =>
    Array.from(document.querySelectorAll<HTMLElement>(".chart")).map((chart) =>
      Math.max(
        0,
        ...Array.from(chart.querySelectorAll("canvas"))
          .filter((c) => c.width > 0 && c.height > 0)
          .map((c) => {
            const data = c.getContext("2d")!.getImageData(0, 0, c.width, c.height).data;
            let painted = 0;
            for (let i = 3; i < data.length; i += 16) if (data[i]! > 0) painted++;
            return painted / (data.length / 16);
          }),
      ),
    ),
  );
}
