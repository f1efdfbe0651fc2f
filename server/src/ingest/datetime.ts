// Timestamps as other systems write them: a format such as "MM/DD/YYYY hh:mm:ss A" read in the
// sender's time zone (an IANA name such as America/New_York), without a date library: Intl knows
// every zone's offsets, and the offset of each local hour is computed once and remembered, which
// keeps a million-row import from calling Intl a million times.

import { RowError } from "./fields.js";

const TOKENS: Record<string, { re: string; part: keyof Parts }> = {
  YYYY: { re: "(\\d{4})", part: "year" },
  YY: { re: "(\\d{2})", part: "year" },
  MM: { re: "(\\d{1,2})", part: "month" },
  M: { re: "(\\d{1,2})", part: "month" },
  DD: { re: "(\\d{1,2})", part: "day" },
  D: { re: "(\\d{1,2})", part: "day" },
  HH: { re: "(\\d{1,2})", part: "hour" },
  H: { re: "(\\d{1,2})", part: "hour" },
  hh: { re: "(\\d{1,2})", part: "hour12" },
  h: { re: "(\\d{1,2})", part: "hour12" },
  mm: { re: "(\\d{2})", part: "minute" },
  ss: { re: "(\\d{2})", part: "second" },
  SSS: { re: "(\\d{1,3})", part: "ms" },
  A: { re: "([AaPp][Mm])", part: "ampm" },
};
const TOKEN_RE = /YYYY|YY|SSS|MM|DD|HH|hh|mm|ss|M|D|H|h|A/g;

interface Parts {
  year: number;
  month: number;
  day: number;
  hour: number;
  hour12: number;
  minute: number;
  second: number;
  ms: number;
  ampm: number;
}

export type DateParser = (text: string) => Date;

/** Checks a time zone name; Intl throws a RangeError for one it does not know. */
export function checkTimeZone(timeZone: string): void {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone });
  } catch {
    throw new Error(`unknown time zone ${JSON.stringify(timeZone)} (use an IANA name such as Asia/Shanghai or America/New_York)`);
  }
}

/** UTC milliseconds of a wall-clock time in a zone. */
export function zonedTimeToUtc(timeZone: string): (y: number, mo: number, d: number, h: number, mi: number, s: number, ms: number) => number {
  checkTimeZone(timeZone);
  const dtf = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "numeric",
    day: "numeric",
    hour: "numeric",
    minute: "numeric",
    second: "numeric",
  });
  const offsetAt = (utc: number): number => {
    const p: Record<string, number> = {};
    for (const x of dtf.formatToParts(new Date(utc))) if (x.type !== "literal") p[x.type] = Number(x.value);
    const asUtc = Date.UTC(p.year ?? 1970, (p.month ?? 1) - 1, p.day ?? 1, p.hour ?? 0, p.minute ?? 0, p.second ?? 0);
    return asUtc - Math.floor(utc / 1000) * 1000;
  };
  const byLocalHour = new Map<number, number>();
  return (y, mo, d, h, mi, s, ms) => {
    const local = Date.UTC(y, mo - 1, d, h, mi, s, ms);
    const hourKey = Math.floor(local / 3_600_000);
    let offset = byLocalHour.get(hourKey);
    if (offset === undefined) {
      const start = hourKey * 3_600_000;
      // Guess with the offset at the guess, then correct once: right on both sides of a DST change.
      const first = offsetAt(start);
      offset = offsetAt(start - first);
      if (byLocalHour.size > 100_000) byLocalHour.clear();
      byLocalHour.set(hourKey, offset);
    }
    return local - offset;
  };
}

/**
 * A parser for one format in one zone. `iso` accepts ISO-8601 (a time without an offset is read in
 * the zone); `epoch_ms` and `epoch_s` are numbers.
 */
export function dateParser(format: string, timeZone: string): DateParser {
  const toUtc = zonedTimeToUtc(timeZone);
  if (format === "epoch_ms" || format === "epoch_s") {
    const scale = format === "epoch_s" ? 1000 : 1;
    return (text) => {
      const n = Number(text.trim());
      if (!Number.isFinite(n) || text.trim() === "") throw new RowError(`${JSON.stringify(text)} is not a ${format} timestamp / 时间戳格式错误`);
      return new Date(n * scale);
    };
  }
  if (format === "iso") {
    const re = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/;
    return (text) => {
      const m = re.exec(text.trim());
      if (!m) throw new RowError(`${JSON.stringify(text)} is not an ISO-8601 time / 时间格式错误`);
      const [, y, mo, d, h = "0", mi = "0", s = "0", frac = "0", zone] = m;
      const ms = Number(frac.slice(0, 3).padEnd(3, "0"));
      if (zone) {
        const t = Date.parse(`${y}-${mo}-${d}T${h.padStart(2, "0")}:${mi}:${s.padStart(2, "0")}.${String(ms).padStart(3, "0")}${zone === "Z" ? "Z" : zone.replace(/^([+-]\d{2})(\d{2})$/, "$1:$2")}`);
        if (Number.isNaN(t)) throw new RowError(`${JSON.stringify(text)} is not a valid time / 时间无效`);
        return new Date(t);
      }
      return checked(text, Number(y), Number(mo), Number(d), Number(h), Number(mi), Number(s), ms, toUtc);
    };
  }
  const parts: (keyof Parts)[] = [];
  let pattern = "";
  let last = 0;
  for (const m of format.matchAll(TOKEN_RE)) {
    pattern += escape(format.slice(last, m.index)) + TOKENS[m[0]]!.re;
    parts.push(TOKENS[m[0]]!.part);
    last = m.index + m[0].length;
  }
  pattern += escape(format.slice(last));
  if (!parts.includes("year") || !parts.includes("month") || !parts.includes("day")) {
    throw new Error(`date format ${JSON.stringify(format)} needs YYYY (or YY), MM and DD; or use "iso", "epoch_ms", "epoch_s"`);
  }
  if (parts.includes("hour12") !== parts.includes("ampm")) throw new Error(`date format ${JSON.stringify(format)}: hh (12-hour) goes with A (AM/PM), HH without it`);
  const re = new RegExp(`^${pattern}$`);
  return (text) => {
    const m = re.exec(text.trim());
    if (!m) throw new RowError(`${JSON.stringify(text)} does not match the date format ${format} / 日期格式不符`);
    const p: Parts = { year: 0, month: 1, day: 1, hour: 0, hour12: 0, minute: 0, second: 0, ms: 0, ampm: 0 };
    parts.forEach((part, i) => {
      const v = m[i + 1] ?? "";
      p[part] = part === "ampm" ? (/^p/i.test(v) ? 12 : 0) : Number(v);
    });
    if (p.year < 100) p.year += 2000;
    if (parts.includes("hour12")) {
      if (p.hour12 < 1 || p.hour12 > 12) throw new RowError(`${JSON.stringify(text)}: a 12-hour clock runs 1–12 / 小时无效`);
      p.hour = (p.hour12 % 12) + p.ampm;
    }
    return checked(text, p.year, p.month, p.day, p.hour, p.minute, p.second, p.ms, toUtc);
  };
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function checked(text: string, y: number, mo: number, d: number, h: number, mi: number, s: number, ms: number, toUtc: ReturnType<typeof zonedTimeToUtc>): Date {
  // Date.UTC rolls 31 February over into March; a date that does not exist is an error instead.
  const probe = new Date(Date.UTC(y, mo - 1, d));
  if (mo < 1 || mo > 12 || probe.getUTCDate() !== d || probe.getUTCMonth() !== mo - 1 || h > 23 || mi > 59 || s > 59) {
    throw new RowError(`${JSON.stringify(text)} is not a valid date / 日期无效`);
  }
  return new Date(toUtc(y, mo, d, h, mi, s, ms));
}
