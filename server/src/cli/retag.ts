// `cityops retag --from <date> --to <date>`: re-applies the current tagging rule set to the tickets
// received in the range (store/retag.store.ts), with a progress bar. Works on the database directly;
// when a running hub holds the embedded data folder (or --url is given) it asks that hub instead, one
// day per retagTickets call, so the bar still moves.

import { Command, InvalidArgumentError, Option } from "commander";
import { DISTRICT_UTC_OFFSET_ISO } from "@cityops/schema/vocabulary";
import type { Config } from "../config.js";
import { openDatabase, type Database } from "../db/client.js";
import { applyMigrations } from "../db/migrate.js";
import { DataDirLockedError } from "../db/lock.js";
import { ReferenceData } from "../store/reference.store.js";
import { RetagStore, type RetagProgress } from "../store/retag.store.js";
import { hubToken, hubUrl } from "../ingest/remote.js";

interface RetagFlags {
  from: Date;
  to: Date;
  chunk: number;
  url?: string;
  token?: string;
  quiet?: boolean;
}

const DAY = 86_400_000;
const n = (v: number) => v.toLocaleString("en-US");

/**
 * A day (YYYY-MM-DD, a Beijing calendar day: the district's) or an ISO date-time. `end` turns a day
 * into the midnight after it, so `--to 2025-06-30` includes the 30th.
 */
export function parseWhen(v: string, end: boolean): Date {
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  const d = day ? new Date(Date.parse(`${v}T00:00:00${DISTRICT_UTC_OFFSET_ISO}`) + (end ? DAY : 0)) : new Date(v);
  if (Number.isNaN(d.getTime())) throw new InvalidArgumentError(`a date (2025-06-01) or an ISO date-time (2025-06-01T08:00:00${DISTRICT_UTC_OFFSET_ISO})`);
  return d;
}

function chunkArg(v: string): number {
  const x = Number(v);
  if (!Number.isInteger(x) || x < 1 || x > 20_000) throw new InvalidArgumentError("an integer between 1 and 20000");
  return x;
}

function progressPrinter(quiet: boolean): (p: RetagProgress, done?: boolean) => void {
  const tty = process.stderr.isTTY === true;
  let last = 0;
  return (p, done = false) => {
    if (quiet) return;
    const now = Date.now();
    if (!done && now - last < (tty ? 200 : 5000)) return;
    last = now;
    const share = p.total > 0 ? Math.min(1, p.done / p.total) : 1;
    const rate = p.done / Math.max(0.001, p.elapsedMs / 1000);
    const eta = share > 0 && !done ? (p.elapsedMs / share) * (1 - share) : 0;
    const bar = "█".repeat(Math.round(share * 24)).padEnd(24, "░");
    const line =
      `${bar} ${(share * 100).toFixed(0).padStart(3)}%  ${n(p.done)}/${n(p.total)} tickets · ${n(p.changed)} changed · ` +
      `+${n(p.added)} −${n(p.removed)} ~${n(p.updated)} tags · ${n(Math.round(rate))} tickets/s · ${done ? `done in ${(p.elapsedMs / 1000).toFixed(1)}s` : `ETA ${Math.round(eta / 1000)}s`}`;
    process.stderr.write(tty ? `\r${line}\x1b[K${done ? "\n" : ""}` : `${line}\n`);
  };
}

const RETAG = `mutation($from: DateTimeISO!, $to: DateTimeISO!) { retagTickets(from: $from, to: $to) { ruleSetVersion tickets changed added removed updated } }`;

async function viaHub(url: string, token: string, flags: RetagFlags, print: ReturnType<typeof progressPrinter>) {
  const started = Date.now();
  const slices = Math.max(1, Math.ceil((flags.to.getTime() - flags.from.getTime()) / DAY));
  const p: RetagProgress = { total: slices, done: 0, changed: 0, added: 0, removed: 0, updated: 0, elapsedMs: 0 };
  let version = "";
  let tickets = 0;
  for (let at = flags.from.getTime(); at < flags.to.getTime(); at += DAY) {
    const res = await fetch(`${url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: RETAG, variables: { from: new Date(at).toISOString(), to: new Date(Math.min(at + DAY, flags.to.getTime())).toISOString() } }),
    });
    const body = (await res.json()) as { data?: { retagTickets: { ruleSetVersion: string; tickets: number; changed: number; added: number; removed: number; updated: number } }; errors?: { message: string }[] };
    if (!body.data) throw new Error(`the hub refused: ${body.errors?.map((e) => e.message).join("; ") ?? res.status}`);
    const r = body.data.retagTickets;
    version = r.ruleSetVersion;
    tickets += r.tickets;
    p.done++;
    p.changed += r.changed;
    p.added += r.added;
    p.removed += r.removed;
    p.updated += r.updated;
    p.elapsedMs = Date.now() - started;
    print({ ...p }, false);
  }
  print({ ...p }, true);
  return { ...p, total: tickets, done: tickets, ruleSetVersion: version };
}

export function registerRetagCommand(program: Command, config: () => Config): void {
  program
    .command("retag")
    .description("re-apply the current tagging rule set to tickets received in a range; tags set by people stay (docs/INGEST.md)")
    .addOption(new Option("--from <date>", "first day (YYYY-MM-DD, Beijing) or ISO date-time, inclusive").argParser((v) => parseWhen(v, false)).makeOptionMandatory())
    .addOption(new Option("--to <date>", "last day (YYYY-MM-DD, inclusive) or ISO date-time (exclusive)").argParser((v) => parseWhen(v, true)).makeOptionMandatory())
    .option("--chunk <tickets>", "tickets per transaction", chunkArg, 1000)
    .option("--url <hub>", "ask this running hub instead of opening the database")
    .option("--token <token>", "admin token for --url; default: signed with the data folder's demo secret")
    .option("--quiet", "no progress bar")
    .action(async (flags: RetagFlags) => {
      if (flags.to.getTime() <= flags.from.getTime()) throw new Error("--to must be after --from");
      const cfg = config();
      const print = progressPrinter(flags.quiet === true);
      const report = (r: RetagProgress & { ruleSetVersion: string }, where: string) => {
        process.stderr.write(
          `re-tagged ${n(r.total)} tickets in ${where} with rule set ${r.ruleSetVersion}: ${n(r.changed)} changed (+${n(r.added)} −${n(r.removed)} ~${n(r.updated)} tags)\n`,
        );
        // The machine-readable summary is the last line on stdout.
        console.log(JSON.stringify({ ruleSetVersion: r.ruleSetVersion, tickets: r.total, changed: r.changed, added: r.added, removed: r.removed, updated: r.updated, ms: r.elapsedMs }));
      };
      const remote = async (url: string) => report(await viaHub(url, await hubToken(cfg, "admin", { token: flags.token }), flags, print), url);
      if (flags.url) return remote(hubUrl(cfg, flags.url));
      let database: Database;
      try {
        database = await openDatabase({ databaseUrl: cfg.databaseUrl, dataDir: cfg.dataDir, max: 2 });
      } catch (err) {
        if (!(err instanceof DataDirLockedError)) throw err;
        const url = hubUrl(cfg);
        process.stderr.write(`The data folder is held by a running hub (pid ${err.pid}); re-tagging through ${url}/graphql\n`);
        return remote(url);
      }
      try {
        await applyMigrations(database, cfg.databaseUrl);
        const store = new RetagStore(database.db, await new ReferenceData(database.db).load());
        const r = await store.retag(flags.from, flags.to, { chunkSize: flags.chunk, onProgress: (p) => print(p) });
        print(r, true);
        report(r, database.location);
      } finally {
        await database.close();
      }
    });
}
