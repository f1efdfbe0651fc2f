// When tickets arrive, and the calendar they arrive in: the district's yearly volume spread over
// hours with a daily rhythm (busy 9–11 and 14–17, quiet at night), a weekly one (grid workers rarely
// patrol at weekends), public holidays, seasonal themes, and a couple of rainstorms that flood a few
// low-lying grid cells.

import { DISTRICT_UTC_OFFSET_MS } from "@cityops/schema/vocabulary";
import type { MatterTheme } from "./matter-templates.js";
import type { Random } from "./random.js";
import { isoOfMs } from "../domain/iso-time.js";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export type Feed = "hotline" | "grid" | "department_push" | "sensor";

export interface Arrival {
  at: number;
  feed: Feed;
  storm: boolean;
}

export interface Storm {
  start: number;
  end: number;
}

/** Local (Beijing time) calendar parts of a moment. */
export function localParts(t: number): { hour: number; weekday: number; month: number; day: number; dateKey: string } {
  const d = new Date(t + DISTRICT_UTC_OFFSET_MS);
  const month = d.getUTCMonth() + 1;
  const day = d.getUTCDate();
  return {
    hour: d.getUTCHours(),
    weekday: d.getUTCDay(),
    month,
    day,
    dateKey: `${d.getUTCFullYear()}${String(month).padStart(2, "0")}${String(day).padStart(2, "0")}`,
  };
}

// Statutory public holidays (approximate calendar, 2024–2026): enough for weekday rhythms and the
// holiday time band. Outside these years no day counts as a holiday.
const HOLIDAY_RANGES: readonly [string, string][] = [
  ["20240101", "20240101"], ["20240210", "20240217"], ["20240404", "20240406"], ["20240501", "20240505"],
  ["20240610", "20240610"], ["20240915", "20240917"], ["20241001", "20241007"],
  ["20250101", "20250101"], ["20250128", "20250204"], ["20250404", "20250406"], ["20250501", "20250505"],
  ["20250531", "20250602"], ["20251001", "20251008"],
  ["20260101", "20260103"], ["20260215", "20260223"], ["20260404", "20260406"], ["20260501", "20260505"],
  ["20260619", "20260621"], ["20260925", "20260927"], ["20261001", "20261007"],
];

export function isHoliday(t: number): boolean {
  const key = localParts(t).dateKey;
  return HOLIDAY_RANGES.some(([a, b]) => key >= a && key <= b);
}

/** How strongly each seasonal theme is asked about on a day, relative to an ordinary day. */
export function themeFactors(t: number): Record<MatterTheme, number> {
  const { month, day } = localParts(t);
  const heating =
    month === 11 ? (day < 15 ? 3 : 8) : month === 12 || month === 1 || month === 2 ? 5 : month === 3 ? (day <= 15 ? 3 : 0.5) : month === 10 && day >= 20 ? 1.5 : 0.3;
  return {
    heating,
    waterlogging: month >= 6 && month <= 9 ? 2 : 0.4,
    tourism: month === 7 || month === 8 ? 3 : [5, 6, 9, 10].includes(month) ? 1.3 : 0.4,
    wages: month === 12 || month === 1 ? 2.5 : month === 11 ? 1.6 : 1,
    burning: month === 6 || month === 10 ? 3 : 0.6,
    gas: month >= 11 || month <= 3 ? 1.4 : 1,
  };
}

/** Heating starts on 15 November in Yantai: before that, heating calls are mostly questions. */
export function heatingStarted(t: number): boolean {
  const { month, day } = localParts(t);
  return (month === 11 && day >= 15) || month === 12 || month <= 3;
}

const FEED_SHARE: Record<Feed, number> = { hotline: 0.75, grid: 0.18, department_push: 0.049, sensor: 0.021 };

const HOUR_PROFILE: Record<Feed, readonly number[]> = {
  hotline: [0.15, 0.1, 0.08, 0.07, 0.08, 0.15, 0.4, 0.9, 1.5, 2.1, 2.2, 1.9, 1.1, 1.2, 1.9, 2.0, 1.9, 1.5, 1.0, 0.95, 0.85, 0.6, 0.4, 0.25],
  grid: [0, 0, 0, 0, 0, 0, 0.05, 0.3, 1.5, 2.2, 2.2, 1.6, 0.6, 0.7, 1.8, 2.1, 1.8, 0.9, 0.2, 0.1, 0.05, 0, 0, 0],
  department_push: [0.05, 0.05, 0.05, 0.05, 0.05, 0.1, 0.2, 0.6, 1.6, 2.0, 2.0, 1.6, 0.8, 1.0, 1.8, 1.9, 1.7, 1.0, 0.4, 0.3, 0.2, 0.1, 0.05, 0.05],
  sensor: Array.from({ length: 24 }, () => 1),
};

function dayFactor(feed: Feed, t: number): number {
  const { weekday, month, day } = localParts(t);
  const weekend = weekday === 0 || weekday === 6;
  const holiday = isHoliday(t);
  if (feed === "sensor") return 1;
  let f = 1;
  if (feed === "hotline") f = holiday ? 0.65 : weekend ? 0.72 : 1;
  else if (feed === "grid") f = holiday ? 0.2 : weekend ? 0.35 : 1;
  else f = holiday ? 0.3 : weekend ? 0.4 : 1;
  // The first weeks of heating and the summer season bring more calls, not only different ones.
  if (feed === "hotline" && ((month === 11 && day >= 15) || (month === 12 && day <= 10))) f *= 1.12;
  if (feed === "hotline" && (month === 7 || month === 8)) f *= 1.08;
  return f;
}

/** Days (offset from the window start) with a rainstorm, and its hours. */
function planStorms(rnd: Random, start: number, now: number, days: number): Storm[] {
  const out: Storm[] = [];
  for (const frac of [0.3, 0.72]) {
    const offset = Math.max(0, Math.min(days - 1, Math.floor(days * frac) + rnd.int(-2, 2)));
    const localMidnight = Math.floor((start + offset * DAY + DISTRICT_UTC_OFFSET_MS) / DAY) * DAY - DISTRICT_UTC_OFFSET_MS;
    const s = localMidnight + rnd.int(10, 16) * HOUR + rnd.int(0, 59) * 60_000;
    const e = s + rnd.range(4, 8) * HOUR;
    if (s > start && e + 6 * HOUR < now) out.push({ start: s, end: e });
  }
  return out;
}

export function planArrivals(rnd: Random, now: number, days: number, ticketsPerYear: number): { arrivals: Arrival[]; storms: Storm[] } {
  const start = now - days * DAY;
  const expected = (ticketsPerYear * days) / 365;
  const firstSlot = Math.floor(start / HOUR) * HOUR;
  const feeds = Object.keys(FEED_SHARE) as Feed[];
  const weights = new Map<Feed, number[]>();
  for (const feed of feeds) {
    const w: number[] = [];
    for (let slot = firstSlot; slot < now; slot += HOUR) {
      // Partial first and last hours carry only their share of the hour.
      const covered = (Math.min(slot + HOUR, now) - Math.max(slot, start)) / HOUR;
      w.push((HOUR_PROFILE[feed][localParts(slot).hour] ?? 0) * dayFactor(feed, slot) * Math.max(0, covered));
    }
    weights.set(feed, w);
  }
  const arrivals: Arrival[] = [];
  for (const feed of feeds) {
    const w = weights.get(feed) ?? [];
    const sum = w.reduce((a, b) => a + b, 0);
    if (sum <= 0) continue;
    w.forEach((wi, i) => {
      const n = rnd.poisson((expected * FEED_SHARE[feed] * wi) / sum);
      const slot = firstSlot + i * HOUR;
      const lo = Math.max(slot, start);
      const hi = Math.min(slot + HOUR, now);
      for (let k = 0; k < n; k++) arrivals.push({ at: Math.floor(rnd.range(lo, hi)), feed, storm: false });
    });
  }
  const storms = planStorms(rnd, start, now, days);
  for (const s of storms) {
    const extra = Math.round((ticketsPerYear / 150_000) * rnd.range(220, 320));
    const span = s.end - s.start + 6 * HOUR;
    for (let k = 0; k < extra; k++) {
      // Front-loaded: most calls come while the rain falls, fewer as the water recedes.
      const at = Math.floor(s.start + span * Math.pow(rnd.float(), 1.6));
      const feed = rnd.weighted([["hotline", 80], ["grid", 12], ["sensor", 8]] as const);
      arrivals.push({ at: Math.min(at, now - 1), feed, storm: true });
    }
  }
  // Stable order: by time, then by generation order, so ids follow time deterministically.
  return { arrivals: arrivals.map((a, i) => ({ a, i })).sort((x, y) => x.a.at - y.a.at || x.i - y.i).map((x) => x.a), storms };
}

/** ISO-8601 in UTC of a moment (milliseconds), or null. */
export function iso(t: number | null): string | null {
  return t === null ? null : isoOfMs(Math.floor(t));
}

export function timeBand(t: number): "working_hours" | "evening" | "night" | "weekend" | "holiday" {
  if (isHoliday(t)) return "holiday";
  const { hour, weekday } = localParts(t);
  if (hour >= 22 || hour < 7) return "night";
  if (weekday === 0 || weekday === 6) return "weekend";
  return hour >= 18 ? "evening" : "working_hours";
}

export function seasons(t: number): string[] {
  const { month } = localParts(t);
  const out: string[] = [];
  if (month >= 6 && month <= 9) out.push("flood_season");
  if (month >= 11 || month <= 3) out.push("heating_season");
  if (month === 7 || month === 8) out.push("tourist_season");
  return out;
}
