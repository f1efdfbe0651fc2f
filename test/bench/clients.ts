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

/**
 * Starts `delivery-feed.ts` in a child process: the pushing system, off the hub's event loop.
 * `run` sends one run's batches and resolves with what the feed measured.
 */
export function spawnFeed(): {
  run(r: { url: string; token: string; cells: { lat: number; lng: number }[]; tickMs: number; rate: number; ticks: number; idPrefix: string }): Promise<{ sent: number; took: number[]; acked: [string, number][] }>;
  stop(): Promise<void>;
} {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(here, "delivery-feed.ts")], { cwd: here, stdio: ["pipe", "pipe", "inherit"] });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  return {
    async run(r) {
      child.stdin.write(`${JSON.stringify(r)}\n`);
      const line = await lines.next();
      if (line.done) throw new Error("benchmark feed exited early");
      const out = JSON.parse(line.value) as { sent: number; took: number[]; acked: [string, number][] } | { error: string };
      if ("error" in out) throw new Error(`benchmark feed: ${out.error}`);
      return out;
    },
    async stop() {
      child.stdin.end();
      await new Promise((r) => child.once("exit", r));
    },
  };
}
