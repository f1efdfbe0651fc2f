import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { modes } from "../helpers/db.js";
import { startTestHub, type TestHub } from "../helpers/hub.js";
import { collect, wsClient } from "../helpers/ws.js";
import { until } from "../helpers/wait.js";
import { FULL_RUN } from "../../server/src/services/warning-runner.js";
import type { WarningCandidate } from "../../server/src/domain/warnings/types.js";

interface W {
  id: string;
  kind: string;
  severity: string;
  status: string;
  count: number;
  scope: Record<string, unknown>;
  evidence: { id: string }[];
}
const FIELDS = `id kind severity status count scope evidence(first: 50) { id }`;
const LIST = `query($k: [WarningKind!], $s: [WarningStatus!]) { warnings(first: 100, kind: $k, status: $s) { totalCount edges { node { ${FIELDS} } } } }`;

describe.each(modes())("warnings on %s", (mode) => {
  let t: TestHub;
  let operator: string;
  let supervisor: string;
  let leader: string;
  let cells: { id: string; centerLat: number; centerLng: number }[];

  beforeAll(async () => {
    t = await startTestHub(mode);
    [operator, supervisor, leader] = await Promise.all([t.token("operator"), t.token("supervisor"), t.token("leader")]);
    cells = (await t.gql<{ regions: typeof cells }>(`{ regions(level: GRID_CELL) { id centerLat centerLng } }`, {}, leader)).data!.regions;
  });
  afterAll(async () => t?.close());

  const list = async (kind: string[], token = leader, status?: string[]) => {
    const r = await t.gql<{ warnings: { totalCount: number; edges: { node: W }[] } }>(LIST, { k: kind, s: status ?? null }, token);
    expect(r.errors).toBeUndefined();
    return r.data!.warnings.edges.map((e) => e.node);
  };
  const report = async (content: string, phone: string | null, cell?: { centerLat: number; centerLng: number }) => {
    const r = await t.gql<{ createTicket: { id: string } }>(
      `mutation($e: String!, $c: String!, $p: String, $lat: Float, $lng: Float) { createTicket(input: { source: HOTLINE, externalId: $e, channel: PHONE,
         appealType: HELP, content: $c, citizenPhone: $p, lat: $lat, lng: $lng }) { id } }`,
      { e: `w-${Math.random()}`, c: content, p: phone, ...(cell ? { lat: cell.centerLat, lng: cell.centerLng } : {}) },
      operator,
    );
    expect(r.errors).toBeUndefined();
    return r.data!.createTicket.id;
  };

  it("raises a surge within a minute of 25 waterlogging reports in one place, and pushes it", async () => {
    const client = wsClient(t.url, leader);
    const pushed = collect<{ warnings: { id: string; kind: string; severity: string } }>(client, `subscription { warnings(minSeverity: MEDIUM) { id kind severity } }`);
    await new Promise((r) => setTimeout(r, 300));
    const cell = cells[100]!;
    const started = Date.now();
    const ids: string[] = [];
    for (let i = 0; i < 25; i++) ids.push(await report("暴雨过后小区门口严重积水，水深没过膝盖，车辆无法通行", `1390000${String(i).padStart(4, "0")}`, cell));
    const surge = await until("a surge warning", async () =>
      (await list(["SURGE"])).find((w) => w.scope.level === "grid_cell" && String(w.scope.regionId) === cell.id),
    );
    expect(Date.now() - started).toBeLessThan(60_000);
    expect(["MEDIUM", "HIGH", "CRITICAL"]).toContain(surge.severity);
    expect(surge.count).toBeGreaterThanOrEqual(8);
    await until("all evidence", async () => {
      const w = (await list(["SURGE"])).find((x) => x.id === surge.id)!;
      return ids.every((id) => w.evidence.some((e) => e.id === id)) ? w : undefined;
    });
    // Many callers, one matter, one place: a collective request too.
    const collective = await until("a collective warning", async () => (await list(["COLLECTIVE"])).find((w) => String(w.scope.regionId) === cell.id));
    expect(collective.count).toBeGreaterThanOrEqual(5);
    await pushed.until(() => pushed.items.some((i) => i.warnings.id === surge.id));
    expect(pushed.items.every((i) => ["MEDIUM", "HIGH", "CRITICAL"].includes(i.warnings.severity))).toBe(true);
    // Not once per level: the cell explains its community and street.
    expect((await list(["SURGE"])).filter((w) => w.scope.level !== "grid_cell" && w.scope.domain === surge.scope.domain)).toEqual([]);
    pushed.stop();
    await client.dispose();
  });

  it("raises a repeat warning when one caller reports the same matter four times, without the number for the wall", async () => {
    const phone = "13612345678";
    const ids = [];
    for (let i = 0; i < 4; i++) ids.push(await report("小区楼道里的声控灯坏了好几天了一直没人修", phone));
    const w = await until("a repeat warning of four", async () =>
      (await list(["REPEAT"])).find((x) => x.scope.by === "caller" && x.count === 4),
    );
    expect(w.severity).toBe("MEDIUM");
    expect(w.scope.phoneMasked).toBe("136****5678");
    expect(w.evidence.map((e) => e.id).sort()).toEqual([...ids].sort());
    const wall = await t.gql<{ warning: { scope: Record<string, unknown>; detail: string } }>(`query($id: ID!) { warning(id: $id) { scope detail } }`, { id: w.id }, await t.token("wall"));
    expect(wall.data!.warning.scope.phoneMasked).toBeUndefined();
    expect(wall.data!.warning.detail).not.toContain("136****5678");
  });

  it("keeps one open warning per kind and scope, growing it instead of repeating it", async () => {
    await t.hub.services.warningEngine.run(FULL_RUN);
    const dupes = await t.db.database.rows(sql`select kind, scope_key from warnings where status <> 'resolved' group by 1, 2 having count(*) > 1`);
    expect(dupes).toEqual([]);
    const before = (await list(["REPEAT"])).find((x) => x.scope.by === "caller" && x.scope.phoneMasked === "136****5678")!;
    await report("小区楼道里的声控灯坏了好几天了一直没人修", "136 1234 5678");
    const grown = await until("the warning to grow", async () => {
      const w = (await list(["REPEAT"])).find((x) => x.id === before.id)!;
      return w.count === 5 ? w : undefined;
    });
    expect(grown.evidence).toHaveLength(5);
    expect((await list(["REPEAT"])).filter((x) => x.scope.phoneMasked === "136****5678")).toHaveLength(1);
  });

  it("grows a storm of more open warnings than a run reads at once, raising none of them twice", async () => {
    const storm = (count: number): WarningCandidate[] =>
      Array.from({ length: 450 }, (_, i) => ({
        kind: "collective", scopeKey: `storm-${mode}-${i}`, scope: { level: "grid_cell", regionId: i }, severity: "medium",
        title: `风暴${i}`, detail: "storm", evidenceTicketIds: [], count, departmentId: null,
      }));
    const first = await t.hub.services.warnings.apply(storm(5), []);
    expect(first.filter((c) => c.change === "raised")).toHaveLength(450);
    const second = await t.hub.services.warnings.apply(storm(6), []);
    expect(second.filter((c) => c.change === "raised")).toHaveLength(0);
    expect(second.filter((c) => c.change === "updated")).toHaveLength(450);
    const [open] = await t.db.database.rows<{ n: number }>(sql`select count(*)::int as n from warnings where scope_key like ${`storm-${mode}-%`} and status <> 'resolved' and count = 6`);
    expect(Number(open!.n)).toBe(450);
  });

  it("acknowledges and resolves by role, with who, when and what was done", async () => {
    const w = (await list(["REPEAT"])).find((x) => x.scope.phoneMasked === "136****5678")!;
    const ack = `mutation($id: ID!) { acknowledgeWarning(id: $id) { status acknowledgedBy acknowledgedAt } }`;
    const resolve = `mutation($id: ID!, $n: String!) { resolveWarning(id: $id, note: $n) { status resolvedBy resolvedAt resolutionNote history } }`;
    expect((await t.gql(ack, { id: w.id }, await t.token("wall"))).errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    const a = await t.gql<{ acknowledgeWarning: { status: string; acknowledgedBy: string; acknowledgedAt: string } }>(ack, { id: w.id }, operator);
    expect(a.data!.acknowledgeWarning).toMatchObject({ status: "ACKNOWLEDGED", acknowledgedBy: "operator:test" });
    expect((await t.gql(resolve, { id: w.id, n: "已联系物业" }, operator)).errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    expect((await t.gql(resolve, { id: w.id, n: "  " }, supervisor)).errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    const r = await t.gql<{ resolveWarning: { status: string; resolvedBy: string; resolutionNote: string; history: { action: string; by: string }[] } }>(
      resolve,
      { id: w.id, n: "已联系物业更换声控灯并回访来电人" },
      supervisor,
    );
    expect(r.data!.resolveWarning).toMatchObject({ status: "RESOLVED", resolvedBy: "supervisor:test", resolutionNote: "已联系物业更换声控灯并回访来电人" });
    expect(r.data!.resolveWarning.history.map((h) => h.action)).toEqual(["raised", "acknowledged", "resolved"]);
    expect((await t.gql(resolve, { id: w.id, n: "again" }, supervisor)).errors?.[0]?.extensions?.code).toBe("ILLEGAL_TRANSITION");
    // Resolved on this evidence: not raised again by the next run, but again on a new request.
    await t.hub.services.warningEngine.run(FULL_RUN);
    expect((await list(["REPEAT"], leader, ["RAISED", "ACKNOWLEDGED"])).filter((x) => x.scope.phoneMasked === "136****5678")).toEqual([]);
    await report("小区楼道里的声控灯坏了好几天了一直没人修", "13612345678");
    const again = await until("a new repeat warning", async () =>
      (await list(["REPEAT"], leader, ["RAISED"])).find((x) => x.scope.phoneMasked === "136****5678"),
    );
    expect(again.id).not.toBe(w.id);
  });

  it("raises an overdue warning for the department holding the ticket, shows it to that department only, and resolves it when handled", async () => {
    const [free] = await t.db.database.rows<{ id: number; code: string }>(sql`select d.id, d.code from departments d where not exists (select 1 from tickets t
      where t.department_id = d.id and t.status in ('dispatched','accepted','in_progress','reopened')) order by d.id limit 1`);
    const [other] = await t.db.database.rows<{ code: string }>(sql`select code from departments where id <> ${free!.id} order by id limit 1`);
    const id = await report("路口交通信号灯故障", null);
    const due = new Date(Date.now() + 1500).toISOString();
    const d = await t.gql(`mutation($id: ID!, $d: ID!, $due: DateTimeISO) { dispatchTicket(id: $id, departmentId: $d, dueAt: $due) { id } }`, { id, d: String(free!.id), due }, operator);
    expect(d.errors).toBeUndefined();
    await new Promise((r) => setTimeout(r, 2000));
    await t.hub.services.warningEngine.run({ deadlines: true });
    const mine = await t.token("department", free!.code);
    const seen = (await list(["OVERDUE"], mine)).filter((w) => String(w.scope.departmentId) === String(free!.id));
    expect(seen).toHaveLength(1);
    expect(seen[0]!.evidence.map((e) => e.id)).toEqual([id]);
    expect((await list(["OVERDUE"], mine)).every((w) => String(w.scope.departmentId) === String(free!.id))).toBe(true);
    const theirs = await t.token("department", other!.code);
    expect((await list(["OVERDUE"], theirs)).some((w) => w.id === seen[0]!.id)).toBe(false);
    const denied = await t.gql(`query($id: ID!) { warning(id: $id) { id } }`, { id: seen[0]!.id }, theirs);
    expect(denied.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    for (const m of [`mutation($id: ID!) { acceptTicket(id: $id) { id } }`, `mutation($id: ID!) { replyTicket(id: $id, reply: "已修复") { id } }`]) {
      expect((await t.gql(m, { id }, mine)).errors).toBeUndefined();
    }
    await t.hub.services.warningEngine.run({ deadlines: true });
    const after = (await list(["OVERDUE"], leader)).find((w) => w.id === seen[0]!.id)!;
    expect(after.status).toBe("RESOLVED");
  });

  it("lists the places with recurring flood-season requests before the next flood season", async () => {
    const [dept] = await t.db.database.rows<{ id: number }>(sql`select id from departments order by id desc limit 1`);
    const cell = cells[200]!;
    for (const at of ["2024-07-20T03:00:00Z", "2025-08-02T05:00:00Z", "2025-08-03T06:00:00Z"]) {
      const r = await t.gql<{ createTicket: { id: string } }>(
        `mutation($e: String!, $at: DateTimeISO, $lat: Float, $lng: Float) { createTicket(input: { source: HOTLINE, externalId: $e, channel: PHONE, appealType: HELP,
           content: "一下雨路口就内涝积水", lat: $lat, lng: $lng, receivedAt: $at }) { id } }`,
        { e: `flood-${at}`, at, lat: cell.centerLat, lng: cell.centerLng },
        operator,
      );
      expect(r.errors).toBeUndefined();
      await t.gql(`mutation($id: ID!, $d: ID!) { dispatchTicket(id: $id, departmentId: $d) { id } }`, { id: r.data!.createTicket.id, d: String(dept!.id) }, operator);
    }
    await t.hub.services.warningEngine.run({ proactive: true }, new Date("2027-05-15T00:00:00Z"));
    const w = (await list(["PROACTIVE"])).find((x) => String(x.scope.departmentId) === String(dept!.id) && x.scope.season === "flood")!;
    expect(w).toBeDefined();
    expect(w.scope.seasonYear).toBe(2027);
    const places = w.scope.places as { regionId: number; years: number[] }[];
    expect(places.find((p) => String(p.regionId) === cell.id)?.years).toEqual([2024, 2025]);
  });

  it("drafts a warning bulletin and a leadership brief, served by a signed link", async () => {
    const surge = (await list(["SURGE"]))[0]!;
    const gen = `mutation($k: ReportKind!, $w: ID, $f: DateTimeISO, $t: DateTimeISO) { generateReport(kind: $k, warningId: $w, from: $f, to: $t) { id title url } }`;
    type G = { generateReport: { id: string; title: string; url: string } };
    const b = await t.gql<G>(gen, { k: "WARNING_BULLETIN", w: surge.id }, leader);
    expect(b.errors).toBeUndefined();
    expect(b.data!.generateReport.title).toMatch(/^预警专报（\d{4}年第1期）/);
    const doc = await fetch(t.url + b.data!.generateReport.url);
    expect(doc.status).toBe(200);
    expect(doc.headers.get("content-type")).toMatch(/text\/html/);
    const html = await doc.text();
    expect(html).toContain("一、预警概况");
    expect(html).toContain("<svg");
    expect(html).not.toMatch(/1390000\d{4}/);

    const to = new Date();
    const from = new Date(to.getTime() - 10 * 24 * 3_600_000);
    const brief = await t.gql<G>(gen, { k: "LEADERSHIP_BRIEF", f: from.toISOString(), t: to.toISOString() }, leader);
    expect(brief.errors).toBeUndefined();
    const text = await (await fetch(t.url + brief.data!.generateReport.url)).text();
    const [n] = await t.db.database.rows<{ n: number }>(sql`select count(*)::int as n from tickets where received_at >= ${from.toISOString()}::timestamptz and received_at < ${to.toISOString()}::timestamptz`);
    expect(text).toContain(`共受理群众诉求${n!.n}件`);
    for (const h of ["一、总体情况", "二、诉求热点", "三、部门办理情况", "四、预警情况", "五、意见建议"]) expect(text).toContain(h);
    const path = `/reports/${brief.data!.generateReport.id}`;
    expect((await fetch(t.url + path)).status).toBe(401);
    expect((await fetch(t.url + path, { headers: { authorization: `Bearer ${leader}` } })).status).toBe(200);
    const tampered = brief.data!.generateReport.url.replace(/sig=(.)/, (_, c: string) => `sig=${c === "A" ? "B" : "A"}`);
    expect((await fetch(t.url + tampered)).status).toBe(401);
    expect((await t.gql(gen, { k: "LEADERSHIP_BRIEF" }, await t.token("wall"))).errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    const listed = await t.gql<{ reports: { totalCount: number } }>(`{ reports(first: 5) { totalCount } }`, {}, leader);
    expect(listed.data!.reports.totalCount).toBe(2);
  });

  it("pages warnings with cursors and filters them by status, kind and severity", async () => {
    const q = `query($after: String, $min: WarningSeverity) { warnings(first: 3, after: $after, minSeverity: $min) { totalCount edges { node { id severity } } pageInfo { hasNextPage endCursor } } }`;
    type P = { warnings: { totalCount: number; edges: { node: { id: string; severity: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } };
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const r: { data?: P } = await t.gql<P>(q, { after }, leader);
      seen.push(...r.data!.warnings.edges.map((e) => e.node.id));
      if (!r.data!.warnings.pageInfo.hasNextPage) break;
      after = r.data!.warnings.pageInfo.endCursor;
    }
    const [all] = await t.db.database.rows<{ n: number }>(sql`select count(*)::int as n from warnings`);
    expect(seen).toHaveLength(Number(all!.n));
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.map(Number)).toEqual([...seen.map(Number)].sort((a, b) => b - a));
    const high = await t.gql<P>(q, { min: "HIGH" }, leader);
    const [n] = await t.db.database.rows<{ n: number }>(sql`select count(*)::int as n from warnings where severity in ('high', 'critical')`);
    expect(high.data!.warnings.totalCount).toBe(Number(n!.n));
    expect(high.data!.warnings.edges.every((e) => ["HIGH", "CRITICAL"].includes(e.node.severity))).toBe(true);
  });
});
