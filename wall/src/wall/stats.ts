// The three 24-hour charts' data (hour × domain heat, flows, department ranking) from the hub's
// counts in the frame (last24h), named in the wall's language.
import { UNDISPATCHED_LABEL } from "@cityops/schema/vocabulary";
import { DOMAINS, UNCLASSIFIED, UNKNOWN_DOMAIN, domainName, say, sourceName, tr, type FrameWindow } from "./model";

export const WINDOW_HOURS = 24;
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
  hourDomain: HourDomainCell[];
  flows: FlowLink[];
  ranking: DepartmentRank[];
}

export const UNDISPATCHED = say(UNDISPATCHED_LABEL);
const OTHER_DEPARTMENTS = tr("其他单位", "Other units");

export function fromFrame(w: FrameWindow, departments: Map<number, string>): WindowStats {
  const firstHour = Date.parse(w.from);
  const hourDomain = w.byHourDomain.map((c) => ({ slot: Math.round((Date.parse(c.hour) - firstHour) / 3600_000), domain: c.domain, count: c.count }));
  const deptName = (id: number | null | "other") => (id === null ? UNDISPATCHED : id === "other" ? OTHER_DEPARTMENTS : (departments.get(id) ?? `#${id}`));
  // Sankey nodes are names: links between the same two names are one link.
  const links = new Map<string, number>();
  const add = (from: string, to: string, n: number) => links.set(`${from}|${to}`, (links.get(`${from}|${to}`) ?? 0) + n);
  for (const f of w.flows) {
    const domain = domainName(f.domain);
    add(sourceName(f.source), domain, f.count);
    add(domain, deptName(f.departmentId), f.count);
  }
  const flows = [...links].map(([key, value]) => {
    const [source, target] = key.split("|") as [string, string];
    return { source, target, value };
  });
  // The hub sends every department tied for the last place: equal counts are ordered by name here, in the wall's language.
  const ranking = w.departmentRanking
    .map((r) => ({ name: deptName(r.departmentId), received: r.received, closed: r.closed, overdue: r.overdue }))
    .sort((a, b) => b.received - a.received || a.name.localeCompare(b.name))
    .slice(0, RANKED_DEPARTMENTS);
  return { firstHour, hourDomain, flows, ranking };
}

/** Row order of the heatmap: the ten domains, plus "unclassified" only when there is some. */
export function heatDomains(stats: WindowStats | null): { code: string; name: string }[] {
  const rows = [...DOMAINS];
  if (stats?.hourDomain.some((c) => c.domain === UNKNOWN_DOMAIN)) rows.push({ code: UNKNOWN_DOMAIN, name: UNCLASSIFIED });
  return rows;
}
