import postgres from "postgres";
import type { TestHub } from "../helpers/hub.js";
import { drive, percentile, round, type Measurement } from "./lib.js";

const CONCURRENCY = 16;

/**
 * createTicket over HTTP from 16 concurrent clients, against the same work done as raw SQL by 16
 * connections (ticket + created event + four tags in one transaction): the ratio is what the
 * GraphQL layer, validation, geo lookup, dispatch suggestion and rollups cost.
 */
export async function benchIntake(t: TestHub, quick: boolean): Promise<Measurement> {
  const total = quick ? 800 : 6000;
  const token = await t.token("operator");
  const run = `${Date.now()}`;
  const doc = `mutation($i: CreateTicketInput!) { createTicket(input: $i) { id } }`;
  const http = await drive(total, CONCURRENCY, async (i) => {
    const res = await fetch(`${t.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify({
        query: doc,
        variables: {
          i: { source: "HOTLINE", externalId: `bench-${run}-${i}`, channel: "PHONE", appealType: "COMPLAINT", content: "小区门口餐馆油烟很大，晚上噪音扰民", lat: 37.55 + (i % 50) * 0.001, lng: 121.25 + (i % 37) * 0.001, citizenPhone: "13800138000" },
        },
      }),
    });
    const body = (await res.json()) as { errors?: unknown };
    if (body.errors) throw new Error(JSON.stringify(body.errors));
  });
  const sql = postgres(t.db.url!, { max: CONCURRENCY, onnotice: () => {} });
  const [tagRow] = await sql<{ ids: number[] }[]>`select array_agg(id order by id) as ids from (select id from tags limit 4) x`;
  const tagIds = tagRow!.ids;
  const [rule] = await sql<{ id: number }[]>`insert into tag_rules (rule_id, confidence) values ('bench@raw', 1) returning id`;
  const ruleId = rule!.id;
  const raw = await drive(total, CONCURRENCY, async (i) => {
    await sql.begin(async (tx) => {
      const [row] = await tx<{ id: number }[]>`insert into tickets (source, external_id, channel, appeal_type, content, lat, lng, citizen_phone)
        values ('hotline', ${`raw-${run}-${i}`}, 'phone', 'complaint', '小区门口餐馆油烟很大，晚上噪音扰民', 37.55, 121.25, '13800138000') returning id`;
      await tx`insert into ticket_events (ticket_id, type, actor, to_status) values (${row!.id}, 'created', 'bench', 'received')`;
      await tx`update tickets set tag_ids = ${tagIds}::int[], tag_rules = array_fill(${ruleId}::smallint, array[cardinality(${tagIds}::int[])]) where id = ${row!.id}`;
    });
  });
  await sql.end();
  const tps = total / http.seconds;
  const rawTps = total / raw.seconds;
  return {
    name: "intake (createTicket over HTTP, 16 clients)",
    figures: { ticketsPerSecond: round(tps, 0), p50Ms: round(percentile(http.latencies, 50), 1), p99Ms: round(percentile(http.latencies, 99), 1), rawRatio: round(tps / rawTps, 2), tickets: total },
    baseline: { rawSqlTicketsPerSecond: round(rawTps, 0), rawP99Ms: round(percentile(raw.latencies, 99), 1) },
    goal: "≥ 2,000 tickets/s",
    met: tps >= 2000,
  };
}
