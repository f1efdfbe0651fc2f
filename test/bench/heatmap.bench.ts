import postgres from "postgres";
import { startTestHub, type TestHub } from "../helpers/hub.js";
import { percentile, round, type Measurement } from "./lib.js";

const HOUR = 3_600_000;
/** Calendar year 2025 in Beijing time. */
const YEAR = { from: new Date(Date.UTC(2025, 0, 1) - 8 * HOUR), to: new Date(Date.UTC(2026, 0, 1) - 8 * HOUR) };

/**
 * A year's heatmap by grid cell over millions of tickets, on a hub of its own (the demo district's
 * geography, a tiny seed) whose tickets table is filled by SQL: the read side is what is measured
 * here; that the write path keeps the rollups exact is what test/integration/analytics.test.ts
 * checks. The rollups are built by one statement over the generated tickets (the monthly one by
 * the same triggers that follow every intake).
 *
 * Figures: the `heatmap` GraphQL query over HTTP (what a leader or the wall runs) for the calendar
 * year and for an unaligned 365-day window; baseline: GROUP BY over the raw tickets of the same
 * window, same run, same database.
 */
export async function benchHeatmap(quick: boolean): Promise<Measurement[]> {
  const sizes = quick ? [250_000] : [1_000_000, 10_000_000];
  const t = await startTestHub("postgres", { seedOptions: { days: 1, ticketsPerYear: 1000, seed: 3 } });
  const sql = postgres(t.db.url!, { max: 2, onnotice: () => {} });
  const out: Measurement[] = [];
  try {
    await sql`create temp table bench_cells as select row_number() over (order by g.id) - 1 as k, g.id, c.id as community_id, c.parent_id as street_id
      from regions g join regions c on c.id = g.parent_id where g.level = 'grid_cell'`.catch(async () => {
      throw new Error("the demo geography has no grid cells");
    });
    const domains = (await sql<{ d: string }[]>`select unnest(enum_range(null::domain))::text as d`).map((r) => r.d);
    let have = 0;
    for (const size of sizes) {
      await fill(sql, have, size, domains);
      have = size;
      const started = Date.now();
      await sql`truncate ticket_rollup_hourly, ticket_rollup_monthly`;
      await sql`insert into ticket_rollup_hourly (hour, grid_cell_id, community_id, street_id, domain, source, received)
        select date_trunc('hour', received_at), coalesce(grid_cell_id, 0), coalesce(community_id, 0), coalesce(street_id, 0), coalesce(domain::text, 'UNKNOWN'), source, count(*)
        from tickets group by 1, 2, 3, 4, 5, 6`;
      await sql`vacuum analyze tickets`;
      await sql`vacuum analyze ticket_rollup_hourly`;
      await sql`vacuum analyze ticket_rollup_monthly`;
      console.error(`heatmap: rollups for ${size.toLocaleString()} tickets built in ${Date.now() - started} ms`);
      out.push(await measure(t, sql, size, quick));
    }
  } finally {
    await sql.end();
    await t.close();
  }
  return out;
}

/**
 * Adds tickets [from, to) spread over the year 2025, the grid cells and the domains; chunks of 500k.
 * Like pg_restore, it drops the secondary indexes first and builds them again after: ten million
 * rows through thirteen live indexes would take the bench half an hour on two cores, and the table
 * measured afterwards is the same.
 */
async function fill(sql: postgres.Sql, from: number, to: number, domains: string[]) {
  const started = Date.now();
  const indexes = await sql<{ name: string; def: string }[]>`select indexname as name, indexdef as def from pg_indexes
    where schemaname = current_schema() and tablename = 'tickets'
      and indexname not in (select conname from pg_constraint where conrelid = 'tickets'::regclass)`;
  for (const i of indexes) await sql.unsafe(`drop index ${i.name}`);
  for (let lo = from; lo < to; lo += 500_000) {
    const hi = Math.min(to, lo + 500_000);
    await sql`insert into tickets (source, external_id, channel, appeal_type, content, grid_cell_id, community_id, street_id, domain, status, received_at, updated_at)
      select (array['hotline','grid','department'])[1 + g % 3]::ticket_source, 'hm-' || g, 'phone', 'help', '路灯不亮',
        c.id, c.community_id, c.street_id, (${domains}::text[])[1 + (g * 7) % ${domains.length}]::domain, 'closed',
        ${YEAR.from.toISOString()}::timestamptz + (random() * 365 * 86400) * interval '1 second', now()
      from generate_series(${lo}::bigint, ${hi - 1}::bigint) g
      join bench_cells c on c.k = (g * 7919) % (select count(*) from bench_cells)`;
    console.error(`heatmap: ${hi.toLocaleString()} tickets (${Math.round((hi - from) / ((Date.now() - started) / 1000)).toLocaleString()} rows/s)`);
  }
  const built = Date.now();
  // One simple-protocol call per index, so the setting holds on whichever pooled connection runs it.
  for (const i of indexes) await sql.unsafe(`set maintenance_work_mem = '512MB'; ${i.def}`);
  console.error(`heatmap: ${indexes.length} ticket indexes rebuilt in ${Date.now() - built} ms`);
}

async function measure(t: TestHub, sql: postgres.Sql, size: number, quick: boolean): Promise<Measurement> {
  const token = await t.token("leader");
  const doc = `query($f: DateTimeISO!, $t: DateTimeISO!) { heatmap(level: GRID_CELL, from: $f, to: $t) { regionId count } }`;
  const rolling = { from: new Date(Date.UTC(2025, 2, 14, 3, 27)), to: new Date(Date.UTC(2026, 2, 14, 3, 27)) };
  const api = async (w: { from: Date; to: Date }) => {
    const t0 = performance.now();
    const res = await fetch(`${t.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: doc, variables: { f: w.from.toISOString(), t: w.to.toISOString() } }),
    });
    const body = (await res.json()) as { data?: { heatmap: { count: number }[] }; errors?: unknown };
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return { ms: performance.now() - t0, total: body.data!.heatmap.reduce((s, c) => s + c.count, 0) };
  };
  const raw = async (w: { from: Date; to: Date }) => {
    const t0 = performance.now();
    const rows = await sql<{ n: string }[]>`select grid_cell_id, count(*) as n from tickets
      where received_at >= ${w.from.toISOString()}::timestamptz and received_at < ${w.to.toISOString()}::timestamptz and grid_cell_id is not null group by 1`;
    return { ms: performance.now() - t0, total: rows.reduce((s, r) => s + Number(r.n), 0) };
  };
  for (let i = 0; i < 3; i++) await api(YEAR);
  const runs = quick ? 40 : 100;
  const year: number[] = [];
  const unaligned: number[] = [];
  let apiTotal = 0;
  for (let i = 0; i < runs; i++) {
    const r = await api(YEAR);
    year.push(r.ms);
    apiTotal = r.total;
    unaligned.push((await api(rolling)).ms);
  }
  const rawRuns: number[] = [];
  let rawTotal = 0;
  for (let i = 0; i < (quick ? 3 : 5); i++) {
    const r = await raw(YEAR);
    rawRuns.push(r.ms);
    rawTotal = r.total;
  }
  // The same answer both ways, or the figure means nothing.
  if (apiTotal !== rawTotal) throw new Error(`heatmap total ${apiTotal} differs from GROUP BY ${rawTotal}`);
  const p95 = percentile(year, 95);
  const ratio = percentile(rawRuns, 50) / percentile(year, 50);
  return {
    name: `heatmap (a year by grid cell, ${(size / 1e6).toLocaleString()}M tickets)`,
    figures: { p50Ms: round(percentile(year, 50), 1), p95Ms: round(p95, 1), rawRatio: round(ratio, 1), unalignedP95Ms: round(percentile(unaligned, 95), 1), tickets: size, cellsTotal: apiTotal },
    baseline: { rawGroupByP50Ms: round(percentile(rawRuns, 50), 0), rawGroupByMaxMs: round(Math.max(...rawRuns), 0) },
    goal: "p95 ≤ 50 ms and ≥ 20× raw GROUP BY at 10M tickets",
    met: size >= 10_000_000 ? p95 <= 50 && ratio >= 20 : null,
    notes: "calendar year in Beijing time; unaligned = 14 Mar 2025 03:27 → 14 Mar 2026 03:27 UTC (months + hours + raw edges)",
  };
}
