// Aggregates the wall computes from the last 24 hours of tickets until the hub's frame carries
// them (see the report of issue 7: byHourDomain, departmentRanking, flows).
import type { DayTicket } from "./api";
import { DOMAINS, UNCLASSIFIED, UNKNOWN_DOMAIN, domainName, hourStart, sourceName, tr, type WallFrame } from "./model";

export const WINDOW_HOURS = 24;
const TOP_DEPARTMENTS = 7;
const RANKED_DEPARTMENTS = 10;

export interface HourDomainCell {
  /** 0 = the oldest hour of the window, 23 = the current hour. */
  slot: number;
  domain: string;
  count: number;
}

export interface FlowLink {
  source: string;
  target: string;
  value: number;
}

export interface DepartmentRank {
  name: string;
  received: number;
  closed: number;
  overdue: number;
}

export interface WindowStats {
  /** Start of the oldest hour in the window (epoch ms), for the axis labels. */
  firstHour: number;
  total: number;
  truncated: boolean;
  hourDomain: HourDomainCell[];
  flows: FlowLink[];
  ranking: DepartmentRank[];
}

export function windowStart(now: number): Date {
  return new Date(hourStart(now) - (WINDOW_HOURS - 1) * 3600_000);
}

export const UNDISPATCHED = tr("待派单", "Not dispatched");
const OTHER_DEPARTMENTS = tr("其他单位", "Other units");

type Counts<K> = Map<K, number>;
const add = <K>(m: Counts<K>, k: K, n = 1) => m.set(k, (m.get(k) ?? 0) + n);

/** From the tickets themselves (until the frame carries the aggregates). */
export function aggregate(tickets: DayTicket[], now: number, truncated: boolean): WindowStats {
  const firstHour = windowStart(now).getTime();
  const heat: Counts<string> = new Map();
  const triples: Counts<string> = new Map();
  const depts = new Map<string, DepartmentRank>();
  for (const t of tickets) {
    const slot = Math.floor((Date.parse(t.receivedAt) - firstHour) / 3600_000);
    if (slot < 0 || slot >= WINDOW_HOURS) continue;
    const domain = t.domain ?? UNKNOWN_DOMAIN;
    add(heat, `${slot}|${domain}`);
    const dept = t.department?.name ?? UNDISPATCHED;
    add(triples, `${sourceName(t.source)}|${domainName(domain)}|${dept}`);
    if (t.department) {
      const r = depts.get(dept) ?? { name: dept, received: 0, closed: 0, overdue: 0 };
      r.received++;
      if (t.status === "CLOSED") r.closed++;
      if (t.overdue) r.overdue++;
      depts.set(dept, r);
    }
  }
  return finish(firstHour, tickets.length, truncated, heat, triples, [...depts.values()]);
}

/** From the frame, when the hub sends the aggregates: then the wall stops listing tickets. */
export function fromFrame(f: WallFrame, departments: Map<number, string>): WindowStats | null {
  if (!f.byHourDomain || !f.flows || !f.departmentRanking) return null;
  const firstHour = windowStart(Date.parse(f.at)).getTime();
  const heat: Counts<string> = new Map();
  let total = 0;
  for (const c of f.byHourDomain) {
    const slot = Math.floor((Date.parse(c.hour) - firstHour) / 3600_000);
    if (slot >= 0 && slot < WINDOW_HOURS) add(heat, `${slot}|${c.domain}`, c.count);
    total += c.count;
  }
  const deptName = (id: number | null) => (id === null ? UNDISPATCHED : (departments.get(id) ?? `#${id}`));
  const triples: Counts<string> = new Map();
  for (const l of f.flows) add(triples, `${sourceName(l.source)}|${domainName(l.domain)}|${deptName(l.departmentId)}`, l.count);
  const ranking = f.departmentRanking.map((r) => ({ name: deptName(r.departmentId), received: r.received, closed: r.closed, overdue: r.overdue }));
  return finish(firstHour, total, false, heat, triples, ranking);
}

function finish(firstHour: number, total: number, truncated: boolean, heat: Counts<string>, triples: Counts<string>, depts: DepartmentRank[]): WindowStats {
  const hourDomain: HourDomainCell[] = [];
  for (const [key, count] of heat) {
    const [slot, domain] = key.split("|") as [string, string];
    hourDomain.push({ slot: Number(slot), domain, count });
  }
  return {
    firstHour,
    total,
    truncated,
    hourDomain,
    flows: foldFlows(triples),
    ranking: [...depts].sort((a, b) => b.received - a.received || a.name.localeCompare(b.name)).slice(0, RANKED_DEPARTMENTS),
  };
}

/** Source → domain → department links, with the long tail of departments folded into one node. */
function foldFlows(triples: Map<string, number>): FlowLink[] {
  const perDept = new Map<string, number>();
  for (const [key, n] of triples) {
    const dept = key.split("|")[2] ?? "";
    if (dept !== UNDISPATCHED) perDept.set(dept, (perDept.get(dept) ?? 0) + n);
  }
  const top = new Set(
    [...perDept.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, TOP_DEPARTMENTS)
      .map(([d]) => d),
  );
  const links = new Map<string, number>();
  for (const [key, n] of triples) {
    const [src, dom, dept] = key.split("|") as [string, string, string];
    const target = dept === UNDISPATCHED || top.has(dept) ? dept : OTHER_DEPARTMENTS;
    links.set(`${src}|${dom}`, (links.get(`${src}|${dom}`) ?? 0) + n);
    links.set(`${dom}|${target}`, (links.get(`${dom}|${target}`) ?? 0) + n);
  }
  return [...links.entries()].map(([key, value]) => {
    const [source, target] = key.split("|") as [string, string];
    return { source, target, value };
  });
}

/** Row order of the heatmap: the ten domains, plus "unclassified" only when there is some. */
export function heatDomains(stats: WindowStats | null): { code: string; zh: string }[] {
  const rows = [...DOMAINS];
  if (stats?.hourDomain.some((c) => c.domain === UNKNOWN_DOMAIN)) rows.push({ code: UNKNOWN_DOMAIN, zh: UNCLASSIFIED });
  return rows;
}
