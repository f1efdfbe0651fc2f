import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { privacyView, PUBLIC_VIEW, viewText } from "../../server/src/domain/privacy/policy.js";
import { GROUPS_A } from "../../server/src/seed/matter-templates.js";
import { GROUPS_B, TERRITORIAL_ITEMS } from "../../server/src/seed/matter-templates-2.js";

/**
 * The masker measured on sentences written for it by other authors, every piece of personal data
 * marked ⟦kind:value⟧: recall is the share of marked items masked in full in the wall's view; false
 * masks the share of the other words that lost a character. Sets a–f (1,119 sentences) are the
 * development sets the rules were written against; `pii-corpus-blind.jsonl` (240) was written
 * afterwards by another author and is never used to change a rule, so its figure is the honest one
 * (docs/BENCHMARKS.md). Each new blind set, once its misses have been read, joins the development
 * sets and a new one is written.
 */
interface Item {
  kind: string;
  value: string;
  start: number;
  end: number;
}

interface Sentence {
  line: number;
  text: string;
  items: Item[];
  citizenName: string | null;
}

function load(file: string): Sentence[] {
  return readFileSync(path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../fixtures", file), "utf8")
    .split("\n")
    .filter(Boolean)
    .map((line, i) => {
      const { text: marked, citizenName } = JSON.parse(line) as { text: string; citizenName?: string };
      const items: Item[] = [];
      let text = "";
      for (const part of marked.split(/(⟦[a-z]+:[^⟧]+⟧)/)) {
        const m = /^⟦([a-z]+):([^⟧]+)⟧$/.exec(part);
        if (m) {
          items.push({ kind: m[1]!, value: m[2]!, start: text.length, end: text.length + m[2]!.length });
          text += m[2];
        } else text += part;
      }
      return { line: i + 1, text, items, citizenName: citizenName ?? null };
    });
}

const words = new Intl.Segmenter("zh", { granularity: "word" });

function measure(name: string, corpus: Sentence[]) {
  let found = 0;
  let total = 0;
  let plainWords = 0;
  let falseWords = 0;
  const missed: string[] = [];
  const wrong: string[] = [];
  const byKind = new Map<string, { n: number; found: number }>();
  for (const s of corpus) {
    const out = viewText(s.text, PUBLIC_VIEW, s.citizenName);
    expect(out, `line ${s.line}`).toHaveLength(s.text.length);
    for (const item of s.items) {
      const ok = [...out.slice(item.start, item.end)].every((c) => c === "*");
      const k = byKind.get(item.kind) ?? { n: 0, found: 0 };
      byKind.set(item.kind, { n: k.n + 1, found: k.found + (ok ? 1 : 0) });
      total++;
      if (ok) found++;
      else missed.push(`line ${s.line} ${item.kind} ${item.value}: ${out}`);
    }
    for (const w of words.segment(s.text)) {
      if (!w.isWordLike) continue;
      const end = w.index + w.segment.length;
      if (s.items.some((i) => w.index < i.end && end > i.start)) continue;
      plainWords++;
      if (out.slice(w.index, end).includes("*") && !w.segment.includes("*")) {
        falseWords++;
        wrong.push(`line ${s.line} "${w.segment}": ${out}`);
      }
    }
  }
  const recall = total === 0 ? 1 : found / total;
  const falseRate = falseWords / plainWords;
  console.log(
    `${name}: ${corpus.length} sentences, ${total} items, recall ${recall.toFixed(4)}, false masks ${falseWords}/${plainWords} words = ${(falseRate * 100).toFixed(2)}%; by kind ${[...byKind].map(([k, v]) => `${k} ${v.found}/${v.n}`).join(", ")}`,
  );
  if (missed.length) console.log(`${name} missed:\n${missed.join("\n")}`);
  if (wrong.length) console.log(`${name} false masks:\n${wrong.join("\n")}`);
  return { recall, falseRate };
}

describe("personal data in free text, measured on written corpora", () => {
  const development = ["pii-corpus-a.jsonl", "pii-corpus-b.jsonl", "pii-corpus-c.jsonl", "pii-corpus-d.jsonl", "pii-corpus-e.jsonl", "pii-corpus-f.jsonl"].flatMap(load);
  const blind = load("pii-corpus-blind.jsonl");

  it("masks at least 98% of the marked items and at most 2% of the other words (development sets)", () => {
    const { recall, falseRate } = measure("pii development", development);
    expect(development.length).toBeGreaterThanOrEqual(200);
    expect(recall).toBeGreaterThanOrEqual(0.98);
    expect(falseRate).toBeLessThanOrEqual(0.02);
  });

  it("holds its measured recall and at most 2% false masks on the blind set", () => {
    const { recall, falseRate } = measure("pii blind", blind);
    expect(blind.length).toBeGreaterThanOrEqual(200);
    // The goal is 0.98; measured blind: 0.959 (names 0.943, rooms 0.892, numbers, plates and
    // e-mail 1.0). The floor keeps that from sliding back without hiding that the goal is not met.
    expect(recall).toBeGreaterThanOrEqual(0.95);
    expect(falseRate).toBeLessThanOrEqual(0.02);
  });

  it("masks at most 2% of the words of ordinary government text (the demo responsibility list)", () => {
    const strings: string[] = [];
    const walk = (v: unknown): void => {
      if (typeof v === "string" && /[\u4e00-\u9fff]{4}/.test(v)) strings.push(v);
      else if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === "object") Object.values(v).forEach(walk);
    };
    walk([GROUPS_A, GROUPS_B, TERRITORIAL_ITEMS]);
    const { falseRate } = measure("pii responsibility list", [...new Set(strings)].map((text, i) => ({ line: i + 1, text, items: [], citizenName: null })));
    expect(strings.length).toBeGreaterThan(300);
    expect(falseRate).toBeLessThanOrEqual(0.02);
  });

  it("never shows a leader a marked item in full", () => {
    const leader = privacyView("leader");
    const leaks = [...development, ...blind].flatMap((s) => {
      const out = viewText(s.text, leader, s.citizenName);
      // A surname alone is how a masked name reads (张**): only longer items count as leaks.
      return s.items.filter((i) => i.value.length >= 2 && out.includes(i.value)).map((i) => `line ${s.line} ${i.kind} ${i.value}: ${out}`);
    });
    expect(leaks.length / (development.length + blind.length)).toBeLessThanOrEqual(0.02);
  });
});
