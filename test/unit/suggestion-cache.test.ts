import { describe, expect, it } from "vitest";
import { SuggestionCache, textKey } from "../../server/src/ingest/suggestion-cache.js";

describe("an import's suggestions by text", () => {
  it("suggests each text once, also while its first suggestion is still being made", async () => {
    const cache = new SuggestionCache<{ dept: number }>(100, (v) => String(v.dept));
    const made: string[] = [];
    const make = (text: string, dept: number) => async () => {
      made.push(text);
      await new Promise((r) => setTimeout(r, 5));
      return { dept };
    };
    const [a, b] = await Promise.all([cache.get("路灯不亮", make("路灯不亮", 1)), cache.get("路灯不亮", make("路灯不亮", 2))]);
    expect(made).toEqual(["路灯不亮"]);
    expect(a).toEqual({ dept: 1 });
    expect(b).toBe(a);
    expect(await cache.get("路灯不亮", make("路灯不亮", 3))).toEqual({ dept: 1 });
    expect(made).toEqual(["路灯不亮"]);
  });

  it("stores equal suggestions once and tells texts apart that differ in one character", async () => {
    const cache = new SuggestionCache<{ dept: number }>(100, (v) => String(v.dept));
    const x = await cache.get("小区噪音扰民", async () => ({ dept: 7 }));
    const y = await cache.get("小区噪音扰民。", async () => ({ dept: 7 }));
    const z = await cache.get("小区噪音扰民!", async () => ({ dept: 8 }));
    expect(y).toBe(x);
    expect(z).toEqual({ dept: 8 });
    expect(cache.size).toBe(3);
  });

  it("keeps at most its limit, dropping the oldest texts first", async () => {
    const cache = new SuggestionCache<{ n: number }>(3, (v) => String(v.n));
    let calls = 0;
    for (const t of ["a", "b", "c", "d"]) await cache.get(t, async () => ({ n: ++calls }));
    expect(cache.size).toBe(3);
    await cache.get("b", async () => ({ n: ++calls }));
    expect(calls).toBe(4);
    await cache.get("a", async () => ({ n: ++calls }));
    expect(calls).toBe(5);
  });

  it("forgets a text whose suggestion failed, so the next row asks again", async () => {
    const cache = new SuggestionCache<{ n: number }>(10);
    await expect(cache.get("t", async () => Promise.reject(new Error("no suggester")))).rejects.toThrow("no suggester");
    expect(await cache.get("t", async () => ({ n: 1 }))).toEqual({ n: 1 });
  });

  it("gives 200,000 distinct texts 200,000 distinct keys", () => {
    const keys = new Set<string>();
    for (let i = 0; i < 200_000; i++) keys.add(textKey(`市民反映第${i}号楼前路灯不亮，请尽快维修`));
    expect(keys.size).toBe(200_000);
  });
});
