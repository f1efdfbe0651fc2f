import { describe, expect, it } from "vitest";
import { checkRegions, type RegionInput } from "../../server/src/domain/city/regions.js";
import { departmentKind, diffMatters, knowledgeRows, matterRows, parseDay, type StoredMatter } from "../../server/src/domain/city/reference-rows.js";

const street = (index: number, code: string, coordinates: unknown, type = "Polygon"): RegionInput => ({ index, code, name: code, level: "street", parent: "", geometry: { type, coordinates } });
const square = [[121, 37], [121.1, 37], [121.1, 37.1], [121, 37.1], [121, 37]];

describe("a city's boundaries, checked and repaired", () => {
  it("closes an open ring and drops repeated vertices, and says so", () => {
    const r = checkRegions([street(0, "S1", [[[121, 37], [121.1, 37], [121.1, 37], [121.1, 37.1], [121, 37.1]]])], new Map());
    expect(r.problems).toEqual([]);
    expect(r.regions[0]!.geometry).toEqual({ type: "Polygon", coordinates: [square] });
    expect(r.repairs.map((x) => x.reason)).toEqual(["dropped 1 duplicate vertices; closed an unclosed ring"]);
  });

  it("splits a ring that touches itself at a vertex into two polygons of the same total area", () => {
    // Two squares meeting at (121.1, 37.1), drawn as one ring.
    const eight = [[121, 37], [121.1, 37], [121.1, 37.1], [121.2, 37.1], [121.2, 37.2], [121.1, 37.2], [121.1, 37.1], [121, 37.1], [121, 37]];
    const r = checkRegions([street(0, "S1", [eight])], new Map());
    expect(r.problems).toEqual([]);
    expect(r.regions[0]!.geometry.type).toBe("MultiPolygon");
    expect((r.regions[0]!.geometry.coordinates as number[][][][]).length).toBe(2);
    expect(r.repairs.some((x) => /split 1 ring/.test(x.reason))).toBe(true);
  });

  it("drops a spike and keeps the shape", () => {
    const spiked = [[121, 37], [121.1, 37], [121.15, 37], [121.1, 37], [121.1, 37.1], [121, 37.1], [121, 37]];
    const r = checkRegions([street(0, "S1", [spiked])], new Map());
    expect(r.problems).toEqual([]);
    expect(r.regions[0]!.geometry).toEqual({ type: "Polygon", coordinates: [square] });
  });

  it("refuses a ring that crosses itself, naming where", () => {
    const bowTie = [[120, 36], [120.1, 36.1], [120.1, 36], [120, 36.1], [120, 36]];
    const r = checkRegions([street(3, "S3", [bowTie])], new Map());
    expect(r.regions).toEqual([]);
    expect(r.problems).toEqual([{ index: 3, code: "S3", reason: "self-intersection at 120.050000,36.050000" }]);
  });

  it("puts the label point inside a concave region, not at its centroid", () => {
    const u = [[0, 0], [3, 0], [3, 3], [2, 3], [2, 1], [1, 1], [1, 3], [0, 3], [0, 0]].map(([x, y]) => [120 + x! / 10, 36 + y! / 10]);
    const r = checkRegions([street(0, "U", [u])], new Map());
    const { lat, lng } = r.regions[0]!.center;
    const inGap = lng > 120.1 && lng < 120.2 && lat > 36.1;
    expect(inGap).toBe(false);
  });

  it("converts GCJ-02 coordinates to WGS-84 when told (a few hundred metres in China)", () => {
    const r = checkRegions([street(0, "S1", [square])], new Map(), "gcj02");
    const [lng, lat] = (r.regions[0]!.geometry.coordinates as number[][][])[0]![0]!;
    expect(Math.abs(lng! - 121)).toBeGreaterThan(0.001);
    expect(Math.abs(lng! - 121)).toBeLessThan(0.02);
    expect(Math.abs(lat! - 37)).toBeLessThan(0.02);
  });

  it("checks parents: known, one level up, and mostly containing the child", () => {
    const known = new Map([["S1", { code: "S1", level: "street" as const, geometry: { type: "Polygon" as const, coordinates: [square] } }]]);
    const c = (index: number, code: string, parent: string, x: number) => ({ index, code, name: code, level: "community", parent, geometry: { type: "Polygon", coordinates: [[[x, 37.01], [x + 0.02, 37.01], [x + 0.02, 37.03], [x, 37.03], [x, 37.01]]] } });
    const r = checkRegions([c(0, "C1", "S1", 121.01), c(1, "C2", "S9", 121.01), c(2, "C3", "S1", 121.099), { ...c(3, "G1", "S1", 121.01), level: "grid" }], known);
    expect(r.regions.map((x) => x.code)).toEqual(["C1"]);
    expect(r.problems.map((p) => [p.code, p.reason])).toEqual([
      ["C2", "unknown parent S9"],
      ["C3", expect.stringMatching(/^mostly outside its parent S1 \(\d+% inside\)$/)],
      ["G1", "parent S1 is a street, not a community"],
    ]);
  });
});

describe("a city's sheets, row by row", () => {
  const lookup = { byCode: new Map([["D01", 1], ["D02", 2]]), byName: new Map([["区城管局", 2]]) };
  const row = (line: number, values: Record<string, string>) => ({ line, values: { key: "", name: "占道经营", domain: "城市管理", lead: "D01", co: "", legalBasis: "条例", keywords: "占道、摊贩", timeLimit: "3", ...values } });

  it("reads department kinds in the city's own words", () => {
    expect(["区城市管理局", "芝罘街道办事处", "国网供电公司", "bureau", "区档案馆"].map(departmentKind)).toEqual(["bureau", "street_office", "utility", "bureau", "other"]);
  });

  it("names departments by code or name, and refuses unknown ones with the line", () => {
    const r = matterRows([row(2, { co: "区城管局、D01" }), row(3, { name: "乱停车", lead: "D09" }), row(4, { name: "噪音", domain: "天气", timeLimit: "0" })], lookup);
    expect(r.rows).toEqual([expect.objectContaining({ line: 2, leadDepartmentId: 1, coDepartmentIds: [2], keywords: ["占道", "摊贩"], key: "占道经营" })]);
    expect(r.problems).toEqual([
      { line: 3, reason: '主责部门 "D09" is not a known department code or name' },
      { line: 4, reason: expect.stringMatching(/^领域 "天气" is not a domain .*; 办理时限 "0" must be whole working days, 1–365$/) },
    ]);
  });

  it("compares a sheet with the current list: added, changed, retired, unchanged", () => {
    const stored = (key: string, name: string, lead = 1): StoredMatter => ({ key, name, domain: "CITY_MANAGEMENT", leadDepartmentId: lead, coDepartmentIds: [], legalBasis: "条例", keywords: ["占道", "摊贩"], timeLimitDays: 3 });
    const sheet = matterRows([row(2, { key: "M1", name: "甲" }), row(3, { key: "M2", name: "乙", lead: "D02" }), row(4, { key: "M4", name: "丁" })], lookup).rows;
    const d = diffMatters(sheet, [stored("M1", "甲"), stored("M2", "乙"), stored("M3", "丙")]);
    expect({ added: d.added.map((m) => m.key), changed: d.changed.map((m) => m.key), retired: d.retired, unchanged: d.unchanged }).toEqual({ added: ["M4"], changed: ["M2"], retired: ["M3"], unchanged: 1 });
  });

  it("reads validity dates in the forms sheets use, at midnight Beijing time", () => {
    expect(parseDay("2026-03-01")).toEqual(new Date("2026-02-28T16:00:00Z"));
    expect(parseDay("2026年3月1日")).toEqual(new Date("2026-02-28T16:00:00Z"));
    expect(parseDay("2026/2/30")).toBe("bad");
    const r = knowledgeRows([{ line: 2, values: { question: "问", answer: "答", validFrom: "2026-03-01", validTo: "2026-01-01" } }]);
    expect(r.problems).toEqual([{ line: 2, reason: "失效日期 is not after 生效日期" }]);
  });
});
