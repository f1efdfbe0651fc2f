// `cityops import <file> --mapping <name-or-file>`: see ingest/import.ts for the pipeline and
// docs/INGEST.md for mappings. Writes straight into the database when it can; when a running hub
// holds the embedded data folder (or --url is given), sends the rows through that hub instead.

import { existsSync } from "node:fs";
import path from "node:path";
import { Command, InvalidArgumentError, Option } from "commander";
import { SOURCES, type Source } from "@cityops/schema";
import { callerDir, type Config } from "../config.js";
import { openDatabase, type Database } from "../db/client.js";
import { applyMigrations } from "../db/migrate.js";
import { DataDirLockedError } from "../db/lock.js";
import { GridLocator } from "../domain/geo.js";
import type { EventBus } from "../realtime/bus.js";
import { createBus } from "../hub.js";
import { DispatchService } from "../services/dispatch.service.js";
import { ReferenceData } from "../store/reference.store.js";
import { BulkIntake } from "../ingest/bulk.js";
import { DirectSink, runImport, type ImportProgress, type ImportSink, type ImportSummary } from "../ingest/import.js";
import { compileMapping, loadMapping } from "../ingest/mapping.js";
import { BUILTIN_MAPPINGS } from "../ingest/mappings/nyc311.js";
import { hubToken, hubUrl, RemoteSink } from "../ingest/remote.js";

interface ImportFlags {
  mapping: string;
  dryRun?: boolean;
  rejects?: string;
  source?: Source;
  format?: "csv" | "ndjson";
  url?: string;
  token?: string;
  chunk: number;
  suggest: boolean;
  quiet?: boolean;
}

const n = (v: number) => v.toLocaleString("en-US");

function seconds(ms: number): string {
  const s = Math.round(ms / 1000);
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s` : `${s}s`;
}

/** A progress line on stderr: redrawn in place on a terminal, every few seconds into a log. */
function progressPrinter(quiet: boolean): (p: ImportProgress) => void {
  const tty = process.stderr.isTTY === true;
  let last = 0;
  let finished = false;
  let firstWrite = false;
  return (p) => {
    if (quiet || finished) return;
    const now = Date.now();
    const done = p.done === true;
    // Into a log: every few seconds, and once as soon as the first chunk is committed.
    const wrote = !firstWrite && p.imported + p.duplicates > 0;
    firstWrite ||= wrote;
    if (!done && !wrote && now - last < (tty ? 200 : 5000)) return;
    last = now;
    finished = done;
    const rate = p.rows / Math.max(0.001, p.elapsedMs / 1000);
    const share = p.totalBytes > 0 ? p.bytes / p.totalBytes : 1;
    const eta = share > 0 && !done ? (p.elapsedMs / share) * (1 - share) : 0;
    const width = 24;
    const bar = "█".repeat(Math.round(share * width)).padEnd(width, "░");
    const line =
      `${bar} ${(share * 100).toFixed(0).padStart(3)}%  ${n(p.rows)} rows · ${n(p.imported)} imported · ${n(p.duplicates)} duplicates · ` +
      `${n(p.rejected)} rejected · ${n(Math.round(rate))} rows/s · ${done ? `done in ${seconds(p.elapsedMs)}` : `ETA ${seconds(eta)}`}`;
    process.stderr.write(tty ? `\r${line}\x1b[K${done ? "\n" : ""}` : `${line}\n`);
  };
}

function intArg(v: string): number {
  const x = Number(v);
  if (!Number.isInteger(x) || x < 1 || x > 50_000) throw new InvalidArgumentError("an integer between 1 and 50000");
  return x;
}

async function directSink(cfg: Config, database: Database, file: string, suggest: boolean): Promise<{ sink: ImportSink; close: () => Promise<void> }> {
  await applyMigrations(database, cfg.databaseUrl);
  const db = database.db;
  const ref = await new ReferenceData(db).load();
  let locator: GridLocator | null = null;
  // The hub's own bus choice: hubs on the same database (NOTIFY) or bus (Redis) hear about the new tickets.
  const bus: EventBus = createBus(cfg, database, (err) => process.stderr.write(`event bus: ${(err as Error).message}\n`));
  const bulk = new BulkIntake(db, ref, () => (locator ??= new GridLocator(ref.regionsAt("grid_cell"))), new DispatchService(db), bus, { suggest, history: { file: path.basename(file) }, loadNewMonths: true, concurrent: database.mode === "postgres" });
  const actor = { id: `import:${path.basename(file)}`, role: "admin" as const, departmentId: null };
  // On PostgreSQL the next chunk is prepared while one is written; the embedded database has one connection.
  return { sink: new DirectSink(bulk, actor, database.mode === "postgres"), close: () => bus.close() };
}

function printSummary(s: ImportSummary, where: string): void {
  const lines = [
    `${s.dryRun ? "dry run (nothing written)" : `imported into ${where}`}: ${s.file}`,
    `  rows       ${n(s.rows)}`,
    s.dryRun ? `  valid      ${n(s.valid)}` : `  imported   ${n(s.imported)}`,
    ...(s.dryRun ? [] : [`  duplicates ${n(s.duplicates)} (already there: nothing changed)`]),
    `  rejected   ${n(s.rejected)}${s.rejectsFile ? ` → ${s.rejectsFile}` : s.rejected > 0 ? " (pass --rejects <file> to keep them)" : ""}`,
    `  time       ${(s.elapsedMs / 1000).toFixed(1)} s, ${n(s.rowsPerSecond)} rows/s`,
    `  memory     ${peakRssMb()} MB at most`,
  ];
  process.stderr.write(`${lines.join("\n")}\n`);
  // The machine-readable summary is the last line on stdout.
  console.log(JSON.stringify({ file: s.file, rows: s.rows, imported: s.imported, duplicates: s.duplicates, rejected: s.rejected, valid: s.valid, dryRun: s.dryRun, ms: s.elapsedMs, rowsPerSecond: s.rowsPerSecond, peakRssMb: peakRssMb() }));
}

/** The process's peak resident memory: the import streams, so this stays flat whatever the file's size. */
function peakRssMb(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

export function registerImportCommand(program: Command, config: () => Config): void {
  program
    .command("import <file>")
    .description("import a CSV or NDJSON file through a column mapping (built-in: nyc311); see docs/INGEST.md")
    .requiredOption("--mapping <name-or-file>", `a built-in mapping (${Object.keys(BUILTIN_MAPPINGS).join(", ")}) or a mapping JSON file`)
    .option("--dry-run", "read, map and check every row; write nothing")
    .option("--rejects <file>", "write rejected rows here with their line and reason (CSV in, CSV out; NDJSON in, NDJSON out)")
    .addOption(new Option("--source <source>", "source of every row, overriding the mapping").choices([...SOURCES]))
    .addOption(new Option("--format <format>", "file format (default: the mapping's, else by extension)").choices(["csv", "ndjson"]))
    .option("--url <hub>", "send the rows through this running hub instead of the database")
    .option("--token <token>", "token for --url (operator or admin); default: signed with the data folder's demo secret")
    .option("--chunk <rows>", "rows per transaction", intArg, 10_000)
    .option("--no-suggest", "do not compute dispatch suggestions (faster for historical loads)")
    .option("--quiet", "no progress bar")
    .action(async (fileArg: string, flags: ImportFlags) => {
      const cfg = config();
      const file = path.resolve(callerDir(), fileArg);
      if (!existsSync(file)) throw new Error(`no such file: ${file}`);
      const spec = loadMapping(flags.mapping, BUILTIN_MAPPINGS);
      const mapping = compileMapping(spec, flags.source ? { source: flags.source } : {});
      const ext = path.extname(file).toLowerCase();
      const format = flags.format ?? spec.format ?? (ext === ".ndjson" || ext === ".jsonl" ? "ndjson" : "csv");
      const delimiter = spec.delimiter ?? (ext === ".tsv" ? "\t" : ",");
      const rejectsFile = flags.rejects ? path.resolve(callerDir(), flags.rejects) : undefined;
      const onProgress = progressPrinter(flags.quiet === true);
      const run = (sink: ImportSink | null) => runImport({ file, format, delimiter, mapping, sink, rejectsFile, chunkSize: flags.chunk, onProgress });

      if (flags.dryRun) return printSummary(await run(null), "nowhere");
      const remote = async (url: string) => {
        const sink = new RemoteSink(url, await hubToken(cfg, "operator", { token: flags.token }), path.basename(file));
        printSummary(await run(sink), sink.name);
      };
      if (flags.url) return remote(hubUrl(cfg, flags.url));
      let database: Database;
      try {
        database = await openDatabase({ databaseUrl: cfg.databaseUrl, dataDir: cfg.dataDir, max: 3 });
      } catch (err) {
        if (!(err instanceof DataDirLockedError)) throw err;
        const url = hubUrl(cfg);
        process.stderr.write(`The data folder is held by a running hub (pid ${err.pid}); sending the rows through ${url}/ingest/ndjson\n`);
        return remote(url);
      }
      try {
        const { sink, close } = await directSink(cfg, database, file, flags.suggest);
        try {
          printSummary(await run(sink), database.location);
        } finally {
          await close();
        }
      } finally {
        await database.close();
      }
    });
}
