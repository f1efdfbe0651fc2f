// `cityops load <regions|departments|matters|knowledge> <file>`: see load/loader.ts and
// docs/MOVING-IN.md. Writes straight into the database when it can; when a running hub holds the
// embedded data folder (or --url is given), sends the file to that hub's /admin/load instead.

import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Command } from "commander";
import { callerDir, type Config } from "../config.js";
import { openDatabase, type Database } from "../db/client.js";
import { applyMigrations } from "../db/migrate.js";
import { DataDirLockedError } from "../db/lock.js";
import { createBus } from "../hub.js";
import { csvLine } from "../ingest/csv.js";
import { hubToken, hubUrl } from "../ingest/remote.js";
import { runLoad, type LoadSummary } from "../load/loader.js";
import { readMapping, type SheetRow } from "../load/sheet.js";
import { CityLoadStore, LOAD_KINDS, type LoadKind } from "../store/city-load.store.js";

interface LoadFlags {
  mapping?: string;
  dryRun?: boolean;
  rejects?: string;
  url?: string;
  token?: string;
}

type Result = LoadSummary & { rejected: SheetRow[] };

function print(s: Result, where: string, rejectsFile: string | undefined): void {
  const lines = [
    `${s.kind} from ${s.file} into ${where}: ${s.message}`,
    `  rows ${s.rows} · added ${s.added} · changed ${s.changed} · retired ${s.retired} · unchanged ${s.unchanged}`,
    ...(s.repairs.length ? [`  repaired (${s.repairs.length}):`, ...s.repairs.slice(0, 20).map((r) => `    feature ${r.line}${r.code ? ` (${r.code})` : ""}: ${r.reason}`)] : []),
    ...(s.problems.length
      ? [`  problems (${s.problems.length}):`, ...s.problems.slice(0, 50).map((p) => `    ${s.kind === "regions" ? "feature" : "line"} ${p.line}${p.code ? ` (${p.code})` : ""}: ${p.reason}`)]
      : []),
    ...(s.problems.length > 50 ? [`    … ${s.problems.length - 50} more${rejectsFile ? "" : " (pass --rejects <file> to keep them all)"}`] : []),
  ];
  process.stderr.write(`${lines.join("\n")}\n`);
  if (rejectsFile && s.problems.length) {
    const reasons = new Map(s.problems.map((p) => [p.line, p.reason]));
    const header = [...new Set(s.rejected.flatMap((r) => Object.keys(r.raw)))];
    const body = s.rejected.map((r) => csvLine([String(r.line), reasons.get(r.line) ?? "", ...header.map((h) => String(r.raw[h] ?? ""))]));
    writeFileSync(rejectsFile, `${csvLine([s.kind === "regions" ? "feature" : "line", "reason", ...header])}\n${body.join("\n")}\n`);
    process.stderr.write(`  rejected rows → ${rejectsFile}\n`);
  }
  // The machine-readable summary is the last line on stdout.
  const { rejected: _rejected, ...summary } = s;
  console.log(JSON.stringify(summary));
}

async function viaHub(url: string, token: string, kind: LoadKind, file: string, flags: LoadFlags): Promise<Result> {
  const q = new URLSearchParams({ file: path.basename(file), ...(flags.dryRun ? { dryRun: "1" } : {}) });
  const res = await fetch(`${url}/admin/load/${kind}?${q}`, {
    method: "POST",
    headers: {
      authorization: `Bearer ${token}`,
      "content-type": "application/octet-stream",
      ...(flags.mapping ? { "x-cityops-mapping": Buffer.from(readFileSync(flags.mapping)).toString("base64") } : {}),
    },
    body: readFileSync(file),
  });
  const body = (await res.json()) as Result | { error: string };
  if ("error" in body) throw new Error(`${url}/admin/load/${kind}: ${body.error}`);
  return body;
}

export function registerLoadCommand(program: Command, config: () => Config): void {
  program
    .command("load <kind> <file>")
    .description("load a city's regions (GeoJSON), departments, matters or knowledge (XLSX or CSV); see docs/MOVING-IN.md")
    .option("--mapping <file>", "a JSON file naming the columns (or GeoJSON properties) of the file")
    .option("--dry-run", "read and check everything, say what would change, write nothing")
    .option("--rejects <file>", "write the rows refused, with their line and reason, to this CSV file")
    .option("--url <hub>", "send the file to this running hub instead of the database")
    .option("--token <token>", "admin token for --url; default: signed with the data folder's demo secret")
    .action(async (kindArg: string, fileArg: string, flags: LoadFlags) => {
      const kind = kindArg as LoadKind;
      if (!LOAD_KINDS.includes(kind)) throw new Error(`kind must be one of ${LOAD_KINDS.join(", ")}, not "${kindArg}"`);
      const cfg = config();
      const file = path.resolve(callerDir(), fileArg);
      if (!existsSync(file)) throw new Error(`no such file: ${file}`);
      const mappingFile = flags.mapping ? path.resolve(callerDir(), flags.mapping) : undefined;
      const rejectsFile = flags.rejects ? path.resolve(callerDir(), flags.rejects) : undefined;
      const mapping = readMapping(mappingFile);
      const remote = async (url: string) => {
        const result = await viaHub(url, await hubToken(cfg, "admin", { token: flags.token }), kind, file, { ...flags, ...(mappingFile ? { mapping: mappingFile } : {}) });
        print(result, url, rejectsFile);
        if (result.problems.length) process.exitCode = 1;
      };
      if (flags.url) return remote(hubUrl(cfg, flags.url));
      let database: Database;
      try {
        database = await openDatabase({ databaseUrl: cfg.databaseUrl, dataDir: cfg.dataDir, max: 2 });
      } catch (err) {
        if (!(err instanceof DataDirLockedError)) throw err;
        const url = hubUrl(cfg);
        process.stderr.write(`The data folder is held by a running hub (pid ${err.pid}); sending the file to ${url}/admin/load/${kind}\n`);
        return remote(url);
      }
      const bus = createBus(cfg, database, (err) => process.stderr.write(`event bus: ${(err as Error).message}\n`));
      try {
        await applyMigrations(database, cfg.databaseUrl);
        const result = await runLoad({ kind, file, mapping, dryRun: flags.dryRun === true, actor: `cli:${process.env.USER ?? "admin"}` }, new CityLoadStore(database.db), bus);
        print(result, database.location, rejectsFile);
        if (result.problems.length) process.exitCode = 1;
      } finally {
        await bus.close();
        await database.close();
      }
    });
}
