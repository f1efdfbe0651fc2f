/**
 * The pushing system of the delivery benchmark, in a process of its own: in production the systems
 * that push tickets are elsewhere, so their HTTP client must not run on the hub's event loop.
 *
 * Reads one JSON line per run on stdin, `{ url, token, cells, tickMs, rate, ticks, idPrefix }`,
 * sends `ticks` batches every `tickMs` through `ingestTickets`, `rate` tickets a second in all (the
 * way pushing systems send them, without waiting for earlier answers), and prints one JSON line:
 * `{ sent, took: [ms per batch], acked: [[externalId, answered at (epoch ms)]] }`.
 */
import { createInterface } from "node:readline";

interface Run {
  url: string;
  token: string;
  cells: { lat: number; lng: number }[];
  tickMs: number;
  /** Tickets a second: a batch carries what is due by its tick, so 25 a second in 50 ms ticks alternate 1 and 2. */
  rate: number;
  ticks: number;
  idPrefix: string;
}

/** Sends one batch; retried on a network error (ingest is idempotent). */
async function push(r: Run, records: Record<string, unknown>[], took: number[], acked: [string, number][]): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const t0 = performance.now();
    try {
      const res = await fetch(`${r.url}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${r.token}` },
        body: JSON.stringify({ query: `mutation($r: [JSONObject!]!) { ingestTickets(source: HOTLINE, format: TICKET, records: $r) { created } }`, variables: { r: records } }),
      });
      const body = (await res.json()) as { errors?: unknown[] };
      if (body.errors?.length) throw new Error(`ingestTickets failed: ${JSON.stringify(body.errors[0])}`);
      took.push(performance.now() - t0);
      const at = Date.now();
      for (const rec of records) acked.push([rec.externalId as string, at]);
      return;
    } catch (err) {
      if (attempt >= 3) throw err;
    }
  }
}

async function feed(r: Run) {
  const took: number[] = [];
  const acked: [string, number][] = [];
  const start = performance.now();
  const inflight: Promise<void>[] = [];
  let sent = 0;
  for (let k = 0; k < r.ticks; k++) {
    const wait = start + k * r.tickMs - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const due = Math.round(((k + 1) * r.tickMs * r.rate) / 1000) - sent;
    const records = Array.from({ length: due }, () => {
      const cell = r.cells[sent % r.cells.length]!;
      return { externalId: `${r.idPrefix}${sent++}`, channel: "phone", appealType: "help", content: "路灯不亮，晚上出行不便", lat: cell.lat, lng: cell.lng };
    });
    if (records.length > 0) inflight.push(push(r, records, took, acked));
  }
  await Promise.all(inflight);
  return { sent, took, acked };
}

for await (const line of createInterface({ input: process.stdin })) {
  if (!line.trim()) continue;
  try {
    process.stdout.write(`${JSON.stringify(await feed(JSON.parse(line) as Run))}\n`);
  } catch (err) {
    process.stdout.write(`${JSON.stringify({ error: String(err) })}\n`);
  }
}
