// The district's clock and calendar: time bands, statutory public holidays and the seasons that shape
// demand. The district works and rests by Beijing time whatever the server's zone, so every question
// is asked of the instant shifted to the district's clock (China has no daylight saving time).

import { districtClock } from "@cityops/schema/vocabulary";
import type { TimeWindow } from "./types.js";

export interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  /** 0 = Sunday. */
  weekday: number;
  /** YYYYMMDD, for comparisons against the holiday table. */
  dateKey: string;
}

/** The last instant asked about: the rule engine asks about one ticket's time a dozen times in a row. */
let last: { time: number; parts: Readonly<LocalParts> } | null = null;

export function beijing(d: Date): Readonly<LocalParts> {
  const time = d.getTime();
  if (last?.time === time) return last.parts;
  const parts = beijingParts(time);
  last = { time, parts };
  return parts;
}

function beijingParts(time: number): Readonly<LocalParts> {
  const l = districtClock(time);
  const year = l.getUTCFullYear();
  const month = l.getUTCMonth() + 1;
  const day = l.getUTCDate();
  return {
    year,
    month,
    day,
    hour: l.getUTCHours(),
    weekday: l.getUTCDay(),
    dateKey: `${year}${String(month).padStart(2, "0")}${String(day).padStart(2, "0")}`,
  };
}

/**
 * Statutory public holidays (法定节假日放假安排) of 2025 and 2026 as published by the State Council
 * General Office, first and last day off. Make-up working days (调休上班) are ordinary working days
 * here. Extend the table every December when the next year's arrangement is published.
 */
export const PUBLIC_HOLIDAYS: readonly { name: string; from: string; to: string }[] = [
  { name: "元旦", from: "20250101", to: "20250101" },
  { name: "春节", from: "20250128", to: "20250204" },
  { name: "清明节", from: "20250404", to: "20250406" },
  { name: "劳动节", from: "20250501", to: "20250505" },
  { name: "端午节", from: "20250531", to: "20250602" },
  { name: "国庆节、中秋节", from: "20251001", to: "20251008" },
  { name: "元旦", from: "20260101", to: "20260103" },
  { name: "春节", from: "20260215", to: "20260223" },
  { name: "清明节", from: "20260404", to: "20260406" },
  { name: "劳动节", from: "20260501", to: "20260505" },
  { name: "端午节", from: "20260619", to: "20260621" },
  { name: "中秋节", from: "20260925", to: "20260927" },
  { name: "国庆节", from: "20261001", to: "20261007" },
];

/** The holiday's name on that Beijing day, or null. */
export function holidayOn(d: Date): string | null {
  const key = beijing(d).dateKey;
  return PUBLIC_HOLIDAYS.find((h) => key >= h.from && key <= h.to)?.name ?? null;
}

/** Seasons as month-day ranges (MMDD, inclusive; a range may wrap the new year). */
export const SEASONS: Readonly<Record<"flood_season" | "heating_season" | "tourist_season", { from: string; to: string; why: string }>> = {
  flood_season: { from: "0601", to: "0930", why: "Shandong's flood season (汛期) runs from 1 June to 30 September" },
  heating_season: { from: "1115", to: "0331", why: "the district's heating period (供暖季): mid-November to the end of March" },
  tourist_season: { from: "0701", to: "0831", why: "the beach season of the coastal streets (旅游旺季)" },
};

function inSeason(d: Date, s: { from: string; to: string }): boolean {
  const md = beijing(d).dateKey.slice(4);
  return s.from <= s.to ? md >= s.from && md <= s.to : md >= s.from || md <= s.to;
}

/** Whether the instant falls in the window; bands follow the hotline's shifts (night 22:00–07:00). */
export function inWindow(d: Date, w: TimeWindow): boolean {
  const p = beijing(d);
  switch (w) {
    case "night":
      return p.hour >= 22 || p.hour < 7;
    case "evening":
      return p.hour >= 18 && p.hour < 22;
    case "weekend":
      return p.weekday === 0 || p.weekday === 6;
    case "holiday":
      return holidayOn(d) !== null;
    case "working_hours":
      return p.hour >= 7 && p.hour < 18 && p.weekday !== 0 && p.weekday !== 6 && holidayOn(d) === null;
    case "flood_season":
    case "heating_season":
    case "tourist_season":
      return inSeason(d, SEASONS[w]);
  }
}
