import { writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { sql } from "drizzle-orm";
import type { TestHub } from "../helpers/hub.js";
import { spawnClients, spawnFeed } from "./clients.js";
import { percentile, round, type Measurement } from "./lib.js";

/**
 * Commit → subscriber latency. The hub runs here; the subscribers run in a child process, and the
 * pushing system in another (delivery-feed.ts): it sends tickets through `ingestTickets` in batches
 * every 50 ms, as pushing systems do, and its HTTP client no longer shares the hub's event loop. `commit*` is the delay itself: receipt − the commit time PostgreSQL recorded
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
  const feed = spawnFeed();
  const cells = o.cells.map((c) => ({ lat: c.lat, lng: c.lng }));
  const batches = (idPrefix: string, ms: number) => feed.run({ url: t.url, token: o.operator, cells, tickMs, rate: o.rate, ticks: Math.round(ms / tickMs), idPrefix });
  // Three seconds at the same rate first, not counted (other ids): caches, JIT and pools warm up.
  await batches(`wu-${Date.now()}-`, 3000);
  // The hub runs in this process: a blocked event loop shows here, a slow database does not.
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const profiler = await startProfiler();
  const started = performance.now();
  const { sent, took, acked: ackedList } = await batches(prefix, o.seconds * 1000);
  const acked = new Map(ackedList);
  const elapsed = (performance.now() - started) / 1000;
  loop.disable();
  await profiler?.stop();
  await new Promise((r) => setTimeout(r, 3000));
  const s = await clients.stop();
  await feed.stop();
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

/**
 * `CITYOPS_BENCH_PROFILE=file.cpuprofile`: a CPU profile of the hub's process over the measured
 * seconds of each run (the last run's is kept), for chrome://inspect or a script. With
 * `CITYOPS_BENCH_PROFILE_HEAP=1` a sampling heap profile instead, counting what the collector
 * freed too: where the allocations come from, not only what stays.
 */
async function startProfiler(): Promise<{ stop(): Promise<void> } | null> {
  const file = process.env.CITYOPS_BENCH_PROFILE;
  if (!file) return null;
  const session = new Session();
  session.connect();
  const heap = process.env.CITYOPS_BENCH_PROFILE_HEAP === "1";
  if (heap) await session.post("HeapProfiler.startSampling", { samplingInterval: 16384, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true } as never);
  else {
    await session.post("Profiler.enable");
    await session.post("Profiler.setSamplingInterval", { interval: 500 });
    await session.post("Profiler.start");
  }
  return {
    async stop() {
      const { profile } = heap ? await session.post("HeapProfiler.stopSampling") : await session.post("Profiler.stop");
      writeFileSync(file, JSON.stringify(profile));
      session.disconnect();
    },
  };
}
