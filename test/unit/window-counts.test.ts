import { describe, expect, it } from "vitest";
import { WindowCounts, type WindowRow } from "../../server/src/domain/tagging/window-counts.js";
import { collectiveWindows, historyWindows } from "../../server/src/domain/tagging/evaluate.js";
import { collectiveKey, historyKey } from "../../server/src/domain/tagging/types.js";
import { RULE_SET } from "../../server/src/domain/tagging/rules/index.js";

const DAY = 86_400_000;
const HOUR = 3_600_000;
const HIST = historyWindows(RULE_SET);
const COLL = collectiveWindows(RULE_SET);

/**
 * The database's count (store/rule-tagger.ts `count`), written out over plain arrays: `stored` rows
 * are all earlier than the chunk's rows unless later in time; within the chunk, time then position.
 */
function reference(stored: readonly (WindowRow & { caller: string })[], chunk: readonly (WindowRow & { caller: string })[], i: number) {
  const s = chunk[i]!;
  const earlierInChunk = (j: number) => chunk[j]!.receivedAt < s.receivedAt || (chunk[j]!.receivedAt === s.receivedAt && j < i);
  const history: Record<string, number> = {};
  for (const w of HIST) {
    const key = w.by === "phone" ? s.phone : s.address;
    const same = (r: WindowRow) => key !== null && (w.by === "phone" ? r.phone : r.address) === key && r.receivedAt >= s.receivedAt - w.withinDays * DAY;
    history[historyKey(w.by, w.withinDays)] = stored.filter((r) => same(r) && r.receivedAt <= s.receivedAt).length + chunk.filter((r, j) => same(r) && earlierInChunk(j)).length;
  }
  const collective: Record<string, number> = {};
  for (const w of COLL) {
    const place = w.scope === "grid_cell" ? s.cellId : s.communityId;
    const same = (r: WindowRow) => place !== null && s.matterId !== null && (w.scope === "grid_cell" ? r.cellId : r.communityId) === place && r.matterId === s.matterId && r.receivedAt >= s.receivedAt - w.withinHours * HOUR;
    const callers = new Set([...stored.filter((r) => same(r) && r.receivedAt <= s.receivedAt), ...chunk.filter((r, j) => same(r) && (earlierInChunk(j) || j === i))].map((r) => r.caller));
    collective[collectiveKey(w.scope, w.withinHours)] = place !== null && s.matterId !== null ? callers.size : 0;
  }
  return { history, collective };
}

describe("an import's history and collective counts kept in memory", () => {
  it("counts exactly as the database does, chunk after chunk, with equal times, shuffled chunks and anonymous callers", () => {
    let seed = 11;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
    const counts = new WindowCounts(HIST, COLL);
    const stored: (WindowRow & { caller: string })[] = [];
    let at = Date.UTC(2024, 0, 1);
    let anonymous = 0;
    for (let c = 0; c < 12; c++) {
      const chunk: (WindowRow & { caller: string })[] = [];
      for (let k = 0; k < 150; k++) {
        at += Math.floor(rnd() * 3) * 40 * 60_000; // some rows at the same instant
        const phone = rnd() < 0.2 ? null : pick(["13800000001", "13800000002", "13800000003", "13900000004"]);
        const row = {
          receivedAt: at - Math.floor(rnd() * 4) * HOUR, // out of order within a few hours
          phone,
          address: rnd() < 0.3 ? null : pick(["花园小区5号楼", "幸福路12号", "海滨路3号"]),
          cellId: rnd() < 0.1 ? null : pick([1, 2]),
          communityId: rnd() < 0.1 ? null : pick([10, 11]),
          matterId: rnd() < 0.1 ? null : pick([100, 101]),
        };
        chunk.push({ ...row, caller: phone ?? `anon:${anonymous++}` });
      }
      const got = counts.countAndAdd(chunk);
      expect(got).not.toBeNull();
      for (let i = 0; i < chunk.length; i++) expect(got![i], `chunk ${c} row ${i}`).toEqual(reference(stored, chunk, i));
      stored.push(...chunk);
    }
  });

  it("keeps one window of memory and says when a row reaches back past it", () => {
    const counts = new WindowCounts(HIST, COLL);
    const row = (at: number): WindowRow => ({ receivedAt: at, phone: "13800000001", address: null, cellId: null, communityId: null, matterId: null });
    const t0 = Date.UTC(2024, 0, 1);
    expect(counts.countAndAdd([row(t0)])).not.toBeNull();
    expect(counts.countAndAdd([row(t0 + 100 * DAY)])).not.toBeNull();
    // A row a day before the latest is counted; three days before, its 30-day window reaches back
    // past the window and two days of slack that memory keeps.
    expect(counts.countAndAdd([row(t0 + 99 * DAY)])).not.toBeNull();
    expect(counts.countAndAdd([row(t0 + 97 * DAY)])).toBeNull();
    // Still added: a later row counts it with the others of its window.
    expect(counts.countAndAdd([row(t0 + 100 * DAY + 1)])![0]!.history[historyKey("phone", 30)]).toBe(3);
  });
});

describe("memory for an import's counts", () => {
  it("gives up past its limit, for good, so that the database counts the rest", () => {
    const counts = new WindowCounts(HIST, COLL, 2 * DAY, 100);
    const rows = (from: number, n: number): WindowRow[] =>
      Array.from({ length: n }, (_, i) => ({ receivedAt: Date.UTC(2024, 0, 1) + (from + i) * 60_000, phone: `1380000${String(from + i).padStart(4, "0")}`, address: null, cellId: null, communityId: null, matterId: null }));
    expect(counts.countAndAdd(rows(0, 80))).not.toBeNull();
    expect(counts.countAndAdd(rows(80, 40))).toBeNull();
    expect(counts.countAndAdd(rows(120, 1))).toBeNull();
  });
});
