import { describe, expect, it } from "vitest";
import { isoString } from "../../server/src/domain/iso-time.js";

describe("ISO text of a date for the bulk paths", () => {
  it("prints every instant as toISOString does, across days, years and the edges of its range", () => {
    const edges = [0, -1, 1, 86_399_999, 86_400_000, -62_167_219_200_000, -62_167_219_200_001, 253_402_300_799_999, 253_402_300_800_000, Date.UTC(2024, 1, 29, 23, 59, 59, 999), Date.UTC(1969, 11, 31, 12)];
    let seed = 42;
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    const spread = Array.from({ length: 20_000 }, () => Math.floor((random() - 0.3) * 4e12));
    // Many instants of few days, as an import writes them: the remembered date parts must not leak across days.
    const sameDays = Array.from({ length: 5_000 }, (_, i) => Date.UTC(2025, 0, 1 + (i % 3)) + Math.floor(random() * 86_400_000));
    for (const t of [...edges, ...spread, ...sameDays]) expect(isoString(new Date(t))).toBe(new Date(t).toISOString());
  });

  it("refuses an invalid date as toISOString does", () => {
    expect(() => isoString(new Date(Number.NaN))).toThrow(RangeError);
  });
});
