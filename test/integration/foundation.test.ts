import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { modes } from "../helpers/db.js";
import { startTestHub, type TestHub } from "../helpers/hub.js";

describe.each(modes())("foundation queries on %s", (mode) => {
  let t: TestHub;
  let token: string;
  beforeAll(async () => {
    t = await startTestHub(mode);
    token = await t.token("leader");
  });
  afterAll(async () => t?.close());

  it("answers health and readiness with every migration applied", async () => {
    expect((await fetch(`${t.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${t.url}/readyz`);
    expect(ready.status).toBe(200);
    const body = (await ready.json()) as { ready: boolean; migrations: { applied: number; expected: number } };
    expect(body.ready).toBe(true);
    expect(body.migrations.applied).toBe(body.migrations.expected);
  });

  it("lists departments, the tag system, and grid cells with polygon geometry", async () => {
    const r = await t.gql<{
      departments: { id: string; code: string; name: string }[];
      tagCategories: { code: string; name: string; tags: { code: string; name: string }[] }[];
      regions: { id: string; code: string; name: string; geometry: { type: string; coordinates: number[][][] } }[];
    }>(
      `{ departments { id code name } tagCategories { code name tags { code name } } regions(level: GRID_CELL) { id code name geometry } }`,
      {},
      token,
    );
    expect(r.errors).toBeUndefined();
    expect(r.data!.departments.length).toBeGreaterThanOrEqual(50);
    expect(r.data!.tagCategories.length).toBeGreaterThanOrEqual(30);
    expect(r.data!.tagCategories.every((c) => c.tags.length > 0)).toBe(true);
    expect(r.data!.regions.length).toBeGreaterThanOrEqual(400);
    const g = r.data!.regions[0]!.geometry;
    expect(g.type).toBe("Polygon");
    expect(g.coordinates[0]!.length).toBeGreaterThanOrEqual(4);
  });

  it("counts at least 5,500 current matters and finds them by Chinese text", async () => {
    const r = await t.gql<{ all: { totalCount: number }; found: { totalCount: number; edges: { node: { name: string; keywords: string[] } }[] } }>(
      `{ all: matters(first: 1) { totalCount } found: matters(search: "油烟", first: 5) { totalCount edges { node { name keywords } } } }`,
      {},
      token,
    );
    expect(r.errors).toBeUndefined();
    expect(r.data!.all.totalCount).toBeGreaterThanOrEqual(5500);
    expect(r.data!.found.totalCount).toBeGreaterThan(0);
    for (const e of r.data!.found.edges) expect(`${e.node.name}${e.node.keywords.join("")}`).toContain("油烟");
  });

  it("pages through tickets with cursors, without overlap, newest first", async () => {
    const q = `query($after: String) { tickets(first: 50, after: $after) { totalCount edges { cursor node { id status receivedAt } } pageInfo { hasNextPage endCursor } } }`;
    type R = { tickets: { totalCount: number; edges: { cursor: string; node: { id: string; receivedAt: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } };
    const p1 = await t.gql<R>(q, {}, token);
    const p2 = await t.gql<R>(q, { after: p1.data!.tickets.pageInfo.endCursor }, token);
    expect(p1.data!.tickets.totalCount).toBeGreaterThan(100);
    expect(p1.data!.tickets.pageInfo.hasNextPage).toBe(true);
    const ids1 = new Set(p1.data!.tickets.edges.map((e) => e.node.id));
    expect(p2.data!.tickets.edges.some((e) => ids1.has(e.node.id))).toBe(false);
    const times = [...p1.data!.tickets.edges, ...p2.data!.tickets.edges].map((e) => Date.parse(e.node.receivedAt));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
  });

  it("filters tickets and its counts agree with the filter", async () => {
    type R = { all: { totalCount: number }; open: { totalCount: number; edges: { node: { status: string } }[] }; located: { totalCount: number }; unlocated: { totalCount: number } };
    const r = await t.gql<R>(
      `{ all: tickets(first: 0) { totalCount }
         open: tickets(first: 20, filter: { status: [DISPATCHED, ACCEPTED, IN_PROGRESS] }) { totalCount edges { node { status } } }
         located: tickets(first: 0, filter: { located: true }) { totalCount }
         unlocated: tickets(first: 0, filter: { located: false }) { totalCount } }`,
      {},
      token,
    );
    expect(r.errors).toBeUndefined();
    expect(r.data!.located.totalCount + r.data!.unlocated.totalCount).toBe(r.data!.all.totalCount);
    expect(r.data!.unlocated.totalCount).toBeGreaterThan(0);
    for (const e of r.data!.open.edges) expect(["DISPATCHED", "ACCEPTED", "IN_PROGRESS"]).toContain(e.node.status);
  });

  it("refuses a page larger than the limit with a clear error", async () => {
    const r = await t.gql(`{ tickets(first: 501) { totalCount } }`, {}, token);
    expect(r.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(r.errors?.[0]?.message).toMatch(/first must be between 0 and 500/);
  });

  it("refuses an operation too expensive or too deep before running it", async () => {
    const costly = await t.gql(`{ tickets(first: 500) { edges { node { events { id } tags { tag { code } } coDepartments { id } matter { coDepartments { id } } } } } }`, {}, token);
    expect(costly.errors?.[0]?.extensions?.code).toBe("QUERY_TOO_COMPLEX");
    const deep = await t.gql(`{ regions { parent { parent { parent { parent { parent { parent { parent { parent { parent { parent { id } } } } } } } } } } } }`, {}, token);
    expect(deep.errors?.[0]?.message).toMatch(/exceeds maximum operation depth/);
  });

  it("refuses data to a request without a token", async () => {
    const r = await t.gql(`{ tickets(first: 1) { totalCount } }`, {}, null);
    expect(r.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    expect(r.data).toBeNull();
  });
});
