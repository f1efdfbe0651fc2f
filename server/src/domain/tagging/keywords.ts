// Keyword conditions answered from one pass over a ticket's text. The rule set holds about 300
// keywords in some 40 conditions; asking `text.includes(word)` for each of them cost about 25 µs a
// ticket, most of a ticket's tagging, where one scan that tries only the keywords starting with
// each character costs a few. An import tags every one of its rows, so this is on its hot path.

import type { Condition, RuleSet } from "./types.js";

type KeywordCondition = Extract<Condition, { kind: "keyword" }>;

/** A keyword condition as positions in the index's word list. */
interface CompiledKeyword {
  any: readonly number[];
  all: readonly number[];
  none: readonly number[];
}

/** The words of a text found by the last scan; valid until the next scan of the same index. */
export interface KeywordHits {
  holds(c: KeywordCondition): boolean;
}

export class KeywordIndex implements KeywordHits {
  /** Words by their first UTF-16 unit: CJK keywords rarely share one. */
  private readonly byFirst = new Map<number, { word: string; id: number }[]>();
  private readonly conditions = new Map<KeywordCondition, CompiledKeyword>();
  /** hits[id] === stamp when word id was found by the current scan: no clearing between tickets. */
  private readonly hits: Uint32Array;
  private stamp = 0;
  /** Empty keywords: `"".includes("")` holds for every text. */
  private readonly empty: number[] = [];
  /** The ids of the words the current scan found, each once. */
  private readonly foundIds: number[] = [];

  constructor(conditions: readonly KeywordCondition[]) {
    const ids = new Map<string, number>();
    const idOf = (w: string) => {
      let id = ids.get(w);
      if (id === undefined) {
        ids.set(w, (id = ids.size));
        if (w.length === 0) this.empty.push(id);
        else {
          const first = w.charCodeAt(0);
          const list = this.byFirst.get(first) ?? [];
          list.push({ word: w, id });
          this.byFirst.set(first, list);
        }
      }
      return id;
    };
    for (const c of conditions) this.conditions.set(c, { any: c.any.map(idOf), all: (c.all ?? []).map(idOf), none: (c.none ?? []).map(idOf) });
    this.hits = new Uint32Array(ids.size);
  }

  /** Finds every word of the index in `text`; the answers hold until the next scan. */
  scan(text: string): KeywordHits {
    this.stamp = this.stamp === 0xffffffff ? 1 : this.stamp + 1;
    if (this.stamp === 1) this.hits.fill(0);
    const { hits, stamp, byFirst, foundIds } = this;
    foundIds.length = 0;
    for (const id of this.empty) {
      hits[id] = stamp;
      foundIds.push(id);
    }
    for (let i = 0; i < text.length; i++) {
      const words = byFirst.get(text.charCodeAt(i));
      if (words === undefined) continue;
      for (const w of words) {
        if (hits[w.id] !== stamp && text.startsWith(w.word, i)) {
          hits[w.id] = stamp;
          foundIds.push(w.id);
        }
      }
    }
    return this;
  }

  /** The ids of the words the last scan found. */
  get found(): readonly number[] {
    return this.foundIds;
  }

  /** The ids of a condition's `any` words: it can hold only if the scan found one of them. */
  anyIds(c: KeywordCondition): readonly number[] {
    const k = this.conditions.get(c);
    if (!k) throw new Error("keyword condition not in this index: build the index from the rule set that holds it");
    return k.any;
  }

  holds(c: KeywordCondition): boolean {
    const k = this.conditions.get(c);
    if (!k) throw new Error("keyword condition not in this index: build the index from the rule set that holds it");
    const { hits, stamp } = this;
    for (const id of k.none) if (hits[id] === stamp) return false;
    for (const id of k.all) if (hits[id] !== stamp) return false;
    if (k.any.length === 0) return true;
    for (const id of k.any) if (hits[id] === stamp) return true;
    return false;
  }
}

const indexes = new WeakMap<RuleSet, KeywordIndex>();

/** The keyword index of a rule set's conditions, built once per set. */
export function keywordIndexOf(set: RuleSet): KeywordIndex {
  let index = indexes.get(set);
  if (!index) {
    const conditions = set.rules.flatMap((r) => [r.when, ...(r.and ?? [])]).filter((c): c is KeywordCondition => c.kind === "keyword");
    indexes.set(set, (index = new KeywordIndex(conditions)));
  }
  return index;
}
