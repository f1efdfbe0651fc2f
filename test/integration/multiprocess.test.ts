import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestHub, type TestHub } from "../helpers/hub.js";
import { collect, wsClient } from "../helpers/ws.js";

const serverDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../server");

/** Two server processes on one PostgreSQL: the bus (NOTIFY, or Redis) wakes the other process. */
describe.each(["postgres", "redis"] as const)("several server processes on one PostgreSQL, %s bus", (bus) => {
  let a: TestHub;
  let b: ChildProcess;
  let bUrl: string;
  beforeAll(async () => {
    a = await startTestHub("postgres", { env: { CITYOPS_BUS: bus } });
    b = spawn(path.join(serverDir, "node_modules/.bin/tsx"), ["src/main.ts", "serve", "--port", "0"], {
      cwd: serverDir,
      // Same database, same secret folder (so a's tokens are valid on b), no seeding, and no
      // polling worth the name: only a NOTIFY from a's commit can wake b in time.
      env: { ...process.env, DATABASE_URL: a.db.url!, CITYOPS_DATA_DIR: a.config.dataDir, CITYOPS_SEED_DEMO: "false", LOG_LEVEL: "info", CITYOPS_DEADLINE_SWEEP_MS: "0", CITYOPS_EVENT_POLL_MS: "600000", CITYOPS_BUS: bus },
      stdio: ["ignore", "pipe", "pipe"],
    });
    bUrl = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("second process did not start")), 90_000);
      b.stdout!.on("data", (d: Buffer) => {
        const m = /"url":"(http:\/\/localhost:\d+)"/.exec(String(d));
        if (m) {
          clearTimeout(timer);
          resolve(m[1]!);
        }
      });
    });
  }, 180_000);
  afterAll(async () => {
    b?.kill("SIGTERM");
    await new Promise((r) => (b?.exitCode !== null ? r(null) : b.once("exit", r)));
    await a?.close();
  });

  it("delivers a ticket dispatched through one process to a department's subscriber on the other", async () => {
    const operator = await a.token("operator");
    const dept = (await a.gql<{ departments: { id: string; code: string }[] }>(`{ departments { id code } }`, {}, operator)).data!.departments[7]!;
    const client = wsClient(bUrl, await a.token("department", dept.code));
    const q = collect<{ departmentQueue: { type: string; ticket: { id: string } } }>(
      client,
      `subscription($d: ID!) { departmentQueue(departmentId: $d) { cursor type ticket { id } } }`,
      { d: dept.id },
    );
    await new Promise((r) => setTimeout(r, 500));
    const c = await a.gql<{ createTicket: { id: string } }>(
      `mutation { createTicket(input: { source: HOTLINE, externalId: "mp-1", channel: PHONE, appealType: HELP, content: "小区停水，请尽快恢复供水" }) { id } }`,
      {},
      operator,
    );
    const id = c.data!.createTicket.id;
    await a.gql(`mutation($id: ID!, $d: ID!) { dispatchTicket(id: $id, departmentId: $d) { id } }`, { id, d: dept.id }, operator);
    await q.until(() => q.items.some((i) => i.departmentQueue.ticket.id === id && i.departmentQueue.type === "DISPATCHED"), 20_000);
    q.stop();
    await client.dispose();
    expect(q.errors).toEqual([]);
  });
});
