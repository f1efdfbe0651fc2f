import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../server/src/db/client.js";
import { verifyToken, resolveSecret } from "../../server/src/auth/tokens.js";

const serverDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../server");
const tsx = path.join(serverDir, "node_modules/.bin/tsx");

function cli(args: string[], env: Record<string, string> = {}) {
  return spawnSync(tsx, ["src/main.ts", ...args], { cwd: serverDir, env: { ...process.env, LOG_LEVEL: "silent", ...env }, encoding: "utf8", timeout: 60_000 });
}

describe("the cityops CLI", () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), "cityops-cli-"));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it("prints help for the program and for each command", () => {
    const top = cli(["--help"]);
    expect(top.status).toBe(0);
    for (const c of ["start", "serve", "migrate", "seed", "token"]) expect(top.stdout).toContain(c);
    const token = cli(["token", "--help"]);
    expect(token.stdout).toContain("--role");
  });

  it("refuses wrong arguments with a clear message and a non-zero exit", () => {
    const bad = cli(["token", "--role", "mayor"], { CITYOPS_DATA_DIR: dataDir });
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toMatch(/Allowed choices are operator, supervisor/);
    const noDept = cli(["token", "--role", "department"], { CITYOPS_DATA_DIR: dataDir });
    expect(noDept.status).not.toBe(0);
    expect(noDept.stderr).toMatch(/--department/);
    const unknown = cli(["frobnicate"]);
    expect(unknown.status).not.toBe(0);
    expect(unknown.stderr).toMatch(/unknown command/);
  });

  it("prints a token signed with the data folder's demo secret as its last line", async () => {
    const r = cli(["token", "--role", "department", "--department", "D001"], { CITYOPS_DATA_DIR: dataDir });
    expect(r.status).toBe(0);
    const token = r.stdout.trim().split("\n").at(-1)!;
    const claims = await verifyToken(resolveSecret({ production: false, jwtSecret: undefined, dataDir }), token);
    expect(claims).toMatchObject({ role: "department", dept: "D001", sub: "dept:D001" });
  });

  it("refuses to start in production mode without a secret", () => {
    const r = cli(["token", "--role", "leader"], { CITYOPS_DATA_DIR: dataDir, NODE_ENV: "production", CITYOPS_JWT_SECRET: "" });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/CITYOPS_JWT_SECRET/);
  });

  it("stops a second process on the same data folder at once, naming the folder", async () => {
    const held = await openDatabase({ dataDir });
    try {
      const r = cli(["migrate"], { CITYOPS_DATA_DIR: dataDir });
      expect(r.status).toBe(3);
      expect(r.stderr).toContain(dataDir);
      expect(r.stderr).toMatch(/in use by another CityOps process/);
    } finally {
      await held.close();
    }
    const ok = cli(["migrate"], { CITYOPS_DATA_DIR: dataDir });
    expect(ok.status, ok.stderr).toBe(0);
  });

  it("takes over the lock of a process killed with -9", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "cityops-kill-"));
    try {
      const child = spawn(tsx, ["src/main.ts", "serve", "--port", "0"], { cwd: serverDir, env: { ...process.env, CITYOPS_DATA_DIR: dir, CITYOPS_SEED_DEMO: "false", LOG_LEVEL: "info" } });
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error("server did not start")), 60_000);
        child.stdout.on("data", (d: Buffer) => {
          if (String(d).includes('"listening"')) {
            clearTimeout(timer);
            resolve();
          }
        });
      });
      // tsx runs the server in a child of its own: kill -9 the process that holds the lock.
      const holder = Number(readFileSync(path.join(dir, "cityops.lock"), "utf8"));
      process.kill(holder, "SIGKILL");
      await new Promise((r) => child.once("exit", r));
      const r = cli(["migrate"], { CITYOPS_DATA_DIR: dir });
      expect(r.status, r.stderr).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
