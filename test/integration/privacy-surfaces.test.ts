import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Role } from "@cityops/schema";
import { modes } from "../helpers/db.js";
import { startTestHub, type TestHub } from "../helpers/hub.js";
import { collect, wsClient } from "../helpers/ws.js";

/**
 * One privacy policy on every surface: a ticket whose text holds a name, an ID number, a home's
 * room and a phone is read through GraphQL, a WebSocket subscription, Open311, a report and the
 * wall frame, and each reader sees exactly what its role may.
 */
const NAME = "张三丰";
const ID_NUMBER = "110101199003071234";
const ROOM = "5号楼302室";
const PHONE = "13912345678";
const CONTENT = `我叫${NAME}，身份证号${ID_NUMBER}，住在花园小区${ROOM}，电话${PHONE}，楼上每晚装修到十一点`;
const ADDRESS = `花园小区${ROOM}`;
const SECRETS = [NAME, ID_NUMBER, ROOM, PHONE];

describe.each(modes())("personal data on every surface, %s", (mode) => {
  let t: TestHub;
  let operator: string;
  let cell: { id: string; centerLat: number; centerLng: number; name: string };
  let dept: { id: string; code: string; name: string };
  let other: { id: string; code: string };
  let ticketId: string;
  let otherTicketId: string;

  const create = async (externalId: string, departmentId: string) => {
    const c = await t.gql<{ createTicket: { id: string } }>(
      `mutation($e: String!, $c: String!, $a: String!, $lat: Float!, $lng: Float!, $n: String!, $p: String!) {
        createTicket(input: { source: HOTLINE, externalId: $e, channel: PHONE, appealType: COMPLAINT, content: $c, address: $a, lat: $lat, lng: $lng, citizenName: $n, citizenPhone: $p }) { id } }`,
      { e: externalId, c: CONTENT, a: ADDRESS, lat: cell.centerLat + 0.0001, lng: cell.centerLng - 0.0001, n: NAME, p: PHONE },
      operator,
    );
    const id = c.data!.createTicket.id;
    await t.gql(`mutation($id: ID!, $d: ID!) { dispatchTicket(id: $id, departmentId: $d) { id } }`, { id, d: departmentId }, operator);
    return id;
  };

  beforeAll(async () => {
    t = await startTestHub(mode);
    operator = await t.token("operator");
    const r = await t.gql<{ regions: typeof cell[]; departments: (typeof dept)[] }>(`{ regions(level: GRID_CELL) { id centerLat centerLng name } departments { id code name } }`, {}, operator);
    cell = r.data!.regions[3]!;
    [dept, other] = [r.data!.departments[2]!, r.data!.departments[3]!];
    ticketId = await create(`privacy-${mode}-1`, dept.id);
    otherTicketId = await create(`privacy-${mode}-2`, other.id);
  });
  afterAll(async () => t?.close());

  const read = async (role: Role) => {
    const token = await t.token(role, role === "department" ? dept.code : undefined);
    const r = await t.gql<{ ticket: Record<string, unknown> }>(
      `query($id: ID!) { ticket(id: $id) { content address lat lng citizenName citizenPhone street { name } community { name } } }`,
      { id: ticketId },
      token,
    );
    expect(r.errors).toBeUndefined();
    return r.data!.ticket;
  };

  it("shows each GraphQL role what the policy allows", async () => {
    const op = await read("operator");
    expect(op).toMatchObject({ content: CONTENT, address: ADDRESS, citizenName: NAME, citizenPhone: PHONE });

    const department = await read("department");
    // The department goes to the home: it keeps the room, not the person.
    expect(department.content).toContain(ROOM);
    expect(department.address).toBe(ADDRESS);
    for (const s of [NAME, ID_NUMBER, PHONE]) expect(department.content).not.toContain(s);

    const leader = await read("leader");
    for (const s of SECRETS) expect(`${leader.content} ${leader.address}`).not.toContain(s);
    expect(leader.content).toContain("张**");
    expect(leader.lat).toBeCloseTo(cell.centerLat + 0.0001, 6);

    const wall = await read("wall");
    for (const s of [...SECRETS, "张"]) expect(String(wall.content)).not.toContain(s);
    const street = (wall.street as { name: string }).name;
    expect(wall.address).toContain(street);
    expect(wall.address).not.toMatch(/号楼|室/);
    expect(wall).toMatchObject({ lat: cell.centerLat, lng: cell.centerLng, citizenName: null, citizenPhone: null });
  });

  it("masks a WebSocket subscriber's tickets by the same policy", async () => {
    const client = wsClient(t.url, await t.token("leader"));
    const q = collect<{ ticketEvents: { ticket: { id: string; content: string; address: string } } }>(client, `subscription { ticketEvents { ticket { id content address } } }`);
    await new Promise((r) => setTimeout(r, 500));
    const id = await create(`privacy-${mode}-ws`, dept.id);
    await q.until(() => q.items.some((i) => i.ticketEvents.ticket.id === id));
    q.stop();
    await client.dispose();
    const seen = q.items.filter((i) => i.ticketEvents.ticket.id === id).map((i) => `${i.ticketEvents.ticket.content} ${i.ticketEvents.ticket.address}`);
    for (const text of seen) for (const s of SECRETS) expect(text).not.toContain(s);
  });

  const open311 = async (p: string, key?: string) => {
    const res = await fetch(`${t.url}/open311/v2/${p}${key ? `${p.includes("?") ? "&" : "?"}api_key=${key}` : ""}`);
    return { status: res.status, text: await res.text() };
  };

  it("shows an anonymous Open311 reader the street and community and the grid cell, never the home or the person", async () => {
    for (const path of [`requests/${ticketId}.json`, `requests.json?service_request_id=${ticketId}`, `requests/${ticketId}.xml`]) {
      const r = await open311(path);
      expect(r.status, path).toBe(200);
      for (const s of [...SECRETS, "号楼"]) expect(r.text, path).not.toContain(s);
    }
    const [one] = JSON.parse((await open311(`requests/${ticketId}.json`)).text) as { address: string; lat: number; long: number; description: string }[];
    expect(one!.address).toMatch(/ · /);
    expect(one).toMatchObject({ lat: cell.centerLat, long: cell.centerLng });
    expect(one!.description).toContain("楼上每晚装修");
  });

  it("lets a department's Open311 key read its own tickets only", async () => {
    const key = await t.token("department", dept.code);
    expect((await open311(`requests/${ticketId}.json`, key)).status).toBe(200);
    expect((await open311(`requests/${otherTicketId}.json`, key)).status).toBe(403);
    const list = JSON.parse((await open311(`requests.json?service_request_id=${ticketId},${otherTicketId}`, key)).text) as { service_request_id: string; description: string }[];
    expect(list.map((x) => x.service_request_id)).toEqual([ticketId]);
    // A department sees the room (it goes there), never the person.
    expect(list[0]!.description).toContain(ROOM);
    expect(list[0]!.description).not.toContain(NAME);
    const all = JSON.parse((await open311(`requests.json?status=open`, key)).text) as { service_request_id: string }[];
    expect(all.map((x) => x.service_request_id)).toContain(ticketId);
    expect(all.map((x) => x.service_request_id)).not.toContain(otherTicketId);
    // Every request listed is one the department may read through GraphQL too.
    const token = await t.token("department", dept.code);
    for (const x of all.slice(0, 20)) {
      const r = await t.gql(`query($id: ID!) { ticket(id: $id) { id } }`, { id: x.service_request_id }, token);
      expect(r.errors, x.service_request_id).toBeUndefined();
    }
  });

  it("refuses an Open311 read with a bad key instead of reading it as anonymous", async () => {
    expect((await open311(`requests/${ticketId}.json`, "not-a-token")).status).toBe(401);
  });

  it("keeps the wall frame free of the names, numbers and rooms in tickets' text", async () => {
    const client = wsClient(t.url, await t.token("wall"));
    const q = collect<{ wallFrame: { data: { latest: { id: number; text: string }[] } } }>(client, `subscription { wallFrame { data } }`);
    await q.until(() => q.items.some((i) => i.wallFrame.data.latest.some((l) => String(l.id) === ticketId)));
    q.stop();
    await client.dispose();
    const frame = JSON.stringify(q.items.at(-1)!.wallFrame.data);
    for (const s of [...SECRETS, "我叫张"]) expect(frame).not.toContain(s);
  });

  it("writes reports with people masked and no home's room", async () => {
    // Three calls from one phone about one matter: a repeat warning whose bulletin lists them.
    for (const n of [1, 2, 3]) await create(`privacy-${mode}-repeat-${n}`, dept.id);
    const admin = await t.token("admin");
    await t.gql(`mutation { runWarningDetectors { id } }`, {}, admin);
    const w = await t.gql<{ warnings: { edges: { node: { id: string; kind: string; evidence: { id: string }[] } }[] } }>(
      `{ warnings(first: 50, kind: [REPEAT]) { edges { node { id kind evidence(first: 20) { id } } } } }`,
      {},
      admin,
    );
    expect(w.errors).toBeUndefined();
    const warning = w.data!.warnings.edges.map((e) => e.node).find((n) => n.evidence.some((e) => e.id === ticketId));
    expect(warning, "a repeat warning with the ticket as evidence").toBeDefined();
    const rep = await t.gql<{ generateReport: { id: string; url: string } }>(`mutation($w: ID!) { generateReport(kind: WARNING_BULLETIN, warningId: $w) { id url } }`, { w: warning!.id }, admin);
    expect(rep.errors).toBeUndefined();
    const html = await (await fetch(new URL(rep.data!.generateReport.url, t.url))).text();
    expect(html).toContain("楼上每");
    for (const s of SECRETS) expect(html).not.toContain(s);
  });
});
