/**
 * The subscribers of the delivery and fan-out benchmarks, in a process of their own so that the
 * hub's event loop and the clients' do not share one thread (on two cores each gets one).
 *
 * The first line on stdin: JSON `{ url, token, subscriptions: [{ query, variables }], perSocket, prefix }`.
 * Prints `ready <n>` once every socket is acknowledged, then on `stop` (stdin) one JSON line with
 * the latency summary of messages whose ticket's externalId starts with `prefix` (or of wallFrame
 * messages) — with `receipts: true` also each such message's `[externalId, received at]` — and exits.
 */
import { createInterface } from "node:readline";
import WebSocket from "ws";
import { createClient, type Client } from "graphql-ws";

interface Spec {
  url: string;
  token: string;
  subscriptions: { query: string; variables?: Record<string, unknown> }[];
  perSocket: number;
  prefix: string;
  receipts?: boolean;
}

const rl = createInterface({ input: process.stdin });
const input = rl[Symbol.asyncIterator]();
let spec: Spec;
const latencies: number[] = [];
let received = 0;
let errors = 0;
const receipts: [string, number][] = [];

type Payload = { ticketEvents?: { at: string; ticket: { externalId: string } }; wallFrame?: { at: string } };

function onData(data: Payload | null | undefined) {
  const now = Date.now();
  received++;
  const ev = data?.ticketEvents;
  if (ev) {
    if (ev.ticket.externalId.startsWith(spec.prefix)) {
      latencies.push(now - Date.parse(ev.at));
      if (spec.receipts) receipts.push([ev.ticket.externalId, now]);
    }
  } else if (data?.wallFrame) latencies.push(now - Date.parse(data.wallFrame.at));
}

async function main() {
  spec = JSON.parse(((await input.next()).value as string | undefined) ?? "{}") as Spec;
  const sockets = Math.ceil(spec.subscriptions.length / spec.perSocket);
  const clients: Client[] = [];
  let acked = 0;
  const allAcked = new Promise<void>((resolve) => {
    for (let s = 0; s < sockets; s++) {
      const client = createClient({
        url: spec.url.replace(/^http/, "ws") + "/graphql",
        webSocketImpl: WebSocket,
        connectionParams: { authorization: `Bearer ${spec.token}` },
        retryAttempts: 0,
        lazy: true,
        on: { connected: () => ++acked === sockets && resolve() },
      });
      clients.push(client);
    }
  });
  spec.subscriptions.forEach((sub, i) => {
    clients[i % sockets]!.subscribe<Payload>(sub, { next: (v) => onData(v.data), error: () => errors++, complete: () => {} });
  });
  await allAcked;
  // Subscriptions are registered in the order sent after the ack; give the server a moment to open them all.
  await new Promise((r) => setTimeout(r, 1500 + spec.subscriptions.length));
  process.stdout.write(`ready ${spec.subscriptions.length}\n`);
  for (let r = await input.next(); !r.done; r = await input.next()) {
    if (r.value.trim() !== "stop") continue;
    latencies.sort((a, b) => a - b);
    const at = (p: number) => (latencies.length ? latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]! : NaN);
    const line = `${JSON.stringify({ count: latencies.length, received, errors, p50: at(50), p95: at(95), p99: at(99), max: latencies.at(-1) ?? NaN, rssMb: Math.round(process.memoryUsage().rss / 1048576), receipts })}\n`;
    await Promise.all(clients.map((c) => c.dispose()));
    // A pipe takes a long line in pieces: exit only once all of it is written.
    process.stdout.write(line, () => process.exit(0));
    return;
  }
}

void main();
