import postgres from "postgres";
import type { TestHub } from "../helpers/hub.js";
import { drive, percentile, round, type Measurement } from "./lib.js";

/**
 * A leader's ticket list: filters, 50 rows with department, region, tags and matter, 8 clients.
 * Baseline: the same rows fetched with one hand-written SQL statement (joins and array_agg).
 */
export async function benchQueries(t: TestHub, quick: boolean): Promise<Measurement> {
  const total = quick ? 150 : 2000;
  const token = await t.token("leader");
  const doc = `query($f: TicketFilter) { tickets(first: 50, filter: $f) { totalCount edges { node { id status receivedAt content department { name } street { name } gridCell { name } matter { name legalBasis } tags { tag { code name } } } } } }`;
  const filter = { status: ["CLOSED", "DISPATCHED", "ACCEPTED", "IN_PROGRESS", "REPLIED"], source: ["HOTLINE", "GRID"], located: true };
  const api = await drive(total, 8, async () => {
    const res = await fetch(`${t.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: doc, variables: { f: filter } }),
    });
    const body = (await res.json()) as { errors?: unknown };
    if (body.errors) throw new Error(JSON.stringify(body.errors));
  });
  const sql = postgres(t.db.url!, { max: 8, onnotice: () => {} });
  const raw = await drive(total, 8, async () => {
    await sql`select t.id, t.status, t.received_at, t.content, d.name as department, s.name as street, g.name as cell, m.name as matter, m.legal_basis,
        (select array_agg(tg.code) from unnest(t.tag_ids) as tt(tag_id) join tags tg on tg.id = tt.tag_id) as tags,
        count(*) over () as total
      from tickets t left join departments d on d.id = t.department_id left join regions s on s.id = t.street_id
        left join regions g on g.id = t.grid_cell_id left join matters m on m.id = t.matter_id
      where t.status in ('closed','dispatched','accepted','in_progress','replied') and t.source in ('hotline','grid') and t.grid_cell_id is not null
      order by t.received_at desc, t.id desc limit 50`;
  });
  await sql.end();
  return {
    name: "queries (leader's ticket list, 50 rows nested, 8 clients)",
    figures: { requestsPerSecond: round(total / api.seconds, 0), p99Ms: round(percentile(api.latencies, 99), 1), p50Ms: round(percentile(api.latencies, 50), 1) },
    baseline: { rawSqlPerSecond: round(total / raw.seconds, 0), rawP99Ms: round(percentile(raw.latencies, 99), 1) },
  };
}
