import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const serverDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../server");

export interface HubProcess {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/**
 * Another server process (`cityops serve`) on an existing PostgreSQL database: no seeding, no
 * deadline sweeper, the same secret folder as the hub whose tokens it must accept.
 */
export async function startHubProcess(opts: { databaseUrl: string; dataDir: string; env?: Record<string, string> }): Promise<HubProcess> {
  const child = spawn(path.join(serverDir, "node_modules/.bin/tsx"), ["src/main.ts", "serve", "--port", "0"], {
    cwd: serverDir,
    env: { ...process.env, DATABASE_URL: opts.databaseUrl, CITYOPS_DATA_DIR: opts.dataDir, CITYOPS_SEED_DEMO: "false", LOG_LEVEL: "info", CITYOPS_DEADLINE_SWEEP_MS: "0", ...opts.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr!.on("data", (d: Buffer) => (stderr = (stderr + String(d)).slice(-4000)));
  const url = await new Promise<string>((resolve, reject) => {
    // A process that never says where it listens is killed: left running, it would go on using the
    // machine (and its database) under every later measurement.
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`server process did not start: ${stderr}`));
    }, 90_000);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`server process exited with ${code}: ${stderr}`));
    });
    child.stdout!.on("data", (d: Buffer) => {
      const m = /"url":"(http:\/\/localhost:\d+)"/.exec(String(d));
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
  });
  return {
    url,
    child,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      await exited;
    },
  };
}
