import { readdirSync, readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { startTestHub, type TestHub } from "../helpers/hub.js";
import { collect, wsClient } from "../helpers/ws.js";
import { until } from "../helpers/wait.js";
import { modes } from "../helpers/db.js";
import { FULL_RUN } from "../../server/src/services/warning-runner.js";
import { ThreadRunner, WARNING_THREAD_APP, WARNING_THREAD_NICE } from "../../server/src/services/warning-thread.js";

// On PostgreSQL the warning detectors run on a worker thread with their own connections, so a
// storm's surge run neither holds the hub's event loop nor adds to its garbage.
describe.skipIf(!modes().includes("postgres"))("warning thread", () => {
  let t: TestHub;
  let operator: string;
  let leader: string;

  beforeAll(async () => {
    t = await startTestHub("postgres", { env: { CITYOPS_WARNING_THREAD: "on" } });
    [operator, leader] = await Promise.all([t.token("operator"), t.token("leader")]);
  });
  afterAll(async () => t?.close());

  const runner = () => t.hub.services.warningEngine.runner as ThreadRunner;
  const metric = async (name: string) => Number(new RegExp(`^${name} (\\S+)$`, "m").exec(await (await fetch(`${t.url}/metrics`)).text())![1]);
  const threadConnections = async () =>
    Number(
      (await t.db.database.rows<{ n: number }>(sql`select count(*)::int as n from pg_stat_activity where application_name = ${WARNING_THREAD_APP} and datname = current_database()`))[0]!.n,
    );
  const report = async (content: string, phone: string) => {
    const r = await t.gql<{ createTicket: { id: string } }>(
      `mutation($e: String!, $c: String!, $p: String) { createTicket(input: { source: HOTLINE, externalId: $e, channel: PHONE, appealType: HELP, content: $c, citizenPhone: $p }) { id } }`,
      { e: `thread-${Math.random()}`, c: content, p: phone },
      operator,
    );
    expect(r.errors).toBeUndefined();
    return r.data!.createTicket.id;
  };

  it("runs the detectors on their own thread and connections, and the hub's subscribers get what it raises", async () => {
    expect(t.hub.services.warningEngine.runner).toBeInstanceOf(ThreadRunner);
    // The thread starts with the first run, not with the hub.
    expect(await metric("cityops_warning_thread_up")).toBe(0);
    const client = wsClient(t.url, leader);
    const pushed = collect<{ warnings: { id: string; kind: string; count: number } }>(client, `subscription { warnings(minSeverity: MEDIUM) { id kind count } }`);
    await new Promise((r) => setTimeout(r, 300));
    for (let i = 0; i < 4; i++) await report("小区楼道里的声控灯坏了好几天了一直没人修", "13787654321");
    await pushed.until(() => pushed.items.some((i) => i.warnings.kind === "REPEAT" && i.warnings.count === 4));
    expect(await metric("cityops_warning_thread_up")).toBe(1);
    expect(await metric("cityops_warning_runs")).toBeGreaterThanOrEqual(1);
    expect(await threadConnections()).toBeGreaterThanOrEqual(1);
    pushed.stop();
    await client.dispose();
  });

  // The hub runs in this test's process, so its threads are this process's tasks.
  it.runIf(process.platform === "linux")("gives the thread a lower scheduling priority than the thread that delivers", async () => {
    await t.hub.services.warningEngine.run({ deadlines: true });
    const nice = (task: string) => {
      const stat = readFileSync(`/proc/self/task/${task}/stat`, "utf8");
      return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[16]);
    };
    const tasks = readdirSync("/proc/self/task");
    expect(nice(String(process.pid))).toBe(0);
    expect(tasks.filter((task) => nice(task) === WARNING_THREAD_NICE)).toHaveLength(1);
  });

  it("fails the run a dying thread took with it, then starts another thread for the next run", async () => {
    const engine = t.hub.services.warningEngine;
    await engine.run(FULL_RUN);
    const failuresBefore = engine.failures;
    const dying = runner().thread!;
    const inFlight = engine.run(FULL_RUN);
    await dying.terminate();
    await expect(inFlight).rejects.toThrow(/warning thread exited/);
    expect(engine.failures).toBe(failuresBefore + 1);
    expect(await metric("cityops_warning_thread_up")).toBe(0);
    // A fifth report grows the caller's warning: the new thread found it.
    await report("小区楼道里的声控灯坏了好几天了一直没人修", "13787654321");
    const changes = await engine.run(FULL_RUN);
    expect(runner().thread).not.toBe(dying);
    expect(await metric("cityops_warning_thread_up")).toBe(1);
    expect(changes.some((c) => c.warning.kind === "repeat" && c.warning.count === 5)).toBe(true);
  });

  it("closes the thread's connections when the hub closes", async () => {
    await until("the thread's connections", async () => (await threadConnections()) > 0);
    const admin = t.db.database;
    const database = (await admin.rows<{ d: string }>(sql`select current_database() as d`))[0]!.d;
    await t.hub.close();
    // Ask from the hub's own database handle, which the test keeps open until it disposes of it.
    await until("no connection of the thread", async () => {
      const [row] = await admin.rows<{ n: number }>(sql`select count(*)::int as n from pg_stat_activity where application_name = ${WARNING_THREAD_APP} and datname = ${database}`);
      return Number(row!.n) === 0;
    });
    expect(runner().thread).toBeNull();
  });

  it("refuses to start on the embedded database when told to use a thread", async () => {
    await expect(startTestHub("pglite", { seed: false, env: { CITYOPS_WARNING_THREAD: "on" } })).rejects.toThrow(/CITYOPS_WARNING_THREAD=on needs DATABASE_URL/);
  });
});
