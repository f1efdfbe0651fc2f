import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));

export interface ClientSummary {
  count: number;
  received: number;
  errors: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  rssMb: number;
  /** `[externalId, received at (epoch ms)]` per message, when asked for. */
  receipts: [string, number][];
}

/**
 * Starts `delivery-clients.ts` in a child process with these subscriptions and resolves once all
 * are open; `stop()` returns the child's latency summary.
 */
export async function spawnClients(spec: {
  url: string;
  token: string;
  subscriptions: { query: string; variables?: Record<string, unknown> }[];
  perSocket: number;
  prefix: string;
  receipts?: boolean;
}): Promise<{ stop(): Promise<ClientSummary> }> {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(here, "delivery-clients.ts")], {
    cwd: here,
    stdio: ["pipe", "pipe", "inherit"],
  });
  child.stdin.write(`${JSON.stringify(spec)}\n`);
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async (): Promise<string> => {
    const r = await lines.next();
    if (r.done) throw new Error("benchmark clients exited early");
    return r.value;
  };
  const ready = await next();
  if (!ready.startsWith("ready")) throw new Error(`benchmark clients: ${ready}`);
  return {
    async stop() {
      child.stdin.write("stop\n");
      const summary = JSON.parse(await next()) as ClientSummary;
      await new Promise((r) => child.once("exit", r));
      return summary;
    },
  };
}
