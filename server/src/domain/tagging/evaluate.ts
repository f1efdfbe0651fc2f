// The rule engine: `evaluate(rule, facts)` says whether one rule fires for one ticket, `applyRules`
// runs a whole rule set and settles categories that may hold only one value. Pure functions of data.

import { inWindow } from "./calendar.js";
import { keywordIndexOf, type KeywordHits, type KeywordIndex } from "./keywords.js";
import { collectiveKey, historyKey, type Condition, type RuleSet, type RuleTag, type TagFacts, type TagRule } from "./types.js";

/** Default radius of "near" when a place rule names none: a few minutes' walk. */
export const DEFAULT_NEAR_METERS = 300;
/** How long before the deadline a ticket counts as due soon (the deadline sweeper's 4 hours). */
export const DUE_SOON_MS = 4 * 3600 * 1000;

/**
 * Categories in which a ticket carries one value: a ticket is urgent or very urgent, not both. When
 * several rules of such a category fire, the highest priority wins (then the higher confidence).
 */
export const EXCLUSIVE = new Set([
  "appeal_type",
  "domain",
  "channel",
  "source",
  "urgency",
  "matter_match",
  "location_level",
  "time_band",
  "time_limit",
  "timeliness",
  "satisfaction",
  "loop",
  "responsibility_status",
  "consultation",
  "sentiment",
  "risk_level",
]);

export const categoryOf = (code: string) => code.slice(0, code.indexOf("."));

function textOf(f: TagFacts): string {
  return f.title ? `${f.title} ${f.content}` : f.content;
}

function deadlineState(f: TagFacts): "on_time" | "due_soon" | "overdue" | null {
  if (!f.dueAt) return null;
  const due = f.dueAt.getTime();
  if (f.repliedAt) return f.repliedAt.getTime() <= due ? "on_time" : "overdue";
  if (f.status === "closed") return null;
  const left = due - f.now.getTime();
  return left < 0 ? "overdue" : left <= DUE_SOON_MS ? "due_soon" : null;
}

/**
 * Whether one condition holds. `words`: the keywords found in the ticket's text by one scan
 * (applyRules); without it a keyword condition searches the text itself. Exported for the unit
 * tests of each kind.
 */
export function holds(c: Condition, f: TagFacts, words?: KeywordHits): boolean {
  switch (c.kind) {
    // Loops rather than closures and arrays: every ticket runs every rule (an import tags every row).
    case "keyword": {
      if (words) return words.holds(c);
      const text = textOf(f);
      if (c.none) for (const w of c.none) if (text.includes(w)) return false;
      if (c.all) for (const w of c.all) if (!text.includes(w)) return false;
      if (c.any.length === 0) return true;
      for (const w of c.any) if (text.includes(w)) return true;
      return false;
    }
    case "field": {
      const value = f[c.field];
      if (!Array.isArray(value)) return c.equals.includes(value as string | boolean);
      for (const v of value as readonly unknown[]) if (c.equals.includes(v as string | boolean)) return true;
      return false;
    }
    case "count": {
      const v = f[c.field];
      if (v === null) return false;
      return (c.atLeast === undefined || v >= c.atLeast) && (c.atMost === undefined || v <= c.atMost);
    }
    case "place": {
      if (c.streets && !(f.streetCode && c.streets.includes(f.streetCode))) return false;
      if (c.communities && !(f.communityCode && c.communities.includes(f.communityCode))) return false;
      if (c.cells && !(f.cellCode && c.cells.includes(f.cellCode))) return false;
      if (c.near) {
        const radius = c.withinMeters ?? DEFAULT_NEAR_METERS;
        if (!f.nearby.some((p) => p.kind === c.near && p.meters <= radius)) return false;
      }
      return Boolean(c.near || c.streets || c.communities || c.cells);
    }
    case "time":
      return inWindow(f.receivedAt, c.in);
    case "history":
      return (f.history[historyKey(c.by, c.withinDays)] ?? 0) >= c.atLeast;
    case "collective":
      return (f.collective[collectiveKey(c.scope, c.withinHours)] ?? 0) >= c.distinctCallers;
    case "deadline":
      return deadlineState(f) === c.is;
  }
}

/** Whether the rule fires: its own condition and every further one. */
export function evaluate(rule: TagRule, facts: TagFacts, words?: KeywordHits): boolean {
  if (!holds(rule.when, facts, words)) return false;
  if (rule.and) for (const c of rule.and) if (!holds(c, facts, words)) return false;
  return true;
}

/** `ruleId@version` of each rule of a set, made once per set rather than once per tag. */
const ruleIds = new WeakMap<RuleSet, Map<TagRule, string>>();
export function ruleIdOf(set: RuleSet, rule: TagRule): string {
  let ids = ruleIds.get(set);
  if (!ids) ruleIds.set(set, (ids = new Map(set.rules.map((r) => [r, `${r.id}@${set.version}`]))));
  return ids.get(rule) ?? `${rule.id}@${set.version}`;
}

const rank = (r: TagRule) => (r.priority ?? 0) * 10 + r.confidence;

/**
 * Which rules a ticket makes worth evaluating. Most rules open with a keyword condition that needs
 * one of its `any` words, or with a field that must take one of a few values; a ticket's text holds
 * a few of a set's hundreds of words and its fields one value each. Such a rule is tried only when
 * the scan found one of its words or the field has one of its values; the others, always.
 */
interface RulePlan {
  always: readonly number[];
  /** Word id → the rules (by position) whose opening condition needs it. */
  byWord: readonly (readonly number[])[];
  /** Field → value → the rules whose opening condition wants that value. */
  byField: ReadonlyMap<string, ReadonlyMap<unknown, readonly number[]>>;
  /** marks[i] === stamp when rule i is a candidate for the current ticket. */
  marks: Uint32Array;
  stamp: number;
}

const plans = new WeakMap<RuleSet, RulePlan>();
function planOf(set: RuleSet, index: KeywordIndex): RulePlan {
  let plan = plans.get(set);
  if (!plan) {
    const always: number[] = [];
    const byWord: number[][] = [];
    const byField = new Map<string, Map<unknown, number[]>>();
    set.rules.forEach((r, i) => {
      const c = r.when;
      if (c.kind === "keyword" && c.any.length > 0) for (const id of index.anyIds(c)) (byWord[id] ??= []).push(i);
      else if (c.kind === "field") {
        let values = byField.get(c.field);
        if (!values) byField.set(c.field, (values = new Map()));
        for (const v of new Set(c.equals)) values.set(v, [...(values.get(v) ?? []), i]);
      } else always.push(i);
    });
    plans.set(set, (plan = { always, byWord, byField, marks: new Uint32Array(set.rules.length), stamp: 0 }));
  }
  return plan;
}

/** Marks the rules to evaluate for this ticket's words and fields; returns the stamp they carry. */
function markCandidates(plan: RulePlan, found: readonly number[], facts: TagFacts): number {
  plan.stamp = plan.stamp === 0xffffffff ? 1 : plan.stamp + 1;
  if (plan.stamp === 1) plan.marks.fill(0);
  const { marks, stamp } = plan;
  for (const i of plan.always) marks[i] = stamp;
  for (const id of found) {
    const rules = plan.byWord[id];
    if (rules) for (const i of rules) marks[i] = stamp;
  }
  for (const [field, values] of plan.byField) {
    const value = facts[field as keyof TagFacts];
    for (const v of Array.isArray(value) ? (value as readonly unknown[]) : [value]) {
      const rules = values.get(v);
      if (rules) for (const i of rules) marks[i] = stamp;
    }
  }
  return stamp;
}

/**
 * The tags a rule set gives a ticket: one per code (the most confident rule's), and in EXCLUSIVE
 * categories only the winner. Each records `ruleId@version`.
 */
export function applyRules(set: RuleSet, facts: TagFacts): RuleTag[] {
  const byCode = new Map<string, TagRule>();
  const index = keywordIndexOf(set);
  const words = index.scan(textOf(facts));
  const plan = planOf(set, index);
  const stamp = markCandidates(plan, index.found, facts);
  // In the set's order, which decides ties of confidence as when every rule is tried.
  for (let i = 0; i < set.rules.length; i++) {
    if (plan.marks[i] !== stamp) continue;
    const rule = set.rules[i]!;
    if (!evaluate(rule, facts, words)) continue;
    const held = byCode.get(rule.tag);
    if (!held || rule.confidence > held.confidence) byCode.set(rule.tag, rule);
  }
  const winners = new Map<string, TagRule>();
  const out: TagRule[] = [];
  for (const rule of byCode.values()) {
    const cat = categoryOf(rule.tag);
    if (!EXCLUSIVE.has(cat)) {
      out.push(rule);
      continue;
    }
    const held = winners.get(cat);
    if (!held || rank(rule) > rank(held)) winners.set(cat, rule);
  }
  out.push(...winners.values());
  return out.map((r) => ({ code: r.tag, ruleId: ruleIdOf(set, r), confidence: r.confidence }));
}

/** The (by, days) windows the set's history rules need: the store counts exactly these. */
export function historyWindows(set: RuleSet): { by: "phone" | "address"; withinDays: number }[] {
  const seen = new Map<string, { by: "phone" | "address"; withinDays: number }>();
  for (const r of set.rules) {
    for (const c of [r.when, ...(r.and ?? [])]) if (c.kind === "history") seen.set(historyKey(c.by, c.withinDays), { by: c.by, withinDays: c.withinDays });
  }
  return [...seen.values()];
}

/**
 * The most earlier tickets any history rule of the set asks for, per key (phone, address). A count
 * that stops there decides every rule the same way as the full count, and a caller with hundreds of
 * earlier tickets costs no more to tag than one with three.
 */
export function historyCaps(set: RuleSet): Map<"phone" | "address", number> {
  const caps = new Map<"phone" | "address", number>();
  for (const r of set.rules) {
    for (const c of [r.when, ...(r.and ?? [])]) if (c.kind === "history") caps.set(c.by, Math.max(caps.get(c.by) ?? 0, c.atLeast));
  }
  return caps;
}

/** The (scope, hours) windows the set's collective rules need. */
export function collectiveWindows(set: RuleSet): { scope: "grid_cell" | "community"; withinHours: number }[] {
  const seen = new Map<string, { scope: "grid_cell" | "community"; withinHours: number }>();
  for (const r of set.rules) {
    for (const c of [r.when, ...(r.and ?? [])]) if (c.kind === "collective") seen.set(collectiveKey(c.scope, c.withinHours), { scope: c.scope, withinHours: c.withinHours });
  }
  return [...seen.values()];
}

/** The taxonomy categories the set can set: the coverage test counts these. */
export function categoriesCovered(set: RuleSet): string[] {
  return [...new Set(set.rules.map((r) => categoryOf(r.tag)))].sort();
}
