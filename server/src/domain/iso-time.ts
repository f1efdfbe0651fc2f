// Date → ISO 8601 text (what Date#toISOString gives) for the bulk paths: an import writes eight or
// nine a row, the seed about a million in all, and toISOString took about 0.45 µs each, a third of
// a row's COPY text. A day repeats for thousands of rows, so its date part is remembered and only
// the time of day is built.

const PAD2 = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, "0"));
const PAD3 = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, "0"));
const DAY = 86_400_000;
const days = new Map<number, string>();
/** Years 0–9999 print as toISOString prints them; others are left to it (six-digit years). */
const FROM = -62_167_219_200_000; // 0000-01-01T00:00:00.000Z
const TO = 253_402_300_800_000; // 10000-01-01T00:00:00.000Z

/** Exactly `d.toISOString()` (and its RangeError for an invalid date). */
export function isoString(d: Date): string {
  return isoOfMs(d.getTime());
}

/** `new Date(t).toISOString()` for a time in milliseconds, without making the Date. */
export function isoOfMs(t: number): string {
  if (!(Number.isInteger(t) && t >= FROM && t < TO)) return new Date(t).toISOString();
  const day = Math.floor(t / DAY);
  let date = days.get(day);
  if (date === undefined) {
    if (days.size >= 4096) days.clear();
    date = new Date(day * DAY).toISOString().slice(0, 11);
    days.set(day, date);
  }
  let ms = t - day * DAY;
  const h = Math.floor(ms / 3_600_000);
  ms -= h * 3_600_000;
  const m = Math.floor(ms / 60_000);
  ms -= m * 60_000;
  const s = Math.floor(ms / 1000);
  return `${date}${PAD2[h]}:${PAD2[m]}:${PAD2[s]}.${PAD3[ms - s * 1000]}Z`;
}
