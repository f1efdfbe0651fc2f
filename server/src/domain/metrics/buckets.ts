import { DISTRICT_UTC_OFFSET_MS, districtDayStart, districtMonthStart } from "@cityops/schema/vocabulary";
import { invalidInput } from "../errors.js";

// Days and weeks start at district midnight, whatever the server's zone.
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export type Interval = "hour" | "day" | "week";

/** Start of the local hour, day or (Monday-based) week containing `t`. */
export function bucketStart(t: Date, interval: Interval): Date {
  const local = t.getTime() + DISTRICT_UTC_OFFSET_MS;
  switch (interval) {
    case "hour":
      return new Date(Math.floor(t.getTime() / HOUR) * HOUR);
    case "day":
      return districtDayStart(t);
    case "week": {
      const dayStart = Math.floor(local / DAY) * DAY;
      // 1970-01-01 was a Thursday: shift so that weeks start on Monday.
      const weekday = (Math.floor(dayStart / DAY) + 3) % 7;
      return new Date(dayStart - weekday * DAY - DISTRICT_UTC_OFFSET_MS);
    }
  }
}

export function nextBucket(t: Date, interval: Interval): Date {
  const step = interval === "hour" ? HOUR : interval === "day" ? DAY : 7 * DAY;
  return new Date(t.getTime() + step);
}

/** Every bucket start from the one containing `from` up to (not including) `to`. */
export function bucketsBetween(from: Date, to: Date, interval: Interval, max: number): Date[] {
  const out: Date[] = [];
  for (let b = bucketStart(from, interval); b < to; b = nextBucket(b, interval)) {
    out.push(b);
    if (out.length > max) {
      throw invalidInput(`Too many ${interval} points between from and to (more than ${max}); choose a coarser interval / 时间点过多，请选择更粗的粒度`, {
        field: "interval",
        max,
      });
    }
  }
  return out;
}

/** Checks an analytics window: both ends given, in order, and not absurdly long. */
export function checkWindow(from: Date, to: Date, maxDays = 3660): void {
  if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime())) throw invalidInput("from and to must be valid times / 时间格式错误");
  if (to.getTime() <= from.getTime()) throw invalidInput("to must be later than from / 结束时间须晚于开始时间", { field: "to" });
  if (to.getTime() - from.getTime() > maxDays * DAY) throw invalidInput(`The window is longer than ${maxDays} days / 时间跨度过长`, { field: "from" });
}

export const WEEKDAY_ZH = ["周日", "周一", "周二", "周三", "周四", "周五", "周六"] as const;

/** Hour-aligned part of a window and the partial hours at its edges, for rollup + raw reads. */
export function splitByHour(from: Date, to: Date): { aligned: { from: Date; to: Date } | null; edges: { from: Date; to: Date }[] } {
  const a = Math.ceil(from.getTime() / HOUR) * HOUR;
  const b = Math.floor(to.getTime() / HOUR) * HOUR;
  if (a >= b) return { aligned: null, edges: [{ from, to }] };
  const edges: { from: Date; to: Date }[] = [];
  if (from.getTime() < a) edges.push({ from, to: new Date(a) });
  if (b < to.getTime()) edges.push({ from: new Date(b), to });
  return { aligned: { from: new Date(a), to: new Date(b) }, edges };
}

/** The start of the district month containing `t`, `add` months later. */
export const localMonthStart = (t: Date, add = 0): Date => districtMonthStart(t, add);

type Window = { from: Date; to: Date };

/** The part of a window made of whole periods (local days or months), and the pieces left at its edges. */
function splitAligned(from: Date, to: Date, start: (t: Date, add?: number) => Date): { aligned: Window | null; rest: Window[] } {
  const first = start(from);
  const a = first.getTime() === from.getTime() ? first : start(from, 1);
  const b = start(to);
  if (a >= b) return { aligned: null, rest: [{ from, to }] };
  const rest: Window[] = [];
  if (from < a) rest.push({ from, to: a });
  if (b < to) rest.push({ from: b, to });
  return { aligned: { from: a, to: b }, rest };
}

/** District midnight of the day containing `t`, `add` days later. */
export const localDayStart = (t: Date, add = 0): Date => districtDayStart(t, add);

/** Whole local months inside a window, and the (at most two) pieces left at its edges. */
export function splitByMonth(from: Date, to: Date): { months: Window | null; rest: Window[] } {
  const { aligned, rest } = splitAligned(from, to, localMonthStart);
  return { months: aligned, rest };
}

/** Whole local days inside a window, and the pieces left at its edges. */
export function splitByDay(from: Date, to: Date): { days: Window | null; rest: Window[] } {
  const { aligned, rest } = splitAligned(from, to, localDayStart);
  return { days: aligned, rest };
}
