// `bulk`: `cityops import` of a generated hotline CSV (Chinese content drawn from the demo's matter
// texts) into a fresh PostgreSQL database holding the small demo district, against a raw COPY of the
// same file into a plain table with the file's columns, measured in the same run.

import { spawn } from "node:child_process";
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { once } from "node:events";
import { pipeline } from "node:stream/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import postgres from "postgres";
import { sql } from "drizzle-orm";
import { demoGeography, type AppealType, type Channel } from "@cityops/schema";
import { demoDepartments } from "../../server/src/seed/departments.js";
import { buildMatters } from "../../server/src/seed/matters.js";
import { Random } from "../../server/src/seed/random.js";
import { addressFor, cellText, citizen, companyName, ticketContent, ticketTitle, type CellText } from "../../server/src/seed/ticket-text.js";
import { seedDemo } from "../../server/src/seed/seed.js";
import { parse } from "csv-parse";
import { csvLine, readCsv } from "../../server/src/ingest/csv.js";
import { freshDatabase } from "../helpers/db.js";
import { SMALL_SEED } from "../helpers/hub.js";
import { round, type Measurement } from "./lib.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const serverDir = path.resolve(here, "../../server");

export const BULK_HEADER = ["工单编号", "受理时间", "来源渠道", "诉求类别", "标题", "诉求内容", "详细地址", "纬度", "经度", "来电人", "联系电话", "业务分类", "承办单位", "办结时间", "答复内容", "回访结果"];

/** The mapping of the generated file: a city hotline's own export layout. */
export const BULK_MAPPING = {
  name: "bench-hotline",
  format: "csv",
  source: "hotline",
  dateFormat: "YYYY/M/D HH:mm",
  timeZone: "Asia/Shanghai",
  fields: {
    externalId: "工单编号",
    receivedAt: "受理时间",
    channel: { column: "来源渠道", codes: { "12345热线": "phone", 门户网站: "web", 微信公众号: "wechat", 爱山东APP: "app", 政企通: "enterprise_line" }, default: "phone" },
    appealType: { column: "诉求类别", codes: { 投诉类: "complaint", 咨询类: "consult", 求助类: "help", 举报类: "report", 建议类: "suggestion", 表扬类: "praise" } },
    title: "标题",
    content: "诉求内容",
    address: "详细地址",
    lat: "纬度",
    lng: "经度",
    citizenName: "来电人",
    citizenPhone: "联系电话",
    category: "业务分类",
    department: "承办单位",
    closedAt: "办结时间",
    reply: "答复内容",
    satisfaction: { column: "回访结果", codes: { 满意: "satisfied", 基本满意: "basically_satisfied", 不满意: "dissatisfied" } },
  },
  raw: "all",
};

const CHANNELS: [Channel, string, number][] = [["phone", "12345热线", 62], ["wechat", "微信公众号", 15], ["app", "爱山东APP", 10], ["web", "门户网站", 8], ["enterprise_line", "政企通", 5]];
const APPEALS: [AppealType, string, number][] = [["complaint", "投诉类", 45], ["help", "求助类", 20], ["consult", "咨询类", 18], ["report", "举报类", 9], ["suggestion", "建议类", 6], ["praise", "表扬类", 2]];
const weighted = <T>(rnd: Random, items: readonly (readonly [...unknown[], number])[]): T => {
  const total = items.reduce((s, x) => s + (x[x.length - 1] as number), 0);
  let r = rnd.float() * total;
  for (const x of items) if ((r -= x[x.length - 1] as number) < 0) return x as unknown as T;
  return items[0] as unknown as T;
};
const pad = (n: number) => String(n).padStart(2, "0");

/**
 * Writes `rows` hotline records. Texts are drawn from a pool of `distinct` (title, content) pairs
 * built from the demo's matters, places and phrasings, received over 89 days starting a year ago
 * (last year's history, as a city imports it) — or, past a million rows, over as many more days as
 * keep a large city's 11,000 tickets a day, ending where the 89 days end: a real hotline export repeats its
 * categories and phrasings, and the pool size is what the suggestion cache sees. Callers are drawn
 * from a pool of rows/2 phone numbers, so history rules find repeated callers.
 */
export async function writeBulkCsv(file: string, rows: number, distinct: number, seed = 20251128, idPrefix = "GD"): Promise<void> {
  const rnd = new Random(seed);
  const geo = demoGeography();
  const byCode = new Map(geo.map((g) => [g.code, g]));
  const cells = geo.filter((g) => g.level === "grid_cell");
  const texts = new Map<string, CellText>();
  const cellTextOf = (code: string): CellText => {
    let t = texts.get(code);
    if (!t) {
      const g = byCode.get(code)!;
      const community = byCode.get(g.parentCode!)!;
      const street = byCode.get(community.parentCode!)!;
      t = cellText(rnd.fork(code), street.name, community.name, community.name.endsWith("村"));
      texts.set(code, t);
    }
    return t;
  };
  const departments = demoDepartments();
  const matters = buildMatters(rnd.fork("matters"), departments, geo.filter((g) => g.level === "street").map((g) => g.code), new Date());
  const pool: { title: string; content: string; channel: [Channel, string, number]; appeal: [AppealType, string, number]; category: string; cell: string; department: string }[] = [];
  for (let i = 0; i < distinct; i++) {
    const matter = rnd.pick(matters);
    const channel = weighted<[Channel, string, number]>(rnd, CHANNELS);
    const appeal = weighted<[AppealType, string, number]>(rnd, APPEALS);
    const cell = rnd.pick(cells).code;
    const facts = { channel: channel[0], appealType: appeal[0], matter, address: addressFor(rnd, cellTextOf(cell)), departmentName: rnd.pick(departments).name, storm: rnd.chance(0.05), company: channel[0] === "enterprise_line" ? companyName(rnd) : null };
    pool.push({ title: ticketTitle(facts), content: ticketContent(rnd, facts), channel, appeal, category: matter.name, cell, department: rnd.pick(departments).code });
  }
  const callers = Array.from({ length: Math.max(1, Math.floor(rows / 2)) }, () => citizen(rnd, "phone"));
  const out = createWriteStream(file, { encoding: "utf8", highWaterMark: 1 << 20 });
  out.write(`${csvLine(BULK_HEADER)}\n`);
  // Last year's history, as a city brings it when it moves in: 89 days from 365 days ago; a bigger
  // file reaches further back at the same daily rate (10,000,000 rows: about two and a half years).
  const days = Math.max(89, Math.round((rows / 1_000_000) * 89));
  const start = Date.now() - (365 + days - 89) * 86_400_000;
  let buf = "";
  for (let i = 0; i < rows; i++) {
    const p = pool[rnd.int(0, pool.length - 1)]!;
    const g = byCode.get(p.cell)!;
    const at = new Date(start + Math.floor((i / rows) * days * 86_400_000) + rnd.int(0, 3_600_000) + 8 * 3_600_000); // as Beijing wall time
    const located = rnd.chance(0.85);
    const lat = located ? (g.minLat + (g.maxLat - g.minLat) * (0.3 + 0.4 * rnd.float())).toFixed(6) : "";
    const lng = located ? (g.minLng + (g.maxLng - g.minLng) * (0.3 + 0.4 * rnd.float())).toFixed(6) : "";
    const who = rnd.chance(0.92) ? rnd.pick(callers) : { name: null, phone: null };
    const when = `${at.getUTCFullYear()}/${at.getUTCMonth() + 1}/${at.getUTCDate()} ${pad(at.getUTCHours())}:${pad(at.getUTCMinutes())}`;
    const address = addressFor(rnd, cellTextOf(p.cell));
    // History: most tickets were handled and closed within days, some rated; the latest are still open.
    const closed = at.getTime() + rnd.int(3_600_000, 7 * 86_400_000);
    const isClosed = rnd.chance(0.85) && closed < Date.now() + 8 * 3_600_000 - 3_600_000;
    const c = new Date(closed);
    const closedText = isClosed ? `${c.getUTCFullYear()}/${c.getUTCMonth() + 1}/${c.getUTCDate()} ${pad(c.getUTCHours())}:${pad(c.getUTCMinutes())}` : "";
    const rating = isClosed && rnd.chance(0.6) ? rnd.pick(["满意", "满意", "基本满意", "不满意"]) : "";
    buf += `${csvLine([`${idPrefix}${String(i + 1).padStart(9, "0")}`, when, p.channel[1], p.appeal[1], p.title, p.content, address, lat, lng, who.name ?? "", who.phone ?? "", p.category, p.department, closedText, isClosed ? "已按诉求处理并答复市民。" : "", rating])}\n`;
    if (buf.length > 1 << 16) {
      if (!out.write(buf)) await once(out, "drain");
      buf = "";
    }
  }
  out.write(buf);
  out.end();
  await once(out, "finish");
}

/** Runs `cityops import` in its own process, as a user would; returns its JSON summary. */
export async function runImportCli(file: string, mappingFile: string, databaseUrl: string, extra: string[] = [], nodeArgs: string[] = []): Promise<{ rows: number; imported: number; duplicates: number; rejected: number; ms: number; rowsPerSecond: number; peakRssMb: number }> {
  const child = spawn(process.execPath, [...nodeArgs, "--import", "tsx", "src/main.ts", "import", file, "--mapping", mappingFile, "--quiet", ...extra], {
    cwd: serverDir,
    env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: "silent" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let stdout = "";
  child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
  const [code] = (await once(child, "exit")) as [number | null];
  if (code !== 0) throw new Error(`cityops import exited with ${code}: ${stdout.slice(-2000)}`);
  return JSON.parse(stdout.trim().split("\n").at(-1)!) as Awaited<ReturnType<typeof runImportCli>>;
}

/**
 * Records per second through the import's own CSV reader and through csv-parse (the csv project's
 * streaming parser, with the line information and raw text the rejects file needs), on the same file.
 */
async function parsers(file: string): Promise<{ ours: number; csvParse: number }> {
  let t0 = performance.now();
  let n = 0;
  for await (const r of readCsv(createReadStream(file, { highWaterMark: 1 << 18 }), ",")) if (r.fields.length > 0) n++;
  const ours = n / ((performance.now() - t0) / 1000);
  t0 = performance.now();
  n = 0;
  for await (const r of createReadStream(file, { highWaterMark: 1 << 18 }).pipe(parse({ info: true, raw: true, relax_column_count: true, skip_records_with_error: true }))) {
    if ((r as { record: string[] }).record.length > 0) n++;
  }
  return { ours, csvParse: n / ((performance.now() - t0) / 1000) };
}

/** COPY of the same file into a plain table with the file's columns: the floor of any import. */
async function rawCopy(url: string, file: string): Promise<number> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await sql.unsafe(`drop table if exists bulk_raw; create table bulk_raw (${BULK_HEADER.map((c) => `"${c}" text`).join(", ")})`);
    const t0 = performance.now();
    const writable = await sql`copy bulk_raw from stdin with (format csv, header true)`.writable();
    await pipeline(createReadStream(file, { highWaterMark: 1 << 18 }), writable);
    const seconds = (performance.now() - t0) / 1000;
    const [{ n }] = (await sql`select count(*)::int as n from bulk_raw`) as unknown as [{ n: number }];
    await sql`drop table bulk_raw`;
    return n / seconds;
  } finally {
    await sql.end();
  }
}

/**
 * The storage floor: what the database alone spends to store the imported rows the way an import
 * stores a month it fills — the biggest imported month's rows (with their tags, times, reply and
 * source row) COPYed into a fresh unindexed month, their keys into a table like ticket_keys, their
 * hourly rollup counts added, and the month checked and attached with its indexes built. Measured
 * in one transaction that is rolled back. No import into this schema can beat it: it parses no
 * file and tags nothing. Returns rows per second and the part of the time each step took.
 */
async function storageFloor(url: string): Promise<{ rowsPerSecond: number; steps: Record<string, number> }> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  const dir = mkdtempSync(path.join(tmpdir(), "cityops-floor-"));
  try {
    const [m] = (await sql`select tableoid::regclass::text as part, count(*)::int as n, min(received_at) as at from tickets
      where external_id like 'GD%' group by 1 order by 2 desc limit 1`) as unknown as [{ part: string; n: number; at: Date }];
    const rows = path.join(dir, "month.copy");
    const keys = path.join(dir, "keys.copy");
    // Each export on a connection of its own, closed after it: a COPY TO stream of postgres.js now
    // and then kept its connection busy after the stream ended, and the next query waited forever.
    const save = async (query: string, file: string) => {
      const own = postgres(url, { max: 1, onnotice: () => {} });
      try {
        const out = createWriteStream(file);
        for await (const chunk of await own.unsafe(query).readable()) if (!out.write(chunk)) await once(out, "drain");
        out.end();
        await once(out, "finish");
      } finally {
        await own.end({ timeout: 1 });
      }
    };
    await save(`copy (select * from ${m.part}) to stdout`, rows);
    await save(`copy (select k.* from ticket_keys k join ${m.part} t on t.id = k.ticket_id) to stdout`, keys);
    const steps: Record<string, number> = {};
    const timed = async (step: string, run: () => Promise<unknown>) => {
      const t0 = performance.now();
      await run();
      steps[step] = performance.now() - t0;
    };
    await sql
      .begin(async (tx) => {
        await tx.unsafe(`alter table tickets detach partition ${m.part}`);
        await tx.unsafe(`alter table ${m.part} rename to floor_old`);
        await tx.unsafe(`create table floor_keys (like ticket_keys including all)`);
        await tx.unsafe(`set local jit = off`);
        const [load] = (await tx`select cityops_ticket_month_load(${m.at}) as part`) as unknown as [{ part: string }];
        await timed("copy", async () => pipeline(createReadStream(rows, { highWaterMark: 1 << 18 }), await tx.unsafe(`copy ${load.part} from stdin`).writable()));
        await timed("keys", async () => pipeline(createReadStream(keys, { highWaterMark: 1 << 18 }), await tx.unsafe(`copy floor_keys from stdin`).writable()));
        await timed("rollup", () =>
          tx.unsafe(`insert into ticket_rollup_hourly (hour, grid_cell_id, community_id, street_id, domain, source, received)
            select date_trunc('hour', received_at), coalesce(grid_cell_id, 0), coalesce(community_id, 0), coalesce(street_id, 0), coalesce(domain::text, 'UNKNOWN'), source, count(*)::int
            from ${load.part} group by 1, 2, 3, 4, 5, 6 order by 1, 2, 5, 6
            on conflict (hour, grid_cell_id, domain, source) do update set received = ticket_rollup_hourly.received + excluded.received`),
        );
        await timed("attach", () => tx`select cityops_ticket_month_attach(${load.part})`);
        throw new Rollback();
      })
      .catch((err: unknown) => {
        if (!(err instanceof Rollback)) throw err;
      });
    const ms = Object.values(steps).reduce((a, b) => a + b, 0);
    return { rowsPerSecond: m.n / (ms / 1000), steps: Object.fromEntries(Object.entries(steps).map(([k, v]) => [k, round(v / ms, 2)])) };
  } finally {
    await sql.end();
    rmSync(dir, { recursive: true, force: true });
  }
}

class Rollback extends Error {}

export async function benchBulk(quick: boolean): Promise<Measurement> {
  // CITYOPS_BENCH_BULK_ROWS sets the size of a full run (the 10,000,000-row run is this one).
  const rows = quick ? 20_000 : Number(process.env.CITYOPS_BENCH_BULK_ROWS ?? 1_000_000);
  if (!Number.isInteger(rows) || rows < 1000) throw new Error(`CITYOPS_BENCH_BULK_ROWS must be a whole number of at least 1,000, not ${process.env.CITYOPS_BENCH_BULK_ROWS}`);
  // A hotline's phrasings repeat; about one distinct text in 50 rows is what the suggestion cache
  // meets. CITYOPS_BENCH_BULK_TEXTS sets another count: as many as rows is free text, every row its own.
  const usual = Math.max(1000, Math.round(rows / 50));
  const distinct = Number(process.env.CITYOPS_BENCH_BULK_TEXTS ?? usual);
  if (!Number.isInteger(distinct) || distinct < 1 || distinct > rows) throw new Error(`CITYOPS_BENCH_BULK_TEXTS must be a whole number from 1 to the rows, not ${process.env.CITYOPS_BENCH_BULK_TEXTS}`);
  const dir = mkdtempSync(path.join(tmpdir(), "cityops-bulk-"));
  const file = path.join(dir, "hotline.csv");
  const mappingFile = path.join(dir, "mapping.json");
  writeFileSync(mappingFile, JSON.stringify(BULK_MAPPING));
  const db = await freshDatabase("postgres");
  try {
    await seedDemo(db.database, SMALL_SEED);
    const g0 = Date.now();
    await writeBulkCsv(file, rows, distinct);
    console.error(`bulk: generated ${rows} rows (${Math.round(statSync(file).size / 2 ** 20)} MB, ${distinct} distinct texts) in ${Date.now() - g0} ms`);
    const parse = await parsers(file);
    console.error(`bulk: CSV reader ${Math.round(parse.ours)} records/s, csv-parse ${Math.round(parse.csvParse)} records/s`);
    const copyRowsPerSecond = await rawCopy(db.url!, file);
    console.error(`bulk: raw COPY ${Math.round(copyRowsPerSecond)} rows/s; reading and mapping alone (dry run)…`);
    const dry = await runImportCli(file, mappingFile, db.url!, ["--dry-run"]);
    console.error(`bulk: dry run ${dry.rowsPerSecond} rows/s; importing…`);
    // A capped heap proves the import streams: were memory to grow with the file, 1M rows would
    // die of it. Uncapped, V8 lets the heap grow to several hundred MB before collecting.
    const heap = ["--max-old-space-size=384"];
    const ours = await runImportCli(file, mappingFile, db.url!, ["--chunk", "10000"], heap);
    console.error(`bulk: imported ${ours.imported} rows at ${ours.rowsPerSecond} rows/s, ${ours.peakRssMb} MB at most`);
    // Past a million rows the replay is left out: it would double a run of tens of minutes.
    const again = rows <= 1_000_000 ? await runImportCli(file, mappingFile, db.url!, ["--chunk", "10000"], heap) : null;
    const [counts] = await db.database.rows<{ tickets: number; events: number; created: number; closed: number; tags: number; rollup: number }>(
      sql`select (select count(*)::int from tickets where external_id like 'GD%') as tickets,
        (select count(*)::int from ticket_events where type = 'imported') as events,
        (select count(*)::int from ticket_events e join tickets t on t.id = e.ticket_id where t.external_id like 'GD%' and e.type = 'created') as created,
        (select count(*)::int from tickets where external_id like 'GD%' and status = 'closed') as closed,
        (select sum(cardinality(tag_ids))::int from tickets where external_id like 'GD%') as tags,
        (select sum(received)::int from ticket_rollup_hourly) - (select count(*)::int from tickets where external_id not like 'GD%') as rollup`,
    );
    const floor = await storageFloor(db.url!);
    console.error(`bulk: storage floor ${Math.round(floor.rowsPerSecond)} rows/s (${JSON.stringify(floor.steps)})`);
    const ratio = ours.rowsPerSecond / copyRowsPerSecond;
    return {
      name: `bulk (cityops import, ${rows.toLocaleString("en-US")} rows${distinct === usual ? "" : `, ${distinct.toLocaleString("en-US")} distinct texts`}, fresh PostgreSQL)`,
      figures: {
        rowsPerSecond: ours.rowsPerSecond,
        copyRatio: round(ratio, 2),
        importPeakRssMb: ours.peakRssMb,
        importHeapCapMb: 384,
        imported: ours.imported,
        rejected: ours.rejected,
        ...(again ? { secondRunDuplicates: again.duplicates, secondRunRowsPerSecond: again.rowsPerSecond } : {}),
        tagsPerTicket: round((counts?.tags ?? 0) / Math.max(1, counts?.tickets ?? 0), 2),
        // History: at most one imported event per 10,000-row chunk (one per month filled outside
        // tickets, announced when attached), and no created event per ticket.
        eventsOk: (counts?.events ?? 0) >= 1 && (counts?.events ?? 0) <= Math.ceil(ours.imported / 10_000) && counts?.created === 0 ? "yes" : "no",
        closedShare: round((counts?.closed ?? 0) / Math.max(1, counts?.tickets ?? 0), 2),
        rollupOk: counts?.rollup === counts?.tickets ? "yes" : "no",
        distinctTexts: distinct,
        csvReaderRowsPerSecond: round(parse.ours, 0),
        // Reading, mapping and checking the file without tagging or writing (cityops import --dry-run).
        dryRunRowsPerSecond: dry.rowsPerSecond,
      },
      baseline: {
        copyRowsPerSecond: round(copyRowsPerSecond, 0),
        csvParseRowsPerSecond: round(parse.csvParse, 0),
        // What the database alone spends to store the imported rows as an import stores a month.
        floorRowsPerSecond: round(floor.rowsPerSecond, 0),
        floorShares: Object.entries(floor.steps).map(([k, v]) => `${k} ${v}`).join(", "),
      },
      goal: "≥ 50,000 rows/s",
      met: ours.rowsPerSecond >= 50_000,
    };
  } finally {
    await db.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
}
