import { describe, expect, it } from "vitest";
import { copyPieces } from "../../server/src/db/copy.js";

describe("COPY text in pieces", () => {
  it("splits a large chunk at line ends only, and the pieces read back as the rows", () => {
    const rows = Array.from({ length: 6000 }, (_, i) => [`第${i}行：小区门口路灯不亮，晚上出行不便`.repeat(4), i, i % 3 === 0 ? null : new Date(Date.UTC(2026, 0, 1, 0, i))]);
    const pieces = [...copyPieces(rows)].map((p) => p.toString("utf8"));
    expect(pieces.length).toBeGreaterThan(1);
    for (const p of pieces) expect(p.endsWith("\n")).toBe(true);
    const lines = pieces.join("").split("\n").slice(0, -1);
    expect(lines).toHaveLength(rows.length);
    expect(lines[3]).toBe(`${rows[3]![0]}\t3\t\\N`);
    expect(lines[4]).toBe(`${rows[4]![0]}\t4\t2026-01-01T00:04:00.000Z`);
  });

  it("numbers the rows for a staging table's ord column when asked", () => {
    expect(Buffer.concat([...copyPieces([["a"], ["b"]], true)]).toString("utf8")).toBe("0\ta\n1\tb\n");
  });

  it("escapes the separators and drops NUL, which PostgreSQL text cannot hold", () => {
    expect(Buffer.concat([...copyPieces([["tab\there", "line\nbreak", "back\\slash", "nul\u0000x"]])]).toString("utf8")).toBe("tab\\there\tline\\nbreak\tback\\\\slash\tnulx\n");
  });
});
