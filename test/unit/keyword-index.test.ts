import { describe, expect, it } from "vitest";
import { KeywordIndex, keywordIndexOf } from "../../server/src/domain/tagging/keywords.js";
import { holds } from "../../server/src/domain/tagging/evaluate.js";
import { RULE_SET } from "../../server/src/domain/tagging/rules/index.js";
import type { Condition } from "../../server/src/domain/tagging/types.js";

type Keyword = Extract<Condition, { kind: "keyword" }>;

describe("keyword conditions answered from one scan of the text", () => {
  it("answers any, all and none as the text's own search does, overlapping and repeated words included", () => {
    const conditions: Keyword[] = [
      { kind: "keyword", any: ["油烟", "噪音"] },
      { kind: "keyword", any: [], all: ["小区", "门口"] },
      { kind: "keyword", any: ["噪音"], none: ["表扬"] },
      { kind: "keyword", any: ["音扰", "噪音扰民"] },
      { kind: "keyword", any: ["门"], all: ["门口"], none: ["口餐"] },
    ];
    const index = new KeywordIndex(conditions);
    const texts = ["小区门口餐馆油烟很大，晚上噪音扰民", "表扬噪音治理", "门口", "", "噪噪音音扰扰民", "小区小区门门口口"];
    for (const text of texts) {
      const hits = index.scan(text);
      for (const c of conditions) expect(hits.holds(c), `${JSON.stringify(c)} on "${text}"`).toBe(holds(c, { title: null, content: text } as never));
    }
  });

  it("forgets one ticket's words when it scans the next", () => {
    const c: Keyword = { kind: "keyword", any: ["井盖"] };
    const index = new KeywordIndex([c]);
    expect(index.scan("路口井盖缺失").holds(c)).toBe(true);
    expect(index.scan("路灯不亮").holds(c)).toBe(false);
  });

  it("gives every keyword condition of the product's rule set the same verdict as searching the text", () => {
    const conditions = RULE_SET.rules.flatMap((r) => [r.when, ...(r.and ?? [])]).filter((c): c is Keyword => c.kind === "keyword");
    const words = [...new Set(conditions.flatMap((c) => [...c.any, ...(c.all ?? []), ...(c.none ?? [])]))];
    const index = keywordIndexOf(RULE_SET);
    // Texts stitched from the rule set's own words and filler, so that every condition meets hits and misses.
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let n = 0; n < 500; n++) {
      let text = "";
      for (let k = 0; k < 6; k++) text += next() < 0.5 ? words[Math.floor(next() * words.length)] : "，市民反映";
      const hits = index.scan(text);
      for (const c of conditions) expect(hits.holds(c)).toBe(holds(c, { title: null, content: text } as never));
    }
  });

  it("refuses a condition it was not built from rather than answering false", () => {
    const index = new KeywordIndex([{ kind: "keyword", any: ["a"] }]);
    expect(() => index.scan("a").holds({ kind: "keyword", any: ["a"] })).toThrow(/not in this index/);
  });
});
