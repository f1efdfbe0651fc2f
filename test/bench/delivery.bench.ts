import { monitorEventLoopDelay } from "node:perf_hooks";
import { sql } from "drizzle-orm";
import type { TestHub } from "../helpers/hub.js";
import { spawnClients } from "./clients.js";
import { percentile, round, type Measurement } from "./lib.js";

/**
 * Commit → subscriber latency. The subscribers run in a child process (its own core); the hub
 * runs here and takes tickets through `ingestTickets` in batches every 50 ms, the way pushing
 * systems send them. `commit*` is the delay itself: receipt − the commit time PostgreSQL recorded
 * for the writing transaction (needs `track_commit_timestamp = on`; null without it). Two bounds
 * that need nothing: `p50Ms`/`p99Ms` (upper) = receipt − the event's `at`, stamped when the
 * ticket was prepared, so it includes waiting for a batch and the transaction itself; `afterAck*`
 * (lower) = receipt − the moment the writer had its answer, which comes after the commit.
 *
 * Two shapes of load:
 * - `delivery`: the goal's figures (500 events/s, 2,000 subscribers) with the subscribers the
 *   product has — each watching one grid cell's new tickets, as community stations and departments
 *   watch their own queues — so an event reaches the few subscribers it concerns;
 * - `broadcast`: every subscriber receives every event (an unfiltered stream), at a rate this
 *   machine can carry: 2,000 × 500 would be a million WebSocket messages a second.
 */
export async function benchDelivery(t: TestHub, quick: boolean): Promise<Measurement[]> {
  const operator = await t.token("operator");
  const leader = await t.token("leader");
  const cells = await t.db.database.rows<{ id: number; lat: number; lng: number }>(
    sql`select distinct on (grid_cell_id) grid_cell_id as id, lat, lng from tickets where grid_cell_id is not null and lat is not null order by grid_cell_id, id`,
  );
  const subscribers = quick ? 200 : 2000;
  // Tickets land only in watched cells, so every event has its subscribers (2,000 over 456 cells: 4–5 each).
  cells.splice(subscribers);
  const seconds = quick ? 5 : 20;
  const perCell: Measurement[] = [];
  // The goal's rate, and lower ones: where the knee is says more than one failing figure.
  // CITYOPS_DELIVERY_RATES=50,500 picks the rungs (for profiling one of them).
  const rates = process.env.CITYOPS_DELIVERY_RATES?.split(",").map(Number) ?? (quick ? [25, 100] : [50, 200, 500]);
  for (const rate of rates) {
    perCell.push(
      await run(t, {
        name: `delivery at ${rate} events/s (commit → subscriber, ${subscribers} subscribers on their grid cell)`,
        operator,
        leader,
        cells,
        rate,
        seconds,
        subscriptions: Array.from({ length: subscribers }, (_, i) => ({
          query: `subscription($r: ID!) { ticketEvents(filter: { regionId: $r, types: [CREATED] }) { at ticket { externalId } } }`,
          variables: { r: String(cells[i % cells.length]!.id) },
        })),
        goal: rate === 500 ? "p99 ≤ 50 ms at 500 events/s with 2,000 subscribers" : "(a lower rate, for the knee)",
        met: (p99) => (quick || rate !== 500 ? null : p99 <= 50),
      }),
    );
  }
  if (process.env.CITYOPS_DELIVERY_RATES) return perCell;
  const broadcastRate = quick ? 10 : 25;
  const broadcast = await run(t, {
    name: `broadcast (every one of ${subscribers} subscribers gets every event)`,
    operator,
    leader,
    cells,
    rate: broadcastRate,
    seconds,
    subscriptions: Array.from({ length: subscribers }, () => ({ query: `subscription { ticketEvents(filter: { types: [CREATED] }) { at ticket { externalId } } }` })),
    goal: "no goal: shows the cost of fan-out",
    met: () => null,
  });
  return [...perCell, broadcast];
}

/** Sends one batch as a pushing system does: retried on a network error (ingest is idempotent). */
async function push(url: string, token: string, records: Record<string, unknown>[], took: number[], acked: Map<string, number>): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const t0 = performance.now();
    try {
      const r = await fetch(`${url}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: `mutation($r: [JSONObject!]!) { ingestTickets(source: HOTLINE, format: TICKET, records: $r) { created } }`, variables: { r: records } }),
      });
      await r.json();
      took.push(performance.now() - t0);
      const at = Date.now();
      for (const rec of records) acked.set(rec.externalId as string, at);
      return;
    } catch (err) {
      if (attempt >= 3) throw err;
    }
  }
}

async function run(
  t: TestHub,
  o: {
    name: string;
    operator: string;
    leader: string;
    cells: { id: number; lat: number; lng: number }[];
    rate: number;
    seconds: number;
    subscriptions: { query: string; variables?: Record<string, unknown> }[];
    goal: string;
    met: (p99: number) => boolean | null;
  },
): Promise<Measurement> {
  const prefix = `dl-${Date.now()}-`;
  const clients = await spawnClients({ url: t.url, token: o.leader, subscriptions: o.subscriptions, perSocket: 50, prefix, receipts: true });
  // Batches every 50 ms, or one ticket per batch when the rate is lower than 20 a second.
  const tickMs = Math.max(50, 1000 / o.rate);
  const perTick = Math.round((o.rate * tickMs) / 1000);
  /** Sends `ticks` batches at the rate, ids `idPrefix` + 0, 1, …; resolves with how many were sent. */
  const feed = async (idPrefix: string, ticks: number, took: number[], acked: Map<string, number>): Promise<number> => {
    const start = performance.now();
    const inflight: Promise<void>[] = [];
    let sent = 0;
    for (let k = 0; k < ticks; k++) {
      const wait = start + k * tickMs - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const records = Array.from({ length: perTick }, () => {
        const cell = o.cells[sent % o.cells.length]!;
        return { externalId: `${idPrefix}${sent++}`, channel: "phone", appealType: "help", content: "路灯不亮，晚上出行不便", lat: cell.lat, lng: cell.lng };
      });
      inflight.push(push(t.url, o.operator, records, took, acked));
    }
    await Promise.all(inflight);
    return sent;
  };
  // Three seconds at the same rate first, not counted (other ids): caches, JIT and pools warm up.
  await feed(`wu-${Date.now()}-`, Math.round(3000 / tickMs), [], new Map());
  // The hub runs in this process: a blocked event loop shows here, a slow database does not.
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const took: number[] = [];
  const acked = new Map<string, number>();
  const started = performance.now();
  const sent = await feed(prefix, Math.round((o.seconds * 1000) / tickMs), took, acked);
  const elapsed = (performance.now() - started) / 1000;
  loop.disable();
  await new Promise((r) => setTimeout(r, 3000));
  const s = await clients.stop();
  // The other bound: received − the writer's answer, which comes after the commit. Negative where
  // the subscriber had the event before the writer had its HTTP answer.
  const afterAck = s.receipts.flatMap(([id, at]) => (acked.has(id) ? [at - acked.get(id)!] : []));
  const commit = await commitLatencies(t, prefix, s.receipts);
  const expected = o.subscriptions.reduce((n, sub) => n + (sub.variables ? sent / o.cells.length : sent), 0);
  return {
    name: o.name,
    figures: {
      commitP50Ms: commit && round(percentile(commit, 50), 0),
      commitP99Ms: commit && round(percentile(commit, 99), 0),
      commitMaxMs: commit && round(commit.reduce((a, b) => Math.max(a, b), -Infinity), 0),
      p50Ms: s.p50,
      p99Ms: s.p99,
      maxMs: s.max,
      afterAckP50Ms: round(percentile(afterAck, 50), 0),
      afterAckP99Ms: round(percentile(afterAck, 99), 0),
      deliveries: s.count,
      deliveriesPerSecond: round(s.count / elapsed, 0),
      eventsPerSecond: round(sent / elapsed, 0),
      writeP50Ms: round(percentile(took, 50), 0),
      writeP99Ms: round(percentile(took, 99), 0),
      hubLoopDelayP99Ms: round(loop.percentile(99) / 1e6, 0),
      hubLoopDelayMaxMs: round(loop.max / 1e6, 0),
    },
    baseline: { targetRate: o.rate, expectedDeliveries: Math.round(expected), clientErrors: s.errors },
    goal: o.goal,
    // The exact figure where PostgreSQL records commit times; else the upper bound, which can only fail it.
    met: o.met(commit ? percentile(commit, 99) : s.p99),
  };
}

/**
 * The exact commit → subscriber delay: receipt − the commit time PostgreSQL recorded for the
 * transaction that wrote the event (`track_commit_timestamp`, same clock: one machine). Null when
 * the server does not record commit times (`alter system set track_commit_timestamp = on` and a
 * restart turn it on; it costs a few bytes per transaction).
 */
async function commitLatencies(t: TestHub, prefix: string, receipts: [string, number][]): Promise<number[] | null> {
  const [on] = await t.db.database.rows<{ on: string }>(sql`select current_setting('track_commit_timestamp') as on`);
  if (on?.on !== "on") {
    console.error("delivery: PostgreSQL does not record commit times, so only the bounds are measured (alter system set track_commit_timestamp = on, then restart it)");
    return null;
  }
  const rows = await t.db.database.rows<{ external_id: string; committed: number | string }>(sql`
    select t.external_id, extract(epoch from pg_xact_commit_timestamp((e.tx % 4294967296)::text::xid)) * 1000 as committed
    from tickets t join ticket_events e on e.ticket_id = t.id and e.type = 'created'
    where t.external_id like ${prefix + "%"}`);
  const committed = new Map(rows.map((r) => [r.external_id, Number(r.committed)]));
  return receipts.flatMap(([id, at]) => (committed.has(id) ? [at - committed.get(id)!] : []));
}
