import { and, gte, inArray, lt, or, sql, type SQL } from "drizzle-orm";
import { DISTRICT_UTC_OFFSET_S, ticketRollupDaily, ticketRollupHourly, ticketRollupMonthly, tickets } from "@cityops/schema";
import type { Database } from "../db/client.js";
import { pgArray } from "../db/pg-array.js";
import type { Actor } from "../domain/actor.js";
import { invalidInput } from "../domain/errors.js";
import { DEPARTMENT_HELD } from "../domain/lifecycle.js";
import { RESPONSE_LIMIT_HOURS, ZERO_COUNTS, type OutcomeCounts } from "../domain/metrics/performance.js";
import { splitByDay, splitByHour, splitByMonth, type Interval } from "../domain/metrics/buckets.js";
import type { SurgeObservation } from "../domain/warnings/surge.js";
import { WARNING_RULES } from "../domain/warnings/types.js";
import type { ReferenceData } from "./reference.store.js";
import { ticketConditions, type TicketQuery } from "./ticket-query.js";

/** What an analytics figure can be broken down by. */
export type Dimension =
  | { kind: "hour_of_day" | "weekday" | "domain" | "source" | "channel" | "appeal_type" | "street" | "community" | "grid_cell" | "department" }
  | { kind: "tag"; categoryId: number }
  | { kind: "bucket"; interval: Interval };

export interface CountRow {
  keys: (string | number)[];
  count: number;
}

type Row = Record<string, unknown>;
const num = (v: unknown) => (v === null || v === undefined ? 0 : Number(v));

// Seconds since the epoch, floored: a cast would round 10:59:59.6 into the next hour.
const epoch = (col: SQL) => sql`floor(extract(epoch from ${col}))::bigint`;
// District time without relying on the database's time-zone settings; inlined, so statements stay the same text.
const localSeconds = (col: SQL) => sql`(${epoch(col)} + ${sql.raw(String(DISTRICT_UTC_OFFSET_S))})`;

/** The columns the daily and monthly rollups share with the hourly one. */
type CoarseColumn = "domain" | "streetId" | "communityId" | "gridCellId";

/**
 * A dimension as SQL over the hourly rollup and the tickets table (null where the rollup lacks it),
 * and the column of the daily and monthly rollups that holds it, if they have it.
 */
function keyExpr(d: Dimension, i: number): { rollup: SQL | null; coarse?: CoarseColumn; ticket: SQL; join?: SQL; named?: (key: SQL) => SQL } {
  const h = sql`${ticketRollupHourly.hour}`;
  const r = sql`${tickets.receivedAt}`;
  switch (d.kind) {
    case "hour_of_day":
      return { rollup: sql`((${localSeconds(h)} % 86400) / 3600)::int`, ticket: sql`((${localSeconds(r)} % 86400) / 3600)::int` };
    case "weekday":
      // 1970-01-01 was a Thursday (4); 0 is Sunday.
      return { rollup: sql`((${localSeconds(h)} / 86400 + 4) % 7)::int`, ticket: sql`((${localSeconds(r)} / 86400 + 4) % 7)::int` };
    case "bucket": {
      const f = (c: SQL) =>
        d.interval === "hour" ? sql`(${epoch(c)} / 3600)::int` : d.interval === "day" ? sql`(${localSeconds(c)} / 86400)::int` : sql`((${localSeconds(c)} / 86400 + 3) / 7)::int`;
      return { rollup: f(h), ticket: f(r) };
    }
    case "domain":
      return { rollup: sql`${ticketRollupHourly.domain}`, coarse: "domain", ticket: sql`coalesce(${tickets.domain}::text, 'UNKNOWN')` };
    case "source":
      return { rollup: sql`${ticketRollupHourly.source}::text`, ticket: sql`${tickets.source}::text` };
    case "street":
      return { rollup: sql`${ticketRollupHourly.streetId}`, coarse: "streetId", ticket: sql`coalesce(${tickets.streetId}, 0)` };
    case "community":
      return { rollup: sql`${ticketRollupHourly.communityId}`, coarse: "communityId", ticket: sql`coalesce(${tickets.communityId}, 0)` };
    case "grid_cell":
      return { rollup: sql`${ticketRollupHourly.gridCellId}`, coarse: "gridCellId", ticket: sql`coalesce(${tickets.gridCellId}, 0)` };
    case "channel":
      return { rollup: null, ticket: sql`${tickets.channel}::text` };
    case "appeal_type":
      return { rollup: null, ticket: sql`${tickets.appealType}::text` };
    case "department":
      return { rollup: null, ticket: sql`coalesce(${tickets.departmentId}, 0)` };
    case "tag": {
      // A ticket may carry several tags of one category (counted under each) or none ("none").
      // Counted by tag id, the category's ids read once; the few groups are named at the end.
      const alias = sql.raw(`tag${i}`);
      return {
        rollup: null,
        ticket: sql`${alias}.tag_id`,
        join: sql`left join lateral (select tt.tag_id from unnest(${tickets.tagIds}) as tt(tag_id)
                   where tt.tag_id = any(array(select id from tags where category_id = ${d.categoryId}))) ${alias} on true`,
        named: (key) => sql`coalesce((select code from tags where id = ${key}), 'none')`,
      };
    }
  }
}

type CoarseTable = typeof ticketRollupDaily | typeof ticketRollupMonthly;
type RollupTable = typeof ticketRollupHourly | CoarseTable;

/** Filters a rollup can answer: its own columns only, and no department scoping. */
function rollupConditions(q: TicketQuery, actor: Actor, ref: ReferenceData, table: RollupTable = ticketRollupHourly): SQL[] | null {
  if (actor.role === "department") return null;
  const allowed = new Set(["domain", "regionId", ...("source" in table ? ["source"] : [])]);
  for (const [k, v] of Object.entries(q)) {
    if (v === undefined || (Array.isArray(v) && v.length === 0)) continue;
    if (!allowed.has(k)) return null;
  }
  const c: SQL[] = [];
  if (q.source?.length && "source" in table) c.push(inArray(table.source, q.source));
  if (q.domain?.length) c.push(inArray(table.domain, q.domain));
  if (q.regionId !== undefined) {
    const region = ref.regions.get(q.regionId);
    if (!region) throw invalidInput(`Unknown region ${q.regionId} / 区域不存在`, { field: "regionId" });
    const col = { street: table.streetId, community: table.communityId, grid_cell: table.gridCellId }[region.level];
    c.push(sql`${col} = ${region.id}`);
  }
  return c;
}

const HELD = sql.raw(DEPARTMENT_HELD.map((s) => `'${s}'`).join(","));

/** The outcome counts of the tickets selected by the surrounding WHERE; see domain/metrics/performance.ts. */
function outcomeColumns(now: Date): SQL {
  const at = sql`${now.toISOString()}::timestamptz`;
  const t = (c: string) => sql.raw(`tickets.${c}`);
  return sql`count(*)::int as tickets,
    count(*) filter (where ${t("dispatched_at")} is not null and (${t("accepted_at")} is not null
      or ${t("dispatched_at")} <= ${at} - make_interval(hours => ${RESPONSE_LIMIT_HOURS})))::int as response_due,
    count(*) filter (where ${t("accepted_at")} is not null and ${t("dispatched_at")} is not null
      and ${t("accepted_at")} <= ${t("dispatched_at")} + make_interval(hours => ${RESPONSE_LIMIT_HOURS}))::int as responded,
    count(*) filter (where ${t("replied_at")} is not null)::int as replied,
    count(*) filter (where (${t("replied_at")} is not null and ${t("due_at")} is not null)
      or (${t("status")} in (${HELD}) and ${t("due_at")} < ${at}))::int as on_time_due,
    count(*) filter (where ${t("replied_at")} is not null and ${t("due_at")} is not null and ${t("replied_at")} <= ${t("due_at")})::int as on_time,
    count(*) filter (where ${t("replied_at")} >= ${t("dispatched_at")})::int as handled,
    coalesce(sum(extract(epoch from ${t("replied_at")} - ${t("dispatched_at")}) / 3600.0)
      filter (where ${t("replied_at")} >= ${t("dispatched_at")}), 0)::float8 as handling_hours,
    count(*) filter (where ${t("status")} = 'closed')::int as closed,
    count(*) filter (where ${t("status")} = 'closed' and ${t("satisfaction")} is distinct from 'dissatisfied')::int as resolved,
    count(*) filter (where ${t("satisfaction")} is not null)::int as rated,
    count(*) filter (where ${t("satisfaction")} in ('satisfied', 'basically_satisfied'))::int as satisfied,
    count(*) filter (where ${t("satisfaction")} = 'dissatisfied')::int as dissatisfied,
    count(*) filter (where ${t("replied_at")} is not null and ${t("reopen_count")} > 0)::int as reopened,
    count(*) filter (where ${t("status")} in (${HELD}) and ${t("due_at")} < ${at})::int as overdue_open`;
}

function toCounts(r: Row | undefined, events?: Row): OutcomeCounts {
  if (!r) return { ...ZERO_COUNTS, dispatches: num(events?.dispatches), returns: num(events?.returns) };
  return {
    tickets: num(r.tickets),
    dispatches: num(events?.dispatches),
    returns: num(events?.returns),
    responseDue: num(r.response_due),
    responded: num(r.responded),
    replied: num(r.replied),
    onTimeDue: num(r.on_time_due),
    onTime: num(r.on_time),
    handled: num(r.handled),
    handlingHours: Number(r.handling_hours ?? 0),
    closed: num(r.closed),
    resolved: num(r.resolved),
    rated: num(r.rated),
    satisfied: num(r.satisfied),
    dissatisfied: num(r.dissatisfied),
    reopened: num(r.reopened),
    overdueOpen: num(r.overdue_open),
  };
}

export interface DepartmentCounts extends OutcomeCounts {
  departmentId: number;
  /** Distinct tickets dispatched to the department in the period (its intake). */
  assigned: number;
}

export interface OverviewCounts extends OutcomeCounts {
  /** Tickets of the cohort dispatched to a department (once or more). */
  dispatchedTickets: number;
  located: number;
  immediate: number;
  openNow: number;
  overdueNow: number;
}

/**
 * Dispatches and returns in [f, t): the events of tickets handled here, and for imported history
 * (which has a timeline, not an event per step) each ticket's recorded dispatch.
 */
const dispatchLog = (f: string, t: string) => sql`(
  select ticket_id, department_id, type::text as type from ticket_events
  where at >= ${f}::timestamptz and at < ${t}::timestamptz and type in ('dispatched', 'returned')
  union all
  select id, department_id, 'dispatched' from tickets
  where imported_at is not null and dispatched_at >= ${f}::timestamptz and dispatched_at < ${t}::timestamptz and department_id is not null)`;

export class AnalyticsStore {
  constructor(
    private readonly database: Database,
    private readonly ref: ReferenceData,
  ) {}

  /**
   * Tickets received in [from, to) counted by the given dimensions. When the filter and the
   * dimensions allow it: whole local months and days from the monthly and daily rollups, whole hours
   * from the hourly one, the partial hours at the edges from the raw tickets; else from the tickets
   * alone. Every path gives the same numbers (test/integration/analytics.test.ts compares them with
   * plain SQL).
   */
  async countBy(actor: Actor, dims: Dimension[], from: Date, to: Date, q: TicketQuery = {}, now = new Date()): Promise<CountRow[]> {
    const { from: qFrom, to: qTo, ...rest } = q;
    const lo = qFrom && qFrom > from ? qFrom : from;
    const hi = qTo && qTo < to ? qTo : to;
    if (hi <= lo) return [];
    const keys = dims.map((d, i) => keyExpr(d, i));
    const names = keys.map((_, i) => sql.raw(`k${i}`));
    const ticketWhere = ticketConditions(rest, actor, this.ref, now);
    const ticketPart = (ranges: { from: Date; to: Date }[]) => {
      const time = or(...ranges.map((r) => and(gte(tickets.receivedAt, r.from), lt(tickets.receivedAt, r.to))));
      const select = sql.join([...keys.map((k, i) => sql`${k.ticket} as ${names[i]}`), sql`count(*) as n`], sql`, `);
      const joins = sql.join(keys.flatMap((k) => (k.join ? [k.join] : [])), sql` `);
      return sql`select ${select} from ${tickets} ${joins} where ${and(time, ...ticketWhere)} ${groupBy(keys.length)}`;
    };
    const rollupWhere = keys.every((k) => k.rollup !== null) ? rollupConditions(rest, actor, this.ref) : null;
    let inner: SQL;
    if (rollupWhere) {
      const parts: SQL[] = [];
      let pieces = [{ from: lo, to: hi }];
      // Whole local months, then whole local days, from the coarse rollups when they hold every key and filter.
      if (keys.every((k) => k.coarse) && rollupConditions(rest, actor, this.ref, ticketRollupMonthly)) {
        // Rows under domain '*' already sum every domain: read those unless domains are asked for.
        const everyDomain = !dims.some((d) => d.kind === "domain") && !rest.domain?.length;
        const coarse = (table: CoarseTable, w: { from: Date; to: Date }) => {
          // The column itself, not SQL around it: drizzle maps Date parameters through the column.
          const period = "month" in table ? table.month : table.day;
          const select = sql.join([...keys.map((k, i) => sql`${table[k.coarse!]} as ${names[i]}`), sql`sum(${table.received}) as n`], sql`, `);
          const where = and(gte(period, w.from), lt(period, w.to), everyDomain ? sql`${table.domain} = '*'` : sql`${table.domain} <> '*'`, ...rollupConditions(rest, actor, this.ref, table)!);
          return sql`select ${select} from ${table} where ${where} ${groupBy(keys.length)}`;
        };
        const { months, rest: partialMonths } = splitByMonth(lo, hi);
        if (months) parts.push(coarse(ticketRollupMonthly, months));
        pieces = [];
        for (const piece of partialMonths) {
          const { days, rest: partialDays } = splitByDay(piece.from, piece.to);
          if (days) parts.push(coarse(ticketRollupDaily, days));
          pieces.push(...partialDays);
        }
      }
      const edges: { from: Date; to: Date }[] = [];
      for (const piece of pieces) {
        const { aligned, edges: partial } = splitByHour(piece.from, piece.to);
        edges.push(...partial);
        if (!aligned) continue;
        const select = sql.join([...keys.map((k, i) => sql`${k.rollup!} as ${names[i]}`), sql`sum(${ticketRollupHourly.received}) as n`], sql`, `);
        const where = and(gte(ticketRollupHourly.hour, aligned.from), lt(ticketRollupHourly.hour, aligned.to), ...rollupWhere);
        parts.push(sql`select ${select} from ${ticketRollupHourly} where ${where} ${groupBy(keys.length)}`);
      }
      if (edges.length) parts.push(ticketPart(edges));
      inner = sql.join(parts, sql` union all `);
    } else {
      inner = ticketPart([{ from: lo, to: hi }]);
    }
    const outer = sql.join([...names.map((n, i) => (keys[i]!.named ? sql`${keys[i]!.named(n)} as ${n}` : n)), sql`sum(n)::bigint as n`], sql`, `);
    const rows = await this.database.rows<Row>(sql`select ${outer} from (${inner}) x ${groupBy(keys.length)} having sum(n) <> 0`);
    return rows.map((r) => ({ keys: names.map((_, i) => r[`k${i}`] as string | number), count: num(r.n) }));
  }

  /** Outcome counts of the tickets received in the window, plus what is open and overdue now. */
  async overview(actor: Actor, from: Date, to: Date, now = new Date()): Promise<OverviewCounts> {
    const vis = ticketConditions({}, actor, this.ref, now);
    const dept = actor.role === "department" ? sql`and department_id = ${actor.departmentId ?? -1}` : sql``;
    const [[cohort], [events], [open]] = await Promise.all([
      this.database.rows<Row>(sql`select ${outcomeColumns(now)},
          count(*) filter (where ${tickets.gridCellId} is not null)::int as located,
          count(*) filter (where ${tickets.status} = 'closed' and ${tickets.dispatchedAt} is null)::int as immediate,
          count(*) filter (where ${tickets.dispatchedAt} is not null)::int as dispatched_tickets
        from ${tickets} where ${and(gte(tickets.receivedAt, from), lt(tickets.receivedAt, to), ...vis)}`),
      this.database.rows<Row>(sql`select count(*) filter (where type = 'dispatched')::int as dispatches, count(*) filter (where type = 'returned')::int as returns
        from ${dispatchLog(from.toISOString(), to.toISOString())} l where true ${dept}`),
      this.database.rows<Row>(sql`select count(*)::int as open,
          count(*) filter (where ${tickets.status} in (${HELD}) and ${tickets.dueAt} < ${now.toISOString()}::timestamptz)::int as overdue
        from ${tickets} where ${and(sql`${tickets.status} <> 'closed'`, ...vis)}`),
    ]);
    return { ...toCounts(cohort, events), dispatchedTickets: num(cohort?.dispatched_tickets), located: num(cohort?.located), immediate: num(cohort?.immediate), openNow: num(open?.open), overdueNow: num(open?.overdue) };
  }

  /**
   * Per department: the tickets it leads that were dispatched to it in the window (the cohort of
   * its outcome rates), and its dispatch and return events in the window. A department sees itself only.
   */
  async departmentCounts(actor: Actor, from: Date, to: Date, now = new Date(), departmentIds?: number[]): Promise<DepartmentCounts[]> {
    const only = actor.role === "department" ? [actor.departmentId ?? -1] : departmentIds;
    const inDept = (col: SQL) => (only ? sql`and ${col} = any(${pgArray(only.length ? only : [-1])}::int[])` : sql``);
    const f = from.toISOString();
    const t = to.toISOString();
    const [cohorts, events] = await Promise.all([
      this.database.rows<Row>(sql`select department_id as d, ${outcomeColumns(now)} from ${tickets}
        where department_id is not null and dispatched_at >= ${f}::timestamptz and dispatched_at < ${t}::timestamptz ${inDept(sql`department_id`)}
        group by 1`),
      this.database.rows<Row>(sql`select department_id as d,
          count(*) filter (where type = 'dispatched')::int as dispatches,
          count(distinct ticket_id) filter (where type = 'dispatched')::int as assigned,
          count(*) filter (where type = 'returned')::int as returns
        from ${dispatchLog(f, t)} l where department_id is not null ${inDept(sql`department_id`)}
        group by 1`),
    ]);
    const byDept = new Map(cohorts.map((r) => [num(r.d), r]));
    const evByDept = new Map(events.map((r) => [num(r.d), r]));
    const ids = only ?? [...this.ref.departments.keys()];
    return ids
      .filter((id) => this.ref.departments.has(id))
      .map((id) => ({ departmentId: id, assigned: num(evByDept.get(id)?.assigned), ...toCounts(byDept.get(id), evByDept.get(id)) }));
  }

  /**
   * The surge detector's input: per area × domain, the tickets of the last hour and day (exact,
   * from the tickets) and, for the areas that reach a minimum count, the same hours of the
   * earlier weeks (from the rollup). Everything below the minimum cannot be a surge and costs
   * no baseline read.
   */
  async surgeObservations(now: Date): Promise<SurgeObservation[]> {
    const rules = WARNING_RULES.surge;
    const spec = { hour: rules.windows.find((w) => w.name === "hour")!, day: rules.windows.find((w) => w.name === "day")! };
    const HOUR = 3_600_000;
    const WEEK = 7 * 24 * HOUR;
    const t = now.getTime();
    const at = (ms: number) => sql`${new Date(ms).toISOString()}::timestamptz`;
    const counts = await this.database.rows<Row>(sql`
      with x as (
        select grid_cell_id, community_id, street_id, coalesce(domain::text, 'UNKNOWN') as d,
               count(*) filter (where received_at >= ${at(t - spec.hour.ms)}) as h, count(*) as n
        from tickets where received_at >= ${at(t - spec.day.ms)} and received_at < ${at(t)} and street_id is not null
        group by 1, 2, 3, 4)
      select level, id, community_id, street_id, d, sum(h)::int as h, sum(n)::int as n from (
        select 'grid_cell' as level, grid_cell_id as id, community_id, street_id, d, h, n from x
        union all select 'community', community_id, community_id, street_id, d, h, n from x
        union all select 'street', street_id, null::int, street_id, d, h, n from x) g
      where id is not null group by 1, 2, 3, 4, 5`);
    type Level = SurgeObservation["level"];
    const hot = counts.filter((r) => num(r.h) >= spec.hour.minCount[r.level as Level] || num(r.n) >= spec.day.minCount[r.level as Level]);
    if (hot.length === 0) return [];

    // Earlier weeks: the whole rollup hours around each window, shifted by k weeks, for the weeks that have data.
    const end = Math.ceil(t / HOUR) * HOUR;
    const hourFrom = Math.floor((t - spec.hour.ms) / HOUR) * HOUR;
    const dayFrom = Math.floor((t - spec.day.ms) / HOUR) * HOUR;
    const [first] = await this.database.rows<Row>(sql`select min(hour) as h from ticket_rollup_hourly`);
    const firstHour = first?.h ? new Date(first.h as string).getTime() : t;
    let weeks = 0;
    while (weeks < rules.baselineWeeks && dayFrom - (weeks + 1) * WEEK >= firstHour) weeks++;
    const ids = (level: Level) => pgArray([...new Set(hot.filter((r) => r.level === level).map((r) => num(r.id)))]);
    const streets = pgArray([...new Set(hot.map((r) => num(r.street_id)))]);
    const domains = pgArray([...new Set(hot.map((r) => String(r.d)))]);
    const history = new Map<string, { h: number; n: number }>();
    if (weeks > 0) {
      const rows = await this.database.rows<Row>(sql`
        with b as (
          select w.k, r.grid_cell_id, r.community_id, r.street_id, r.domain, r.received,
                 r.hour >= ${at(hourFrom)} - w.k * interval '7 days' as in_hour
          from generate_series(1, ${weeks}::int) as w(k)
          join ticket_rollup_hourly r on r.hour >= ${at(dayFrom)} - w.k * interval '7 days' and r.hour < ${at(end)} - w.k * interval '7 days'
          where r.domain = any(${domains}::text[]) and r.street_id = any(${streets}::int[]))
        select 'grid_cell' as level, grid_cell_id as id, domain as d, k, (sum(received) filter (where in_hour))::int as h, sum(received)::int as n
          from b where grid_cell_id = any(${ids("grid_cell")}::int[]) group by 1, 2, 3, 4
        union all select 'community', community_id, domain, k, (sum(received) filter (where in_hour))::int, sum(received)::int
          from b where community_id = any(${ids("community")}::int[]) group by 1, 2, 3, 4
        union all select 'street', street_id, domain, k, (sum(received) filter (where in_hour))::int, sum(received)::int
          from b where street_id = any(${ids("street")}::int[]) group by 1, 2, 3, 4`);
      for (const r of rows) history.set(`${r.level}|${num(r.id)}|${r.d}|${num(r.k)}`, { h: num(r.h), n: num(r.n) });
    }
    const out: SurgeObservation[] = [];
    for (const r of hot) {
      const level = r.level as Level;
      const id = num(r.id);
      const d = String(r.d);
      const past = Array.from({ length: weeks }, (_, i) => history.get(`${level}|${id}|${d}|${i + 1}`) ?? { h: 0, n: 0 });
      const base = { level, regionId: id, communityId: r.community_id === null ? null : num(r.community_id), streetId: num(r.street_id), domain: d, ticketIds: [] };
      out.push({ ...base, window: "hour", windowMs: spec.hour.ms, observed: num(r.h), history: past.map((p) => p.h), historySpanMs: end - hourFrom });
      out.push({ ...base, window: "day", windowMs: spec.day.ms, observed: num(r.n), history: past.map((p) => p.n), historySpanMs: end - dayFrom });
    }
    return out;
  }

  /**
   * The newest tickets behind each surge (its area, domain and window), up to 200 each: one
   * statement per area level, however many surges a storm raises.
   */
  async surgeEvidence(surges: readonly { level: SurgeObservation["level"]; regionId: number; domain: string; windowMs: number }[], now: Date): Promise<number[][]> {
    const out: number[][] = surges.map(() => []);
    for (const level of ["street", "community", "grid_cell"] as const) {
      const mine = surges.flatMap((x, i) => (x.level === level ? [{ ...x, i }] : []));
      if (mine.length === 0) continue;
      const col = sql.raw({ street: "street_id", community: "community_id", grid_cell: "grid_cell_id" }[level]);
      // One row per surge with its ids as an array: a storm raises hundreds of surges a second, and
      // 200 rows each were most of what the hub parsed.
      const rows = await this.database.rows<Row>(sql`
        select s.i, (select coalesce(array_agg(e.id order by e.id desc), '{}') from (select t.id from ${tickets} t
            where t.${col} = s.region_id and coalesce(t.domain::text, 'UNKNOWN') = s.domain
              and t.received_at >= s.since and t.received_at < ${now.toISOString()}::timestamptz
            order by t.id desc limit 200) e)::text as ids
        from unnest(${pgArray(mine.map((x) => x.i))}::int[], ${pgArray(mine.map((x) => x.regionId))}::int[],
                    ${pgArray(mine.map((x) => x.domain))}::text[], ${pgArray(mine.map((x) => new Date(now.getTime() - x.windowMs).toISOString()))}::timestamptz[]) as s(i, region_id, domain, since)`);
      for (const r of rows) {
        const ids = String(r.ids).slice(1, -1);
        out[num(r.i)] = ids === "" ? [] : ids.split(",").map(Number);
      }
    }
    return out;
  }
}

function groupBy(n: number): SQL {
  return n === 0 ? sql`` : sql.raw(`group by ${Array.from({ length: n }, (_, i) => i + 1).join(", ")}`);
}
