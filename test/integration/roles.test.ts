import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROLES, type Role } from "@cityops/schema";
import { modes } from "../helpers/db.js";
import { startTestHub, type TestHub } from "../helpers/hub.js";

const ALL = [...ROLES];
const DESK: Role[] = ["operator", "supervisor", "admin"];
const DEPT: Role[] = ["department", "admin"];

interface Op {
  doc: string;
  vars: (ctx: { id: string; dept: string; other: string; matterKey: string; consultation: string }) => Record<string, unknown>;
  allowed: Role[];
}

/** The expected permissions, written out here rather than imported, so the test checks the code. */
const OPS: Record<string, Op> = {
  ticket: { doc: `query($id: ID!) { ticket(id: $id) { id } }`, vars: ({ id }) => ({ id }), allowed: ALL },
  tickets: { doc: `{ tickets(first: 1) { totalCount } }`, vars: () => ({}), allowed: ALL },
  departments: { doc: `{ departments { id } }`, vars: () => ({}), allowed: ALL },
  regions: { doc: `{ regions(level: STREET) { id } }`, vars: () => ({}), allowed: ALL },
  tagCategories: { doc: `{ tagCategories { code } }`, vars: () => ({}), allowed: ALL },
  matters: { doc: `{ matters(first: 1) { totalCount } }`, vars: () => ({}), allowed: ALL },
  matterVersions: { doc: `query($k: String!) { matterVersions(key: $k) { id } }`, vars: ({ matterKey }) => ({ k: matterKey }), allowed: ALL },
  suggestDispatch: { doc: `{ suggestDispatch(text: "路灯不亮") { score } }`, vars: () => ({}), allowed: ALL },
  precedents: { doc: `{ precedents { id } }`, vars: () => ({}), allowed: ALL },
  consultation: { doc: `query($c: ID!) { consultation(id: $c) { id } }`, vars: ({ consultation }) => ({ c: consultation }), allowed: ALL },
  createTicket: {
    doc: `mutation($e: String!) { createTicket(input: { source: HOTLINE, externalId: $e, channel: PHONE, appealType: HELP, content: "路灯不亮" }) { id } }`,
    vars: () => ({ e: `roles-${Math.random()}` }),
    allowed: DESK,
  },
  answerImmediately: { doc: `mutation($id: ID!) { answerImmediately(id: $id, answer: "已答复") { id } }`, vars: ({ id }) => ({ id }), allowed: DESK },
  dispatchTicket: { doc: `mutation($id: ID!, $d: ID!) { dispatchTicket(id: $id, departmentId: $d) { id } }`, vars: ({ id, other }) => ({ id, d: other }), allowed: DESK },
  acceptTicket: { doc: `mutation($id: ID!) { acceptTicket(id: $id) { id } }`, vars: ({ id }) => ({ id }), allowed: DEPT },
  returnTicket: { doc: `mutation($id: ID!) { returnTicket(id: $id, reason: "非本单位职责") { id } }`, vars: ({ id }) => ({ id }), allowed: DEPT },
  startHandling: { doc: `mutation($id: ID!) { startHandling(id: $id) { id } }`, vars: ({ id }) => ({ id }), allowed: DEPT },
  replyTicket: { doc: `mutation($id: ID!) { replyTicket(id: $id, reply: "已处理") { id } }`, vars: ({ id }) => ({ id }), allowed: DEPT },
  recordCallback: { doc: `mutation($id: ID!) { recordCallback(id: $id, satisfaction: SATISFIED) { id } }`, vars: ({ id }) => ({ id }), allowed: DESK },
  closeTicket: { doc: `mutation($id: ID!) { closeTicket(id: $id) { id } }`, vars: ({ id }) => ({ id }), allowed: DESK },
  reopenTicket: { doc: `mutation($id: ID!) { reopenTicket(id: $id, reason: "未解决") { id } }`, vars: ({ id }) => ({ id }), allowed: DESK },
  superviseTicket: { doc: `mutation($id: ID!) { superviseTicket(id: $id, method: PHONE) { id } }`, vars: ({ id }) => ({ id }), allowed: ["supervisor", "admin"] },
  escalateTicket: { doc: `mutation($id: ID!) { escalateTicket(id: $id, loop: MIDDLE) { id } }`, vars: ({ id }) => ({ id }), allowed: ["supervisor", "leader", "admin"] },
  tagTicket: { doc: `mutation($id: ID!) { tagTicket(id: $id, tag: "hot_event.rainstorm") { id } }`, vars: ({ id }) => ({ id }), allowed: DESK },
  untagTicket: { doc: `mutation($id: ID!) { untagTicket(id: $id, tag: "hot_event.rainstorm") { id } }`, vars: ({ id }) => ({ id }), allowed: DESK },
  openConsultation: {
    doc: `mutation($id: ID!, $d: ID!, $o: ID!) { openConsultation(ticketIds: [$id], departmentIds: [$d, $o], topic: "职责争议") { id } }`,
    vars: ({ id, dept, other }) => ({ id, d: dept, o: other }),
    allowed: DESK,
  },
  concludeConsultation: { doc: `mutation($c: ID!) { concludeConsultation(id: $c, conclusion: "由主办单位办理") { id } }`, vars: ({ consultation }) => ({ c: consultation }), allowed: DESK },
  determineResponsibility: {
    doc: `mutation($id: ID!, $d: ID!) { determineResponsibility(ticketIds: [$id], leadDepartmentId: $d, reasoning: "依三定方案", precedentTitle: "测试判例") { id } }`,
    vars: ({ id, dept }) => ({ id, d: dept }),
    allowed: ["staffing_office", "admin"],
  },
  upsertMatter: {
    doc: `mutation($k: String!, $d: ID!) { upsertMatter(input: { key: $k, name: "测试事项", domain: CITY_MANAGEMENT, leadDepartmentId: $d, legalBasis: "测试依据", timeLimitDays: 5 }) { id } }`,
    vars: ({ matterKey, dept }) => ({ k: matterKey, d: dept }),
    allowed: ["staffing_office", "admin"],
  },
  heatmap: { doc: `{ heatmap(level: STREET, from: "2026-01-01T00:00:00Z", to: "2027-01-01T00:00:00Z") { regionId count } }`, vars: () => ({}), allowed: ALL },
  matrix: { doc: `{ matrix(rows: HOUR_OF_DAY, cols: DOMAIN, from: "2026-01-01T00:00:00Z", to: "2027-01-01T00:00:00Z") { __typename } }`, vars: () => ({}), allowed: ALL },
  trend: { doc: `{ trend(interval: DAY, from: "2026-11-01T00:00:00Z", to: "2026-12-01T00:00:00Z") { __typename } }`, vars: () => ({}), allowed: ALL },
  overview: { doc: `{ overview(from: "2026-11-01T00:00:00Z", to: "2026-12-01T00:00:00Z") { __typename } }`, vars: () => ({}), allowed: ALL },
  departmentMetrics: { doc: `{ departmentMetrics(from: "2026-11-01T00:00:00Z", to: "2026-12-01T00:00:00Z") { __typename } }`, vars: () => ({}), allowed: ALL },
  warnings: { doc: `{ warnings(first: 5) { totalCount } }`, vars: () => ({}), allowed: ALL },
  acknowledgeWarning: { doc: `mutation { acknowledgeWarning(id: "999999") { id } }`, vars: () => ({}), allowed: ["operator", "supervisor", "leader", "admin"] },
  resolveWarning: { doc: `mutation { resolveWarning(id: "999999", note: "已处置") { id } }`, vars: () => ({}), allowed: ["supervisor", "leader", "admin"] },
  runWarningDetectors: { doc: `mutation { runWarningDetectors { id } }`, vars: () => ({}), allowed: ["supervisor", "admin"] },
  generateReport: { doc: `mutation { generateReport(kind: INFORMATION_DIGEST) { id } }`, vars: () => ({}), allowed: ["operator", "supervisor", "leader", "admin"] },
  reports: { doc: `{ reports(first: 1) { totalCount } }`, vars: () => ({}), allowed: ["operator", "supervisor", "leader", "staffing_office", "admin"] },
  ingestTickets: {
    doc: `mutation($e: String!) { ingestTickets(source: HOTLINE, records: [{ callId: $e, content: "路灯不亮", time: "2026-11-20T08:00:00+08:00" }]) { created invalid } }`,
    vars: () => ({ e: `ing-${Math.random()}` }),
    allowed: ["operator", "admin"],
  },
  retireMatter: { doc: `mutation($k: String!) { retireMatter(key: $k) { id } }`, vars: () => ({ k: "NO-SUCH-MATTER" }), allowed: ["staffing_office", "admin"] },
};

describe.each(modes())("roles on %s", (mode) => {
  let t: TestHub;
  let operator: string;
  let dept: { id: string; code: string };
  let other: { id: string };
  let matterKey: string;
  beforeAll(async () => {
    t = await startTestHub(mode);
    operator = await t.token("operator");
    const r = await t.gql<{ departments: { id: string; code: string }[]; matters: { edges: { node: { key: string } }[] } }>(
      `{ departments { id code } matters(first: 1) { edges { node { key } } } }`,
      {},
      operator,
    );
    [dept, other] = [r.data!.departments[0]!, r.data!.departments[1]!];
    matterKey = r.data!.matters.edges[0]!.node.key;
  });
  afterAll(async () => t?.close());

  /** A fresh ticket dispatched to `dept`, and a consultation on it: every operation has a target. */
  async function target() {
    const c = await t.gql<{ createTicket: { id: string } }>(
      `mutation($e: String!) { createTicket(input: { source: HOTLINE, externalId: $e, channel: PHONE, appealType: COMPLAINT, content: "噪音扰民" }) { id } }`,
      { e: `target-${Math.random()}` },
      operator,
    );
    const id = c.data!.createTicket.id;
    await t.gql(`mutation($id: ID!, $d: ID!) { dispatchTicket(id: $id, departmentId: $d) { id } }`, { id, d: dept.id }, operator);
    const k = await t.gql<{ openConsultation: { id: string } }>(
      `mutation($id: ID!, $d: ID!, $o: ID!) { openConsultation(ticketIds: [$id], departmentIds: [$d, $o], topic: "t") { id } }`,
      { id, d: dept.id, o: other.id },
      operator,
    );
    return { id, dept: dept.id, other: other.id, matterKey, consultation: k.data!.openConsultation.id };
  }

  it("allows and denies every operation for every role as specified", async () => {
    const outcomes: string[] = [];
    for (const role of ROLES) {
      const token = await t.token(role, role === "department" ? dept.code : undefined);
      for (const [name, op] of Object.entries(OPS)) {
        const r = await t.gql(op.doc, op.vars(await target()), token);
        const code = r.errors?.[0]?.extensions?.code;
        const denied = code === "FORBIDDEN" || code === "UNAUTHENTICATED";
        const expected = op.allowed.includes(role);
        if (denied === expected) outcomes.push(`${role} ${name}: expected ${expected ? "allow" : "deny"}, got ${code ?? "ok"} ${r.errors?.[0]?.message ?? ""}`);
      }
    }
    expect(outcomes).toEqual([]);
  }, 300_000);

  it("applies the same roles and the same privacy view on Open311 and to report documents", async () => {
    const elsewhere = await t.gql<{ createTicket: { id: string } }>(
      `mutation($e: String!) { createTicket(input: { source: HOTLINE, externalId: $e, channel: PHONE, appealType: HELP, content: "井盖缺失" }) { id } }`,
      { e: `roles-elsewhere-${Math.random()}` },
      operator,
    );
    const otherId = elsewhere.data!.createTicket.id;
    await t.gql(`mutation($id: ID!, $d: ID!) { dispatchTicket(id: $id, departmentId: $d) { id } }`, { id: otherId, d: other.id }, operator);
    const content = `我叫赵六一，电话13700001111，住幸福里3号楼1202室，路灯坏了`;
    const c = await t.gql<{ createTicket: { id: string } }>(
      `mutation($e: String!, $c: String!) { createTicket(input: { source: HOTLINE, externalId: $e, channel: PHONE, appealType: HELP, content: $c, citizenName: "赵六一" }) { id } }`,
      { e: `roles-privacy-${Math.random()}`, c: content },
      operator,
    );
    const id = c.data!.createTicket.id;
    await t.gql(`mutation($id: ID!, $d: ID!) { dispatchTicket(id: $id, departmentId: $d) { id } }`, { id, d: dept.id }, operator);
    const report = await t.gql<{ generateReport: { id: string } }>(`mutation { generateReport(kind: INFORMATION_DIGEST) { id } }`, {}, operator);
    const reportId = report.data!.generateReport.id;
    const services = JSON.parse(await (await fetch(`${t.url}/open311/v2/services.json`)).text()) as { service_code: string }[];
    const outcomes: string[] = [];
    for (const role of ROLES) {
      const token = await t.token(role, role === "department" ? dept.code : undefined);
      // Open311 shows a ticket's text exactly as GraphQL shows it to the same role.
      const g = await t.gql<{ ticket: { content: string } }>(`query($id: ID!) { ticket(id: $id) { content } }`, { id }, token);
      const o = await fetch(`${t.url}/open311/v2/requests/${id}.json?api_key=${token}`);
      const [req] = (await o.json()) as { description: string }[];
      if (o.status !== 200 || req?.description !== g.data?.ticket.content) outcomes.push(`${role} open311 read: ${o.status} ${req?.description} vs ${g.data?.ticket.content}`);
      // A department's key does not read another department's ticket.
      const foreign = await fetch(`${t.url}/open311/v2/requests/${otherId}.json?api_key=${token}`);
      if (foreign.status !== (role === "department" ? 403 : 200)) outcomes.push(`${role} open311 read of another department's ticket: ${foreign.status}`);
      const post = await fetch(`${t.url}/open311/v2/requests.json`, { method: "POST", body: new URLSearchParams({ api_key: token, service_code: services[0]!.service_code, lat: "37.5", long: "121.2" }) });
      if ((post.status === 201) !== DESK.includes(role)) outcomes.push(`${role} open311 post: ${post.status}`);
      const doc = await fetch(`${t.url}/reports/${reportId}`, { headers: { authorization: `Bearer ${token}` } });
      if ((doc.status === 200) !== ["operator", "supervisor", "leader", "staffing_office", "admin"].includes(role)) outcomes.push(`${role} report document: ${doc.status}`);
    }
    expect(outcomes).toEqual([]);
  });

  it("answers every operation without a token with UNAUTHENTICATED", async () => {
    const ctx = await target();
    for (const op of Object.values(OPS)) {
      const r = await t.gql(op.doc, op.vars(ctx), null);
      expect(r.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    }
  });

  it("rejects a forged token", async () => {
    const good = await t.token("admin");
    const forged = good.slice(0, -4) + (good.endsWith("AAAA") ? "BBBB" : "AAAA");
    const r = await t.gql(`{ departments { id } }`, {}, forged);
    expect(r.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    expect(r.status).toBe(401);
  });
});
