import type { TestHub } from "../helpers/hub.js";
import { wsClient } from "../helpers/ws.js";
import { percentile, round, type Measurement } from "./lib.js";

/**
 * Commit → subscriber latency: N graphql-ws subscribers on ticketEvents while tickets are created
 * at a fixed rate. Latency = receipt time − the event's `at`, which the server stamps inside the
 * writing transaction, before commit: an upper bound that includes the transaction itself. The
 * hub runs in this process, so both times come from one clock.
 */
export async function benchDelivery(t: TestHub, quick: boolean): Promise<Measurement> {
  const subscribers = quick ? 200 : 2000;
  const rate = quick ? 100 : 500;
  const seconds = quick ? 5 : 20;
  const leader = await t.token("leader");
  const operator = await t.token("operator");
  const latencies: number[] = [];
  const run = `dl-${Date.now()}-`;
  const clients = Array.from({ length: Math.ceil(subscribers / 50) }, () => wsClient(t.url, leader));
  const disposers: (() => void)[] = [];
  for (let i = 0; i < subscribers; i++) {
    const client = clients[i % clients.length]!;
    disposers.push(
      client.subscribe<{ ticketEvents: { at: string; ticket: { externalId: string } } }>(
        { query: `subscription { ticketEvents(filter: { types: [CREATED] }) { at ticket { externalId } } }` },
        {
          next: (v) => {
            // Only this run's tickets: earlier benchmarks' rows may still be on their way.
            if (v.data?.ticketEvents.ticket.externalId.startsWith(run)) latencies.push(Date.now() - Date.parse(v.data.ticketEvents.at));
          },
          error: () => {},
          complete: () => {},
        },
      ),
    );
  }
  await new Promise((r) => setTimeout(r, 3000));
  const total = rate * seconds;
  const started = performance.now();
  const inflight: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const ext = `${run}${i}`;
    inflight.push(
      fetch(`${t.url}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${operator}` },
        body: JSON.stringify({ query: `mutation($e: String!) { createTicket(input: { source: HOTLINE, externalId: $e, channel: PHONE, appealType: HELP, content: "路灯不亮" }) { id } }`, variables: { e: ext } }),
      }).then(async (r) => {
        await r.json();
      }),
    );
  }
  await Promise.all(inflight);
  await new Promise((r) => setTimeout(r, 3000));
  disposers.forEach((d) => d());
  await Promise.all(clients.map((c) => c.dispose()));
  const achieved = total / ((performance.now() - started - 3000) / 1000);
  return {
    name: `delivery (commit → subscriber, ${subscribers} subscribers)`,
    figures: { p50Ms: round(percentile(latencies, 50), 1), p99Ms: round(percentile(latencies, 99), 1), deliveries: latencies.length, expected: total * subscribers, eventsPerSecond: round(Math.min(rate, achieved), 0) },
    baseline: { targetRate: rate },
    goal: "p99 ≤ 50 ms at 500 events/s with 2,000 subscribers",
    met: quick ? null : percentile(latencies, 99) <= 50,
  };
}
