// The rule engine: `evaluate(rule, facts)` says whether one rule fires for one ticket, `applyRules`
// runs a whole rule set and settles categories that may hold only one value. Pure functions of data.

import { inWindow } from "./calendar.js";
import { keywordIndexOf, type KeywordHits } from "./keywords.js";
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
 * The tags a rule set gives a ticket: one per code (the most confident rule's), and in EXCLUSIVE
 * categories only the winner. Each records `ruleId@version`.
 */
export function applyRules(set: RuleSet, facts: TagFacts): RuleTag[] {
  const byCode = new Map<string, TagRule>();
  const words = keywordIndexOf(set).scan(textOf(facts));
  for (const rule of set.rules) {
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
