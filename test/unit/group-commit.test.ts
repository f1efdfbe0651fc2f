import { describe, expect, it } from "vitest";
import { GroupCommit } from "../../server/src/store/group-commit.js";

/** A writer that records each transaction it was asked for and fails any batch holding a poison item. */
function recorder(poison = new Set<number>(), delayMs = 5) {
  const transactions: number[][] = [];
  const committed: number[] = [];
  const write = async (items: readonly number[]) => {
    transactions.push([...items]);
    await new Promise((r) => setTimeout(r, delayMs));
    if (items.some((i) => poison.has(i))) throw new Error(`poison in ${items.join(",")}`);
    committed.push(...items);
    return items.map((i) => i * 10);
  };
  return { transactions, committed, write };
}

describe("group commit", () => {
  it("writes items that arrive together in one transaction and answers each caller with its own result", async () => {
    const r = recorder();
    const g = new GroupCommit(r.write, { concurrency: 1 });
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => g.submit(i)));
    expect(answers).toEqual(Array.from({ length: 20 }, (_, i) => i * 10));
    expect(r.transactions).toEqual([Array.from({ length: 20 }, (_, i) => i)]);
  });

  it("collects items arriving while a batch is in flight into the next batch", async () => {
    const r = recorder(new Set(), 20);
    const g = new GroupCommit(r.write, { concurrency: 1 });
    const first = g.submit(0);
    await new Promise((res) => setTimeout(res, 5));
    const later = [1, 2, 3].map((i) => g.submit(i));
    await Promise.all([first, ...later]);
    expect(r.transactions).toEqual([[0], [1, 2, 3]]);
  });

  it("never puts more than maxBatch items in one transaction", async () => {
    const r = recorder();
    const g = new GroupCommit(r.write, { maxBatch: 8, concurrency: 2 });
    await Promise.all(Array.from({ length: 50 }, (_, i) => g.submit(i)));
    expect(Math.max(...r.transactions.map((t) => t.length))).toBeLessThanOrEqual(8);
    expect(r.committed.sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });

  it("fails only the bad item of a failed batch: the others are written once each, alone", async () => {
    const r = recorder(new Set([3]));
    const g = new GroupCommit(r.write, { concurrency: 1 });
    const settled = await Promise.allSettled(Array.from({ length: 6 }, (_, i) => g.submit(i)));
    expect(settled.map((s) => s.status)).toEqual(["fulfilled", "fulfilled", "fulfilled", "rejected", "fulfilled", "fulfilled"]);
    expect((settled[3] as PromiseRejectedResult).reason).toBeInstanceOf(Error);
    expect(r.committed.sort((a, b) => a - b)).toEqual([0, 1, 2, 4, 5]);
    expect(g.stats.retriedAlone).toBe(6);
  });

  it("rejects the callers instead of misanswering them when the writer returns too few results", async () => {
    const g = new GroupCommit(async () => [], { concurrency: 1 });
    const settled = await Promise.allSettled([g.submit(1), g.submit(2)]);
    expect(settled.map((s) => s.status)).toEqual(["rejected", "rejected"]);
  });
});
