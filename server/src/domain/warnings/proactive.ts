import { districtClock, districtDate, type WarningSeverity } from "@cityops/schema/vocabulary";
import { evidenceList, WARNING_RULES, type Labels, type WarningCandidate } from "./types.js";

/** A season that brings its own requests; dates are local (Beijing) calendar days. */
export interface Season {
  code: "flood" | "heating";
  name: string;
  start: { month: number; day: number };
  /** Exclusive; a season that crosses new year ends in the following year. */
  end: { month: number; day: number };
  /** What the season's requests say (a PostgreSQL regular expression, also valid in JavaScript). */
  pattern: string;
  action: string;
}

export const SEASONS: readonly Season[] = [
  {
    code: "flood",
    name: "汛期",
    start: { month: 6, day: 1 },
    end: { month: 10, day: 1 },
    pattern: "积水|内涝|排水|倒灌|返水|淹|雨水井|雨水篦",
    action: "汛期前排查易涝点、疏通排水设施",
  },
  {
    code: "heating",
    name: "供暖季",
    start: { month: 11, day: 15 },
    end: { month: 3, day: 16 },
    pattern: "暖气|供暖|供热|采暖|室温|试水|试压",
    action: "供暖前检修管网、试水试压并走访重点小区",
  },
];


export interface SeasonPeriod {
  season: Season;
  /** The year the season opens in. */
  year: number;
  from: Date;
  to: Date;
}

export function seasonPeriod(season: Season, year: number): SeasonPeriod {
  const crosses = season.end.month < season.start.month;
  return {
    season,
    year,
    from: districtDate(year, season.start.month, season.start.day),
    to: districtDate(crosses ? year + 1 : year, season.end.month, season.end.day),
  };
}

/** Seasons opening within the lead time, or opened so recently that a list still helps. */
export function upcomingSeasons(now: Date): SeasonPeriod[] {
  const r = WARNING_RULES.proactive;
  const year = districtClock(now).getUTCFullYear();
  const out: SeasonPeriod[] = [];
  for (const season of SEASONS) {
    for (const y of [year - 1, year, year + 1]) {
      const p = seasonPeriod(season, y);
      const until = p.from.getTime() - now.getTime();
      if (until <= r.leadMs && -until <= r.graceMs) out.push(p);
    }
  }
  return out;
}

/** The same season in the earlier years the detector looks at. */
export function earlierPeriods(p: SeasonPeriod): SeasonPeriod[] {
  return Array.from({ length: WARNING_RULES.proactive.years }, (_, i) => seasonPeriod(p.season, p.year - 1 - i));
}

/** A seasonal request of an earlier year, as the store found it by the season's pattern. */
export interface SeasonalRequest {
  id: number;
  /** The year its season opened in. */
  seasonYear: number;
  gridCellId: number;
  departmentId: number | null;
}

interface Place {
  cellId: number;
  years: Set<number>;
  count: number;
  ids: number[];
  departments: Map<number, number>;
}

/**
 * 未诉先办: the grid cells whose seasonal requests came back year after year (or came in numbers
 * once), grouped by the department that handled them, as one list per department to act on
 * before the season — the way the seed's center listed waterlogging points before the flood season.
 */
export function detectProactive(upcoming: SeasonPeriod, history: readonly SeasonalRequest[], labels: Labels): WarningCandidate[] {
  const r = WARNING_RULES.proactive;
  const places = new Map<number, Place>();
  for (const h of history) {
    if (h.seasonYear >= upcoming.year) continue;
    let p = places.get(h.gridCellId);
    if (!p) places.set(h.gridCellId, (p = { cellId: h.gridCellId, years: new Set(), count: 0, ids: [], departments: new Map() }));
    p.years.add(h.seasonYear);
    p.count++;
    p.ids.push(h.id);
    if (h.departmentId !== null) p.departments.set(h.departmentId, (p.departments.get(h.departmentId) ?? 0) + 1);
  }
  const perYear = (p: Place) => p.count / Math.max(1, p.years.size);
  const listed = [...places.values()].filter((p) => p.years.size >= r.minYears || perYear(p) >= r.minCountOneYear);
  const byDept = new Map<number, Place[]>();
  for (const p of listed) {
    const dept = [...p.departments.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]?.[0];
    if (dept === undefined) continue;
    const list = byDept.get(dept);
    if (list) list.push(p);
    else byDept.set(dept, [p]);
  }
  const s = upcoming.season;
  const out: WarningCandidate[] = [];
  for (const [dept, list] of byDept) {
    list.sort((a, b) => b.years.size - a.years.size || b.count - a.count || a.cellId - b.cellId);
    const name = labels.department(dept);
    const severity: WarningSeverity = list.length >= 10 ? "medium" : "low";
    const top = list.slice(0, 50).map((p) => ({ regionId: p.cellId, regionName: labels.region(p.cellId), years: [...p.years].sort(), count: p.count }));
    out.push({
      kind: "proactive",
      scopeKey: `${s.code}:${upcoming.year}:department:${dept}`,
      scope: { season: s.code, seasonName: s.name, seasonYear: upcoming.year, departmentId: dept, departmentName: name, places: top },
      severity,
      title: `${upcoming.year}年${s.name}未诉先办清单：${name}（${list.length}处）`,
      detail:
        `往年${s.name}反复出现相关诉求的${list.length}处网格：${top.slice(0, 10).map((p) => p.regionName).join("、")}${list.length > 10 ? "等" : ""}。` +
        `建议${name}${s.action}。 / Places with recurring ${s.code}-season requests in earlier years, for ${name} to act on before the season.`,
      evidenceTicketIds: evidenceList(list.flatMap((p) => p.ids)),
      count: list.length,
      departmentId: dept,
    });
  }
  return out;
}
