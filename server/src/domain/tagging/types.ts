// The vocabulary of the auto-tagging rule engine. Rules are plain data (rules/*.ts) so that they can be
// read, reviewed and versioned like a policy document; the engine (evaluate.ts) is a pure function of
// a rule and the facts about one ticket. Facts that need earlier tickets (history, collective) are
// computed by the store and passed in: nothing here reads a database.

import type { AppealType, Channel, Domain, Loop, Satisfaction, Source, TicketStatus } from "@cityops/schema/vocabulary";

export type TimeWindow =
  | "working_hours"
  | "evening"
  | "night"
  | "weekend"
  | "holiday"
  | "flood_season"
  | "heating_season"
  | "tourist_season";

export type PlaceKind = "school" | "river";

export type LocationLevel = "coordinate" | "community" | "street" | "none";

export type ConsultationState = "none" | "opened" | "concluded";

/** Scalar (or list) facts a `field` condition can test. A list matches when any element is listed. */
export type FieldName =
  | "source"
  | "channel"
  | "appealType"
  | "domain"
  | "locationLevel"
  | "loop"
  | "satisfaction"
  | "status"
  | "matterMatched"
  | "byPrecedent"
  | "answeredImmediately"
  | "consultation"
  | "determined"
  | "supervisionMethods";

export type CountName = "reopenCount" | "returnCount" | "supervisionCount" | "matterTimeLimitDays";

export type Condition =
  /** Chinese words or phrases in the title and content (substring match: there is no segmenter). */
  | { kind: "keyword"; any: readonly string[]; all?: readonly string[]; none?: readonly string[] }
  | { kind: "field"; field: FieldName; equals: readonly (string | boolean)[] }
  | { kind: "count"; field: CountName; atLeast?: number; atMost?: number }
  /** Where: near a named place of a kind, or inside listed streets / communities / grid cells (codes). */
  | { kind: "place"; near?: PlaceKind; withinMeters?: number; streets?: readonly string[]; communities?: readonly string[]; cells?: readonly string[] }
  /** When the request arrived, by the district's (Beijing) clock and calendar. */
  | { kind: "time"; in: TimeWindow }
  /** Earlier tickets from the same phone number or the same address within the window. */
  | { kind: "history"; by: "phone" | "address"; withinDays: number; atLeast: number }
  /** Distinct callers, same suggested matter, same area, within the window (this ticket included). */
  | { kind: "collective"; scope: "grid_cell" | "community"; withinHours: number; distinctCallers: number }
  /** Position against the handling deadline, for re-tagging tickets already under way. */
  | { kind: "deadline"; is: "on_time" | "due_soon" | "overdue" };

export interface TagRule {
  /** Stable id; with the rule set's version it is what a tag records (`id@version`). */
  id: string;
  /** The taxonomy code the rule sets (schema/src/taxonomy.ts). */
  tag: string;
  /** The condition that names the rule's kind. */
  when: Condition;
  /** Further conditions that must hold too (e.g. a place rule only in flood season). */
  and?: readonly Condition[];
  confidence: number;
  /** In single-valued categories (EXCLUSIVE) the highest priority wins; default 0. */
  priority?: number;
  /** Why the rule exists, for the people who review the rule set. */
  note: string;
}

export interface RuleSet {
  version: string;
  rules: readonly TagRule[];
}

export interface NearbyPlace {
  kind: PlaceKind;
  name: string;
  meters: number;
}

/** Everything a rule may look at, for one ticket. */
export interface TagFacts {
  source: Source;
  channel: Channel;
  appealType: AppealType;
  domain: Domain | null;
  title: string | null;
  content: string;
  receivedAt: Date;
  cellCode: string | null;
  communityCode: string | null;
  streetCode: string | null;
  locationLevel: LocationLevel;
  nearby: readonly NearbyPlace[];
  matterMatched: boolean;
  matterTimeLimitDays: number | null;
  byPrecedent: boolean;
  /** Earlier tickets, keyed `${by}:${withinDays}` (see historyKey). */
  history: Readonly<Record<string, number>>;
  /** Distinct callers, keyed `${scope}:${withinHours}` (see collectiveKey). */
  collective: Readonly<Record<string, number>>;
  // Lifecycle facts: defaults at intake, the ticket's own state when re-tagging.
  status: TicketStatus;
  loop: Loop;
  satisfaction: Satisfaction | null;
  reopenCount: number;
  returnCount: number;
  supervisionCount: number;
  supervisionMethods: readonly string[];
  answeredImmediately: boolean;
  consultation: ConsultationState;
  determined: boolean;
  dueAt: Date | null;
  repliedAt: Date | null;
  /** The moment the rules run: deadlines are judged against it. */
  now: Date;
}

/** A tag a rule set, as stored: `ruleId` is `id@version`. */
export interface RuleTag {
  code: string;
  ruleId: string;
  confidence: number;
}

export const historyKey = (by: "phone" | "address", withinDays: number) => `${by}:${withinDays}`;
export const collectiveKey = (scope: "grid_cell" | "community", withinHours: number) => `${scope}:${withinHours}`;
