import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Ajv } from "ajv";
import addFormats from "ajv-formats";
import { startTestHub, type TestHub } from "../helpers/hub.js";

const schemaDir = "/work/shared/data/open311-georeport-v2";
const load = (f: string) => JSON.parse(readFileSync(path.join(process.env.CITYOPS_OPEN311_SCHEMAS ?? schemaDir, f), "utf8")) as object;

/** The hub's Open311 GeoReport v2 responses, validated against the project's own JSON Schemas. */
describe("Open311 GeoReport v2", () => {
  let t: TestHub;
  let validate: (name: string, data: unknown) => string[];
  beforeAll(async () => {
    t = await startTestHub("pglite");
    const ajv = new Ajv({ allErrors: true, strict: false });
    (addFormats as unknown as (a: Ajv) => void)(ajv);
    for (const f of ["request.json", "requests.json", "service.json", "services.json", "service-definition.json"]) ajv.addSchema(load(f), f);
    validate = (name, data) => {
      const v = ajv.getSchema(name)!;
      return v(data) ? [] : (v.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
    };
  });
  afterAll(async () => t?.close());

  const get = async (p: string) => {
    const res = await fetch(`${t.url}/open311/v2/${p}`);
    return { status: res.status, type: res.headers.get("content-type") ?? "", text: await res.text() };
  };

  it("lists services from the responsibility list, valid against services.json", async () => {
    const r = await get("services.json");
    expect(r.status).toBe(200);
    const services = JSON.parse(r.text) as { service_code: string }[];
    expect(services.length).toBeGreaterThanOrEqual(5500);
    expect(validate("services.json", services)).toEqual([]);
    const def = await get(`services/${services[0]!.service_code}.json`);
    expect(validate("service-definition.json", JSON.parse(def.text))).toEqual([]);
    const xml = await get("services.xml");
    expect(xml.type).toContain("xml");
    expect(xml.text).toContain(`<service_code>${services[0]!.service_code}</service_code>`);
  });

  it("round-trips a POSTed request through GET, valid against request.json and requests.json", async () => {
    const key = await t.token("operator");
    const services = JSON.parse((await get("services.json")).text) as { service_code: string; service_name: string }[];
    const svc = services.find((s) => s.service_name.includes("油烟")) ?? services[0]!;
    const form = new URLSearchParams({ api_key: key, service_code: svc.service_code, lat: "37.55", long: "121.25", description: "餐馆油烟直排，影响居民生活，电话13912345678", first_name: "女士", last_name: "王", phone: "13912345678" });
    const post = await fetch(`${t.url}/open311/v2/requests.json`, { method: "POST", body: form });
    expect(post.status).toBe(201);
    const [created] = (await post.json()) as { service_request_id: string }[];
    // The operator's key reads the exact place; the public reads the grid cell's centre (domain/privacy).
    const one = await get(`requests/${created!.service_request_id}.json?api_key=${key}`);
    const body = JSON.parse(one.text) as Record<string, unknown>[];
    expect(validate("requests.json", body)).toEqual([]);
    expect(body[0]).toMatchObject({ service_request_id: created!.service_request_id, status: "open", service_code: svc.service_code, lat: 37.55, long: 121.25 });
    const cell = await t.gql<{ ticket: { gridCell: { centerLat: number; centerLng: number } | null } }>(`query($id: ID!) { ticket(id: $id) { gridCell { centerLat centerLng } } }`, { id: created!.service_request_id }, key);
    const [anonymous] = JSON.parse((await get(`requests/${created!.service_request_id}.json`)).text) as Record<string, unknown>[];
    expect(validate("requests.json", [anonymous])).toEqual([]);
    expect(anonymous).toMatchObject({ lat: cell.data!.ticket.gridCell!.centerLat, long: cell.data!.ticket.gridCell!.centerLng });
    expect(String(anonymous!.description)).not.toContain("13912345678");
    expect(String(anonymous!.description)).not.toContain("139****5678");
    const list = JSON.parse((await get(`requests.json?service_code=${svc.service_code}&status=open`)).text) as { service_request_id: string }[];
    expect(list.map((x) => x.service_request_id)).toContain(created!.service_request_id);
    expect(validate("requests.json", list)).toEqual([]);
    const recent = JSON.parse((await get("requests.json?status=closed")).text) as Record<string, unknown>[];
    expect(recent.length).toBeGreaterThan(0);
    expect(recent.every((x) => x.status === "closed")).toBe(true);
    expect(validate("requests.json", recent)).toEqual([]);
  });

  it("refuses a POST without a valid api_key or without a location, with an Open311 error", async () => {
    const services = JSON.parse((await get("services.json")).text) as { service_code: string }[];
    const noKey = await fetch(`${t.url}/open311/v2/requests.json`, { method: "POST", body: new URLSearchParams({ service_code: services[0]!.service_code, lat: "37.5", long: "121.2" }) });
    expect(noKey.status).toBe(403);
    const leader = await t.token("leader");
    const wrongRole = await fetch(`${t.url}/open311/v2/requests.json`, { method: "POST", body: new URLSearchParams({ api_key: leader, service_code: services[0]!.service_code, lat: "37.5", long: "121.2" }) });
    expect(wrongRole.status).toBe(403);
    const operator = await t.token("operator");
    const noPlace = await fetch(`${t.url}/open311/v2/requests.json`, { method: "POST", body: new URLSearchParams({ api_key: operator, service_code: services[0]!.service_code }) });
    expect(noPlace.status).toBe(400);
    expect(((await noPlace.json()) as { description: string }[])[0]!.description).toMatch(/lat\/long/);
    const badDate = await get("requests.json?start_date=yesterday");
    expect(badDate.status).toBe(400);
  });
});
