import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { modes } from "../helpers/db.js";
import { startTestHub, type TestHub } from "../helpers/hub.js";
import { RULE_SET } from "../../server/src/domain/tagging/rules/index.js";

describe.each(modes())("responsibility list, precedents, supervision and tags on %s", (mode) => {
  let t: TestHub;
  let operator: string;
  let staffing: string;
  let supervisor: string;
  let depts: { id: string; code: string; name: string }[];
  beforeAll(async () => {
    t = await startTestHub(mode);
    [operator, staffing, supervisor] = await Promise.all([t.token("operator"), t.token("staffing_office"), t.token("supervisor")]);
    depts = (await t.gql<{ departments: { id: string; code: string; name: string }[] }>(`{ departments { id code name } }`, {}, operator)).data!.departments;
  });
  afterAll(async () => t?.close());

  it("keeps every version of a matter readable as of its date when it is amended and retired", async () => {
    const created = await t.gql<{ upsertMatter: { key: string; version: number; validFrom: string } }>(
      `mutation($d: ID!) { upsertMatter(input: { name: "共享单车乱停放", domain: CITY_MANAGEMENT, leadDepartmentId: $d, legalBasis: "《城市市容和环境卫生管理条例》第十条", keywords: ["共享单车", "乱停放"], timeLimitDays: 3 }) { key version validFrom } }`,
      { d: depts[0]!.id },
      staffing,
    );
    expect(created.errors).toBeUndefined();
    const key = created.data!.upsertMatter.key;
    const v1At = created.data!.upsertMatter.validFrom;
    await new Promise((r) => setTimeout(r, 20));
    const amended = await t.gql<{ upsertMatter: { version: number; leadDepartment: { id: string } } }>(
      `mutation($k: String!, $d: ID!) { upsertMatter(input: { key: $k, name: "共享单车乱停放", domain: CITY_MANAGEMENT, leadDepartmentId: $d, legalBasis: "《互联网租赁自行车管理办法》第八条", keywords: ["共享单车"], timeLimitDays: 2, changeNote: "法规修订" }) { version leadDepartment { id } } }`,
      { k: key, d: depts[1]!.id },
      staffing,
    );
    expect(amended.data!.upsertMatter).toEqual({ version: 2, leadDepartment: { id: depts[1]!.id } });
    const q = `query($s: String!, $at: DateTimeISO) { matters(search: $s, asOf: $at, first: 5) { edges { node { key version legalBasis } } } }`;
    const now = await t.gql<{ matters: { edges: { node: { key: string; version: number } }[] } }>(q, { s: "共享单车乱停放" }, operator);
    expect(now.data!.matters.edges.filter((e) => e.node.key === key).map((e) => e.node.version)).toEqual([2]);
    const then = await t.gql<{ matters: { edges: { node: { key: string; version: number; legalBasis: string } }[] } }>(q, { s: "共享单车乱停放", at: v1At }, operator);
    expect(then.data!.matters.edges.filter((e) => e.node.key === key), JSON.stringify(then.data)).toEqual([{ node: { key, version: 1, legalBasis: "《城市市容和环境卫生管理条例》第十条" } }]);
    const retired = await t.gql(`mutation($k: String!) { retireMatter(key: $k) { validTo } }`, { k: key }, staffing);
    expect(retired.errors).toBeUndefined();
    const gone = await t.gql<{ matters: { edges: { node: { key: string } }[] } }>(q, { s: "共享单车乱停放" }, operator);
    expect(gone.data!.matters.edges.some((e) => e.node.key === key)).toBe(false);
    const versions = await t.gql<{ matterVersions: { version: number; validTo: string | null }[] }>(`query($k: String!) { matterVersions(key: $k) { version validTo } }`, { k: key }, operator);
    expect(versions.data!.matterVersions.map((v) => v.version)).toEqual([2, 1]);
    expect(versions.data!.matterVersions.every((v) => v.validTo !== null)).toBe(true);
    const again = await t.gql(`mutation($k: String!) { retireMatter(key: $k) { id } }`, { k: key }, staffing);
    expect(again.errors?.[0]?.extensions?.code).toBe("CONFLICT");
  });

  it("turns a staffing-office determination into a precedent that later suggestions follow", async () => {
    const text = "小区内无主化粪池满溢，污水流到路面，物业和社区互相推诿";
    const target = depts.find((d) => d.name.includes("街道")) ?? depts[5]!;
    const before = await t.gql<{ suggestDispatch: { department: { id: string } }[] }>(`query($x: String!) { suggestDispatch(text: $x) { department { id } } }`, { x: text }, operator);
    const c = await t.gql<{ createTicket: { id: string } }>(
      `mutation($x: String!) { createTicket(input: { source: HOTLINE, externalId: "prec-1", channel: PHONE, appealType: COMPLAINT, content: $x }) { id } }`,
      { x: text },
      operator,
    );
    const id = c.data!.createTicket.id;
    const consult = await t.gql<{ openConsultation: { id: string; status: string; departments: { id: string }[] } }>(
      `mutation($id: ID!, $a: ID!, $b: ID!) { openConsultation(ticketIds: [$id], departmentIds: [$a, $b], topic: "无主化粪池职责争议") { id status departments { id } } }`,
      { id, a: target.id, b: depts[0]!.id },
      operator,
    );
    expect(consult.data!.openConsultation).toMatchObject({ status: "OPEN" });
    const det = await t.gql<{ determineResponsibility: { precedent: { id: string; title: string }; leadDepartment: { id: string } } }>(
      `mutation($c: ID!, $d: ID!) { determineResponsibility(consultationId: $c, leadDepartmentId: $d, reasoning: "无物业小区公共设施由属地街道兜底管理", precedentTitle: "无主化粪池满溢由属地街道负责", keywords: ["无主化粪池", "化粪池满溢", "污水外溢"]) { precedent { id title } leadDepartment { id } } }`,
      { c: consult.data!.openConsultation.id, d: target.id },
      staffing,
    );
    expect(det.errors).toBeUndefined();
    const after = await t.gql<{ suggestDispatch: { department: { id: string }; precedent: { id: string } | null }[] }>(
      `query($x: String!) { suggestDispatch(text: $x) { department { id } precedent { id } } }`,
      { x: text },
      operator,
    );
    expect(after.data!.suggestDispatch[0]!.department.id).toBe(target.id);
    expect(after.data!.suggestDispatch[0]!.precedent?.id).toBe(det.data!.determineResponsibility.precedent.id);
    expect(before.data!.suggestDispatch[0]?.department.id === target.id && after.data!.suggestDispatch[0]!.precedent === null).toBe(false);
    const h = await t.gql<{ ticket: { events: { type: string }[] } }>(`query($id: ID!) { ticket(id: $id) { events { type } } }`, { id }, operator);
    expect(h.data!.ticket.events.map((e) => e.type)).toEqual(["CREATED", "CONSULTATION_OPENED", "RESPONSIBILITY_DETERMINED"]);
  });

  it("records supervision by method and escalation between loops in the history", async () => {
    const c = await t.gql<{ createTicket: { id: string } }>(
      `mutation { createTicket(input: { source: GRID, externalId: "sup-1", channel: GRID_REPORT, appealType: REPORT, content: "河道垃圾堆积" }) { id } }`,
      {},
      operator,
    );
    const id = c.data!.createTicket.id;
    await t.gql(`mutation($id: ID!, $d: ID!) { dispatchTicket(id: $id, departmentId: $d) { id } }`, { id, d: depts[2]!.id }, operator);
    const s = await t.gql<{ superviseTicket: { supervisionCount: number } }>(`mutation($id: ID!) { superviseTicket(id: $id, method: ON_SITE, note: "现场督办") { supervisionCount } }`, { id }, supervisor);
    expect(s.data!.superviseTicket.supervisionCount).toBe(1);
    const e = await t.gql<{ escalateTicket: { loop: string } }>(`mutation($id: ID!) { escalateTicket(id: $id, loop: BIG) { loop } }`, { id }, supervisor);
    expect(e.data!.escalateTicket.loop).toBe("BIG");
    const h = await t.gql<{ ticket: { status: string; events: { type: string; payload: Record<string, unknown> }[] } }>(`query($id: ID!) { ticket(id: $id) { status events { type payload } } }`, { id }, operator);
    expect(h.data!.ticket.status).toBe("DISPATCHED");
    expect(h.data!.ticket.events.find((x) => x.type === "SUPERVISED")!.payload).toMatchObject({ method: "on_site" });
    expect(h.data!.ticket.events.find((x) => x.type === "ESCALATED")!.payload).toMatchObject({ from: "small", to: "big" });
  });

  it("keeps tags set by people apart from rule tags, and refuses rule-only categories", async () => {
    const c = await t.gql<{ createTicket: { id: string } }>(
      `mutation { createTicket(input: { source: HOTLINE, externalId: "tag-1", channel: ENTERPRISE_LINE, appealType: HELP, content: "企业反映厂区门前道路积水严重" }) { id } }`,
      {},
      operator,
    );
    const id = c.data!.createTicket.id;
    const tagged = await t.gql(`mutation($id: ID!) { tagTicket(id: $id, tag: "hot_event.rainstorm") { id } }`, { id }, operator);
    expect(tagged.errors).toBeUndefined();
    const twice = await t.gql(`mutation($id: ID!) { tagTicket(id: $id, tag: "hot_event.rainstorm") { id } }`, { id }, operator);
    expect(twice.errors?.[0]?.extensions?.code).toBe("CONFLICT");
    const ruleOnly = await t.gql(`mutation($id: ID!) { tagTicket(id: $id, tag: "channel.phone") { id } }`, { id }, operator);
    expect(ruleOnly.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    const r = await t.gql<{ ticket: { tags: { tag: { code: string }; origin: string; actor: string | null; ruleId: string | null }[] } }>(
      `query($id: ID!) { ticket(id: $id) { tags { tag { code } origin actor ruleId } } }`,
      { id },
      operator,
    );
    const tags = r.data!.ticket.tags;
    expect(tags.find((x) => x.tag.code === "hot_event.rainstorm")).toMatchObject({ origin: "MANUAL", actor: "operator:test", ruleId: null });
    expect(tags.find((x) => x.tag.code === "channel.enterprise_line")).toMatchObject({ origin: "RULE", ruleId: `field.channel.enterprise_line@${RULE_SET.version}` });
    expect(tags.find((x) => x.tag.code === "enterprise_related.yes")?.origin).toBe("RULE");
    const untagRule = await t.gql(`mutation($id: ID!) { untagTicket(id: $id, tag: "appeal_type.help") { id } }`, { id }, operator);
    expect(untagRule.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
    const untag = await t.gql(`mutation($id: ID!) { untagTicket(id: $id, tag: "hot_event.rainstorm") { id } }`, { id }, operator);
    expect(untag.errors).toBeUndefined();
    const filtered = await t.gql<{ tickets: { totalCount: number } }>(`{ tickets(first: 0, filter: { tagsAll: ["channel.enterprise_line", "enterprise_related.yes"] }) { totalCount } }`, {}, operator);
    expect(filtered.data!.tickets.totalCount).toBeGreaterThanOrEqual(1);
  });

  it("refuses a request body over the limit with 413", async () => {
    const res = await fetch(`${t.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${operator}` },
      body: JSON.stringify({ query: "{ me { id } }", variables: { pad: "x".repeat(2 * 1024 * 1024) } }),
    });
    expect(res.status).toBe(413);
  });
});
