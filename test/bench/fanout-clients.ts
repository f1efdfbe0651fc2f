/**
 * The wall subscribers of the fan-out benchmark, in a process of their own (its own core): one
 * WebSocket per subscription, as each wall screen has its own, opened in batches so the hub's
 * listen backlog is not flooded.
 *
 * First line on stdin: JSON `{ url, token, count, batch, query }`. Prints `ready {…}` once every
 * socket is acknowledged and has had its first frame; `measure` (stdin) starts counting from
 * then on; `stop` prints one JSON line with the latency of wallFrame messages (receipt − the
 * frame's `at`) and exits.
 */
import { createInterface } from "node:readline";
import WebSocket from "ws";
import { createClient, type Client } from "graphql-ws";

interface Spec {
  url: string;
  token: string;
  count: number;
  batch: number;
  query: string;
}

const input = createInterface({ input: process.stdin })[Symbol.asyncIterator]();
let measuring = false;
const latencies: number[] = [];
let received = 0;
let errors = 0;
let closed = 0;
const seqs = new Map<number, number>();

function onFrame(frame: { at: string; seq: number } | undefined) {
  if (!frame || !measuring) return;
  received++;
  latencies.push(Date.now() - Date.parse(frame.at));
  seqs.set(frame.seq, (seqs.get(frame.seq) ?? 0) + 1);
}

async function main() {
  const spec = JSON.parse(((await input.next()).value as string | undefined) ?? "{}") as Spec;
  const clients: Client[] = [];
  const started = Date.now();
  for (let from = 0; from < spec.count; from += spec.batch) {
    const n = Math.min(spec.batch, spec.count - from);
    await Promise.all(
      Array.from({ length: n }, () => {
        // Open = acknowledged and the first frame received: the subscription is live on the hub.
        let first!: () => void;
        const live = new Promise<void>((r) => (first = r));
        const client = createClient({
          url: spec.url.replace(/^http/, "ws") + "/graphql",
          webSocketImpl: WebSocket,
          connectionParams: { authorization: `Bearer ${spec.token}` },
          retryAttempts: 5,
          lazy: true,
          on: { closed: () => closed++ },
        });
        clients.push(client);
        client.subscribe<{ wallFrame: { at: string; seq: number } }>(
          { query: spec.query },
          {
            next: (v) => {
              first();
              onFrame(v.data?.wallFrame);
            },
            error: () => {
              errors++;
              first();
            },
            complete: () => {},
          },
        );
        return live;
      }),
    );
  }
  process.stdout.write(`ready ${JSON.stringify({ sockets: clients.length, openSeconds: (Date.now() - started) / 1000, errors })}\n`);
  for (let r = await input.next(); !r.done; r = await input.next()) {
    const cmd = r.value.trim();
    if (cmd === "measure") {
      measuring = true;
      continue;
    }
    if (cmd !== "stop") continue;
    measuring = false;
    latencies.sort((a, b) => a - b);
    const at = (p: number) => (latencies.length ? latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]! : NaN);
    // Frames every subscriber saw, over frames any saw (the hub keeps only the newest per socket).
    const counts = [...seqs.values()];
    process.stdout.write(
      `${JSON.stringify({
        received,
        frames: seqs.size,
        completeFrames: counts.filter((c) => c >= spec.count).length,
        p50: at(50),
        p95: at(95),
        p99: at(99),
        max: latencies.at(-1) ?? NaN,
        errors,
        closed,
        rssMb: Math.round(process.memoryUsage().rss / 1048576),
      })}\n`,
    );
    await Promise.all(clients.map((c) => c.dispose()));
    process.exit(0);
  }
}

void main();
