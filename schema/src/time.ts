// The district's clock. A 12345 center works by Beijing time (China Standard Time, UTC+8, no
// daylight saving) whatever the zone of the machine the hub or the wall runs on, so "today", a
// local hour, a month or a holiday is worked out by shifting instants by this one offset rather
// than by the machine's or the database's time-zone settings.

export const DISTRICT_UTC_OFFSET_MS = 8 * 3_600_000;
/** The offset in seconds, for SQL over epoch seconds. */
export const DISTRICT_UTC_OFFSET_S = DISTRICT_UTC_OFFSET_MS / 1000;
/** The offset as ISO-8601 writes it after a local time. */
export const DISTRICT_UTC_OFFSET_ISO = "+08:00";

/** An instant moved by the offset: its getUTC…() parts are the district's clock and calendar. */
export function districtClock(t: Date | number): Date {
  return new Date((typeof t === "number" ? t : t.getTime()) + DISTRICT_UTC_OFFSET_MS);
}

/** The instant a district calendar day starts (month 1–12; out-of-range days and months roll over as in Date.UTC). */
export function districtDate(year: number, month: number, day = 1): Date {
  return new Date(Date.UTC(year, month - 1, day) - DISTRICT_UTC_OFFSET_MS);
}

/** District midnight of the day containing `t`, `add` days later. */
export function districtDayStart(t: Date | number, add = 0): Date {
  const c = districtClock(t);
  return districtDate(c.getUTCFullYear(), c.getUTCMonth() + 1, c.getUTCDate() + add);
}

/** The start of the district month containing `t`, `add` months later. */
export function districtMonthStart(t: Date | number, add = 0): Date {
  const c = districtClock(t);
  return districtDate(c.getUTCFullYear(), c.getUTCMonth() + 1 + add, 1);
}

/** The start of the district hour containing `t`. */
export function districtHourStart(t: Date | number): Date {
  const ms = typeof t === "number" ? t : t.getTime();
  return new Date(Math.floor((ms + DISTRICT_UTC_OFFSET_MS) / 3_600_000) * 3_600_000 - DISTRICT_UTC_OFFSET_MS);
}
