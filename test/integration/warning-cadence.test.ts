import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestHub, type TestHub } from "../helpers/hub.js";

// In a storm the engine must not test every area for surges on every second's tickets, yet a surge
// must never wait for the next ticket to be found: surges are tested at most every
// CITYOPS_WARNING_SURGE_EVERY_MS, and once more when that time is up.
describe("warning engine cadence", () => {
  const EVERY_MS = 3000;
  let t: TestHub;
  let operator: string;
  let cell: { id: string; centerLat: number; centerLng: number };

  beforeAll(async () => {
    t = await startTestHub("pglite", { env: { CITYOPS_WARNING_SURGE_EVERY_MS: String(EVERY_MS) } });
    operator = await t.token("operator");
    const cells = (await t.gql<{ regions: (typeof cell)[] }>(`{ regions(level: GRID_CELL) { id centerLat centerLng } }`, {}, operator)).data!.regions;
    cell = cells[200]!;
  });
  afterAll(async () => t?.close());

  const report = async (i: number) => {
    const r = await t.gql<{ createTicket: { id: string } }>(
      `mutation($e: String!, $p: String, $lat: Float, $lng: Float) { createTicket(input: { source: HOTLINE, externalId: $e, channel: PHONE,
         appealType: HELP, content: "暴雨过后小区门口严重积水，水深没过膝盖，车辆无法通行", citizenPhone: $p, lat: $lat, lng: $lng }) { id } }`,
      { e: `cadence-${Math.random()}`, p: `1391111${String(i).padStart(4, "0")}`, lat: cell.centerLat, lng: cell.centerLng },
      operator,
    );
    expect(r.errors).toBeUndefined();
    return r.data!.createTicket.id;
  };
  const surge = async () => {
    const r = await t.gql<{ warnings: { edges: { node: { scope: { level: string; regionId: number }; evidence: { id: string }[] } }[] } }>(
      `{ warnings(first: 50, kind: [SURGE]) { edges { node { scope evidence(first: 200) { id } } } } }`,
      {},
      operator,
    );
    return r.data!.warnings.edges.map((e) => e.node).find((w) => w.scope.level === "grid_cell" && String(w.scope.regionId) === cell.id);
  };

  it("tests surges at most every few seconds while tickets pour in, and still finds the last of them when they stop", async () => {
    const engine = t.hub.services.warningEngine;
    const before = engine.surgeRuns;
    const started = Date.now();
    const ids: string[] = [];
    // Tickets every 200 ms for about six seconds: a stream run every second, a surge test every three.
    for (let i = 0; i < 30; i++) {
      ids.push(await report(i));
      await new Promise((r) => setTimeout(r, 200));
    }
    const last = ids.at(-1)!;
    // No ticket after the last one: only the follow-up test can put it in the evidence.
    for (const deadline = Date.now() + 20_000; ; ) {
      const w = await surge();
      if (w?.evidence.some((e) => e.id === last)) break;
      if (Date.now() > deadline) throw new Error("the surge never took in the last ticket");
      await new Promise((r) => setTimeout(r, 250));
    }
    const elapsed = Date.now() - started;
    const tested = engine.surgeRuns - before;
    expect(tested).toBeGreaterThanOrEqual(1);
    expect(tested, `${tested} surge tests in ${elapsed} ms`).toBeLessThanOrEqual(Math.ceil(elapsed / EVERY_MS) + 1);
  }, 60_000);
});
