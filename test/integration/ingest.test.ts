import { spawn } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { openDatabase } from "../../server/src/db/client.js";
import { GridLocator } from "../../server/src/domain/geo.js";
import { BulkIntake } from "../../server/src/ingest/bulk.js";
import { csvLine } from "../../server/src/ingest/csv.js";
import { DirectSink, runImport } from "../../server/src/ingest/import.js";
import { compileMapping } from "../../server/src/ingest/mapping.js";
import { modes, type Mode } from "../helpers/db.js";
import { startTestHub, type TestHub } from "../helpers/hub.js";
import { cli } from "../helpers/cli.js";

const serverDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../server");
const NYC = "/work/shared/data/nyc311-service-requests-1000.csv";


const summaryOf = (stdout: string) => JSON.parse(stdout.trim().split("\n").at(-1)!) as { rows: number; imported: number; duplicates: number; rejected: number; rowsPerSecond: number };

interface Counts {
  tickets: number;
  created: number;
  rollup: number;
}

async function counts(t: TestHub): Promise<Counts> {
  const [r] = await t.db.database.rows<Counts>(
    sql`select (select count(*)::int from tickets) as tickets,
               (select count(*)::int from ticket_events where type = 'created') as created,
               (select coalesce(sum(received), 0)::int from ticket_rollup_hourly) as rollup`,
  );
  return { tickets: Number(r!.tickets), created: Number(r!.created), rollup: Number(r!.rollup) };
}

const INGEST = `mutation($source: Source!, $records: [JSONObject!]!, $format: IngestFormat) {
  ingestTickets(source: $source, records: $records, format: $format) { created duplicates invalid errorsTruncated errors { line reason externalId } } }`;

describe.each(modes())("ingest from pushing systems on %s", (mode: Mode) => {
  let t: TestHub;
  let operator: string;
  let cell: { lat: number; lng: number; id: number };
  beforeAll(async () => {
    t = await startTestHub(mode);
    operator = await t.token("operator");
    const c = t.hub.services.ref.regionsAt("grid_cell")[3]!;
    cell = { lat: c.centerLat, lng: c.centerLng, id: c.id };
  });
  afterAll(async () => t?.close());

  const hotline = (id: string, extra: Record<string, unknown> = {}) => ({
    callId: id, receivedAt: "2025-01-10T09:00:00+08:00", callerName: "李先生", phone: "13900001111", content: "小区门口垃圾桶满溢无人清运，气味很大", category: "投诉", ...extra,
  });

  it("takes a mixed batch over GraphQL: good rows land, bad ones are reported by position, a replay adds nothing", async () => {
    const before = await counts(t);
    const records = [
      hotline("gq-1", { lat: cell.lat, lng: cell.lng }),
      hotline("gq-2", { channel: "fax" }),
      hotline("gq-3", { channel: "enterprise_line", company: "烟台恒信机械有限公司" }),
      { content: "no id" },
      hotline("gq-5", { lat: 37.5 }),
      hotline("gq-6", { receivedAt: "2999-01-01T00:00:00Z" }),
      hotline("gq-1"),
      hotline("gq-8", { channel: "grid_report" }),
    ];
    const r = await t.gql<{ ingestTickets: { created: number; duplicates: number; invalid: number; errors: { line: number; reason: string; externalId: string | null }[] } }>(INGEST, { source: "HOTLINE", records }, operator);
    expect(r.errors).toBeUndefined();
    const out = r.data!.ingestTickets;
    expect(out).toMatchObject({ created: 2, duplicates: 1, invalid: 5 });
    expect(out.errors.map((e) => e.line)).toEqual([2, 4, 5, 6, 8]);
    expect(out.errors[0]!.reason).toMatch(/unknown channel "fax"/);
    expect(out.errors[1]!.reason).toMatch(/callId is required/);
    expect(out.errors[2]!.reason).toMatch(/lat and lng must be given together/);
    expect(out.errors[3]).toMatchObject({ externalId: "gq-6" });
    expect(out.errors[3]!.reason).toMatch(/future/);
    expect(out.errors[4]!.reason).toMatch(/does not belong to source hotline/);

    const after = await counts(t);
    expect(after.tickets - before.tickets).toBe(2);
    expect(after.created - before.created).toBe(2);
    expect(after.rollup - before.rollup).toBe(2);

    const again = await t.gql<{ ingestTickets: { created: number; duplicates: number; invalid: number } }>(INGEST, { source: "HOTLINE", records }, operator);
    expect(again.data!.ingestTickets).toMatchObject({ created: 0, duplicates: 3, invalid: 5 });
    expect(await counts(t)).toEqual(after);

    const list = await t.gql<{ tickets: { edges: { node: { externalId: string; channel: string; appealType: string; gridCell: { id: string } | null; tags: { tag: { code: string } }[]; events: { type: string; actor: string }[] } }[] } }>(
      `{ tickets(first: 5, filter: { source: [HOTLINE], text: "垃圾桶满溢" }) { edges { node { externalId channel appealType gridCell { id } tags { tag { code } } events { type actor } } } } }`,
      {},
      operator,
    );
    const byId = new Map(list.data!.tickets.edges.map((e) => [e.node.externalId, e.node]));
    expect(byId.get("gq-1")).toMatchObject({ channel: "PHONE", appealType: "COMPLAINT", gridCell: { id: String(cell.id) }, events: [{ type: "CREATED", actor: "operator:test" }] });
    expect(byId.get("gq-3")).toMatchObject({ channel: "ENTERPRISE_LINE", gridCell: null });
    expect(byId.get("gq-1")!.tags.map((x) => x.tag.code)).toEqual(expect.arrayContaining(["channel.phone", "source.hotline", "appeal_type.complaint"]));
    expect(byId.get("gq-3")!.tags.map((x) => x.tag.code)).toContain("enterprise_related.yes");
  });

  it("lets operators and admins ingest, nobody else", async () => {
    const dept = t.hub.services.ref.departments.values().next().value!;
    for (const token of [await t.token("leader"), await t.token("department", dept.code), await t.token("wall")]) {
      const r = await t.gql(INGEST, { source: "GRID", records: [] }, token);
      expect(r.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    }
    const admin = await t.gql<{ ingestTickets: { created: number } }>(INGEST, { source: "GRID", records: [] }, await t.token("admin"));
    expect(admin.data!.ingestTickets.created).toBe(0);
  });

  it("streams NDJSON over HTTP: lines of the body in errors, idempotent, with its own auth", async () => {
    const post = (source: string, body: string, token: string | null = operator, query = "") =>
      fetch(`${t.url}/ingest/ndjson?source=${source}${query}`, { method: "POST", headers: { "content-type": "application/x-ndjson", ...(token ? { authorization: `Bearer ${token}` } : {}) }, body });
    const lines = [
      JSON.stringify({ kind: "sensor_alarm", alarmId: "nd-1", sensorId: "WL-3", metric: "水位", value: 1.2, threshold: 0.8, unit: "m", lat: cell.lat, lng: cell.lng }),
      "",
      "{not json",
      JSON.stringify({ kind: "law_enforcement", caseId: "nd-2", caseType: "占道经营", description: "夜市摊点占用消防通道", department: "D003" }),
      JSON.stringify(["array"]),
      JSON.stringify({ kind: "utility_outage", noticeId: "nd-3", utility: "供热", area: "银湖小区", start: "2025-01-05T08:00:00+08:00" }),
      JSON.stringify({ kind: "teleport" }),
    ];
    const before = await counts(t);
    const res = await post("department", lines.join("\r\n") + "\n");
    expect(res.status).toBe(200);
    const out = (await res.json()) as { created: number; duplicates: number; invalid: number; errors: { line: number; reason: string }[] };
    expect(out).toMatchObject({ created: 3, duplicates: 0, invalid: 3 });
    expect(out.errors.map((e) => e.line)).toEqual([3, 5, 7]);
    expect(out.errors[0]!.reason).toMatch(/not valid JSON/);
    expect(out.errors[1]!.reason).toMatch(/JSON object/);
    expect(out.errors[2]!.reason).toMatch(/kind must be one of/);
    expect((await counts(t)).tickets - before.tickets).toBe(3);

    const again = (await (await post("department", lines.join("\n"))).json()) as { created: number; duplicates: number };
    expect(again).toMatchObject({ created: 0, duplicates: 3 });
    const [sensor] = await t.db.database.rows<{ channel: string; grid_cell_id: number | null; suggested_department_id: number | null }>(
      sql`select channel, grid_cell_id, suggested_department_id from tickets where source = 'department' and external_id = 'sensor_alarm:nd-1'`,
    );
    expect(sensor).toMatchObject({ channel: "sensor", grid_cell_id: cell.id });
    const [law] = await t.db.database.rows<{ suggested_department_id: number }>(sql`select suggested_department_id from tickets where external_id = 'law_enforcement:nd-2'`);
    expect(Number(law!.suggested_department_id)).toBe(t.hub.services.ref.departmentsByCode.get("D003")!.id);

    // The ticket model's own layout, as `cityops import` sends it.
    const canonical = await post("grid", JSON.stringify({ externalId: "nd-c1", content: "井盖缺失", channel: "grid_report", appealType: "report" }), operator, "&format=ticket");
    expect(await canonical.json()).toMatchObject({ created: 1 });

    expect((await post("department", lines[0]!, null)).status).toBe(401);
    expect((await post("department", lines[0]!, "garbage")).status).toBe(401);
    expect((await post("department", lines[0]!, await t.token("leader"))).status).toBe(403);
    expect((await post("fax", lines[0]!)).status).toBe(400);
    expect((await post("grid", lines[0]!, operator, "&format=xml")).status).toBe(400);
  });

  it("counts a record repeated inside one batch once", async () => {
    const r = await t.gql<{ ingestTickets: { created: number; duplicates: number } }>(INGEST, { source: "GRID", records: [
      { reportId: "dup-1", workerId: "GW1", category: "乱堆乱放", description: "楼道堆放杂物" },
      { reportId: "dup-1", workerId: "GW1", category: "乱堆乱放", description: "楼道堆放杂物（重复上报）" },
    ] }, operator);
    expect(r.data!.ingestTickets).toMatchObject({ created: 1, duplicates: 1 });
  });

  it("writes a 20,000-row chunk with one bad row in the middle: the good rows land once, with events, tags and rollup; the bad one is reported by line", async () => {
    const ref = t.hub.services.ref;
    let locator: GridLocator | null = null;
    const bulk = new BulkIntake(t.db.database.db, ref, () => (locator ??= new GridLocator(ref.regionsAt("grid_cell"))), t.hub.services.dispatch, t.hub.services.realtime.bus);
    const mapping = compileMapping({ source: "hotline", dateFormat: "YYYY-MM-DD HH:mm", fields: { externalId: "id", content: "text", receivedAt: "at", lat: "lat", lng: "lng", citizenPhone: "phone" } });
    const dir = mkdtempSync(path.join(tmpdir(), "cityops-chunk-"));
    try {
      const file = path.join(dir, "rows.csv");
      const texts = ["小区门口垃圾桶满溢无人清运，气味很大", "路灯不亮，晚上出行不安全", "楼上装修噪音扰民，周末一早就开始", "道路积水严重，影响通行"];
      const cells = ref.regionsAt("grid_cell");
      const lines = ["id,text,at,lat,lng,phone"];
      for (let i = 0; i < 20_001; i++) {
        const c = cells[i % cells.length]!;
        const bad = i === 10_000; // file line 10,002: a latitude without a longitude
        lines.push(csvLine([`chunk-${i}`, `${texts[i % texts.length]}（${i % 97}号）`, `2025-03-0${1 + (i % 9)} ${String(i % 24).padStart(2, "0")}:00`, String(c.centerLat), bad ? "" : String(c.centerLng), `139${String(i % 5000).padStart(8, "0")}`]));
      }
      writeFileSync(file, lines.join("\n") + "\n");
      const before = await counts(t);
      const run = () => runImport({ file, format: "csv", mapping, sink: new DirectSink(bulk, { id: "import:chunk", role: "admin", departmentId: null }), rejectsFile: path.join(dir, "rejects.csv"), chunkSize: 20_000 });
      const first = await run();
      expect(first).toMatchObject({ rows: 20_001, imported: 20_000, rejected: 1, duplicates: 0 });
      const rejects = readFileSync(path.join(dir, "rejects.csv"), "utf8").trim().split("\n");
      expect(rejects).toHaveLength(2);
      expect(rejects[1]).toMatch(/^10002,lat and lng must be given together .*,chunk-10000,/);
      const after = await counts(t);
      expect(after.tickets - before.tickets).toBe(20_000);
      expect(after.created - before.created).toBe(20_000);
      expect(after.rollup - before.rollup).toBe(20_000);
      const [tagged] = await t.db.database.rows<{ untagged: number; rules: number; cells: number }>(sql`select
        (select count(*)::int from tickets k where k.external_id like 'chunk-%' and cardinality(k.tag_ids) = 0) as untagged,
        (select count(*)::int from tickets k cross join unnest(k.tag_rules) as g(rule) left join tag_rules r on r.id = g.rule
          where k.external_id like 'chunk-%' and coalesce(r.rule_id, '') not like '%@%') as rules,
        (select count(*)::int from tickets where external_id like 'chunk-%' and grid_cell_id is not null) as cells`);
      expect(tagged).toMatchObject({ untagged: 0, rules: 0, cells: 20_000 });
      const second = await run();
      expect(second).toMatchObject({ imported: 0, duplicates: 20_000, rejected: 1 });
      expect(await counts(t)).toEqual(after);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 240_000);

  it.runIf(mode === "pglite")("imports through the running hub when the hub holds the data folder", async () => {
    // The CLI signs its token with the data folder's demo secret: give it the hub's.
    copyFileSync(path.join(t.config.dataDir, "jwt-secret"), path.join(t.db.dataDir!, "jwt-secret"));
    const dir = mkdtempSync(path.join(tmpdir(), "cityops-remote-"));
    try {
      const file = path.join(dir, "calls.ndjson");
      writeFileSync(file, [
        JSON.stringify({ id: "r-1", text: "路灯不亮", at: "2025-01-02 20:00" }),
        JSON.stringify({ id: "r-2", text: "", at: "2025-01-02 20:00" }),
        JSON.stringify({ id: "r-3", text: "噪音扰民", at: "2025-01-02 21:00" }),
      ].join("\n"));
      const mapping = path.join(dir, "mapping.json");
      writeFileSync(mapping, JSON.stringify({ source: "hotline", dateFormat: "YYYY-MM-DD HH:mm", fields: { externalId: "id", content: "text", receivedAt: "at" } }));
      const env = { CITYOPS_DATA_DIR: t.db.dataDir!, PORT: String(t.hub.port) };
      const r = await cli(["import", file, "--mapping", mapping, "--quiet"], env);
      expect(r.status, r.stderr).toBe(0);
      expect(r.stderr).toMatch(/held by a running hub/);
      expect(summaryOf(r.stdout)).toMatchObject({ rows: 3, imported: 2, rejected: 1, duplicates: 0 });
      const again = await cli(["import", file, "--mapping", mapping, "--quiet"], env);
      expect(summaryOf(again.stdout)).toMatchObject({ imported: 0, duplicates: 2, rejected: 1 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("cityops import into an embedded data folder", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "cityops-import-"));
  const env = { CITYOPS_DATA_DIR: path.join(dir, "data") };
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("imports the New York 311 file, and a second run adds nothing", async () => {
    const first = await cli(["import", NYC, "--mapping", "nyc311", "--rejects", path.join(dir, "rejects.csv")], env);
    expect(first.status, first.stderr).toBe(0);
    const s1 = summaryOf(first.stdout);
    expect(s1.rows).toBe(1000);
    expect(s1.imported + s1.rejected).toBe(1000);
    // The file's ten rows closed before they were created are impossible histories.
    expect(s1).toMatchObject({ imported: 990, rejected: 10 });
    expect(first.stderr).toMatch(/rows\/s/);
    console.log(`NYC 311 import: ${s1.rowsPerSecond} rows/s (embedded PGlite, empty database)`);
    const second = await cli(["import", NYC, "--mapping", "nyc311", "--quiet"], env);
    const s2 = summaryOf(second.stdout);
    expect(s2).toMatchObject({ rows: 1000, imported: 0, duplicates: s1.imported, rejected: s1.rejected });

    const database = await openDatabase({ dataDir: env.CITYOPS_DATA_DIR });
    try {
      const [c] = await database.rows<{ tickets: number; events: number; rollup: number; located: number; agency: number }>(
        sql`select (select count(*)::int from tickets) as tickets, (select count(*)::int from ticket_events) as events,
                   (select sum(received)::int from ticket_rollup_hourly) as rollup, (select count(*)::int from tickets where lat is not null) as located,
                   (select count(*)::int from tickets t join departments d on d.id = t.department_id where d.code = 'NYPD') as agency`,
      );
      // History: one imported event for the file's one chunk, not a created event per ticket.
      expect(c).toMatchObject({ tickets: s1.imported, events: 1, rollup: s1.imported, agency: 347 });
      // 893 rows have coordinates; 3 of them are among the 10 impossible histories.
      expect(Number(c!.located)).toBe(890);
    } finally {
      await database.close();
    }
  });

  it("writes rejected rows with line, reason and the original row; good rows still land", async () => {
    const text = readFileSync(NYC, "utf8").split("\n");
    const header = text[0]!;
    const good = text.slice(1, 4);
    const cols = header.split(",").length;
    const badDate = good[0]!.replace(/^(\d+),[^,]+,/, "990000001,2018-06-26T10:58:54,");
    const short = "990000002,06/26/2018 10:58:54 AM,too,few";
    const badLat = good[0]!.replace(/^\d+,/, "990000003,").replace(/,40\.\d+,/, ",forty,");
    const file = path.join(dir, "mixed.csv");
    writeFileSync(file, [header, good[0], badDate, short, good[1], badLat, good[2]].join("\n") + "\n");
    const rejects = path.join(dir, "mixed-rejects.csv");
    const r = await cli(["import", file, "--mapping", "nyc311", "--rejects", rejects, "--quiet"], { CITYOPS_DATA_DIR: path.join(dir, "mixed-data") });
    expect(r.status, r.stderr).toBe(0);
    expect(summaryOf(r.stdout)).toMatchObject({ rows: 6, imported: 3, rejected: 3 });
    const out = readFileSync(rejects, "utf8").trim().split("\n");
    expect(out[0]).toBe(`line,reason,${header}`);
    expect(out).toHaveLength(4);
    expect(out[1]).toMatch(/^3,.*does not match the date format MM\/DD\/YYYY hh:mm:ss A/);
    expect(out[1]).toContain("990000001,2018-06-26T10:58:54");
    expect(out[2]).toMatch(new RegExp(`^4,"expected ${cols} fields, found 4 / 列数不符",990000002,06/26/2018 10:58:54 AM,too,few$`));
    expect(out[3]).toMatch(/^6,"lat is not a number: ""forty"" \/ lat 须为数字",990000003,/);

    const dry = await cli(["import", file, "--mapping", "nyc311", "--dry-run", "--quiet"], { CITYOPS_DATA_DIR: path.join(dir, "dry-data") });
    expect(summaryOf(dry.stdout)).toMatchObject({ rows: 6, imported: 0, rejected: 3, valid: 3, dryRun: true });
  });

  it("finishes a killed import on restart without duplicates", async () => {
    const [header, ...rows] = readFileSync(NYC, "utf8").trimEnd().split("\n");
    const file = path.join(dir, "big.csv");
    const total = 20_000;
    const lines = [header!];
    for (let i = 0; i < total; i++) lines.push(rows[i % rows.length]!.replace(/^\d+,/, `${700_000_000 + i},`));
    writeFileSync(file, lines.join("\n") + "\n");
    const dataEnv = { CITYOPS_DATA_DIR: path.join(dir, "killed-data"), LOG_LEVEL: "silent" };
    // Killed with -9 once it reports progress (its first rows are committed by then).
    const killed = await new Promise<{ signal: NodeJS.Signals | null; stderr: string }>((resolve) => {
      // node itself, not the tsx wrapper: a SIGKILL cannot be passed on to the wrapper's child.
      const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts", "import", file, "--mapping", "nyc311", "--chunk", "500", "--no-suggest"], {
        cwd: serverDir,
        env: { ...process.env, ...dataEnv },
      });
      let stderr = "";
      child.stderr.on("data", (d: Buffer) => {
        stderr += String(d);
        if (/[1-9][\d,]* imported/.test(stderr)) child.kill("SIGKILL");
      });
      child.on("close", (_code, signal) => resolve({ signal, stderr }));
    });
    expect(killed.signal, killed.stderr).toBe("SIGKILL");
    const restarted = await cli(["import", file, "--mapping", "nyc311", "--quiet", "--no-suggest"], dataEnv);
    expect(restarted.status, restarted.stderr).toBe(0);
    const s = summaryOf(restarted.stdout);
    expect(s.duplicates).toBeGreaterThan(0);
    expect(s.imported).toBeGreaterThan(0);
    const valid = total - s.rejected;
    expect(s.imported + s.duplicates).toBe(valid);
    const database = await openDatabase({ dataDir: dataEnv.CITYOPS_DATA_DIR });
    try {
      const [c] = await database.rows<{ tickets: number; distinct_ids: number; created: number; announced: number; rollup: number }>(
        sql`select count(*)::int as tickets, count(distinct external_id)::int as distinct_ids,
                   (select count(*)::int from ticket_events where type <> 'imported') as created,
                   (select sum((payload->>'tickets')::int)::int from ticket_events where type = 'imported') as announced,
                   (select sum(received)::int from ticket_rollup_hourly) as rollup from tickets`,
      );
      // Each committed chunk announced exactly the tickets it wrote: the killed run's and the restart's add up.
      expect(c).toMatchObject({ tickets: valid, distinct_ids: valid, created: 0, announced: valid, rollup: valid });
    } finally {
      await database.close();
    }
  });

  it("stops at once on a mapping that reads columns the file lacks", async () => {
    const mapping = path.join(dir, "wrong.json");
    writeFileSync(mapping, JSON.stringify({ source: "hotline", fields: { externalId: "Unique Key", content: "Complaint Typo" } }));
    const r = await cli(["import", NYC, "--mapping", mapping], { CITYOPS_DATA_DIR: path.join(dir, "wrong-data") });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/header lacks: "Complaint Typo"/);
  });
});
