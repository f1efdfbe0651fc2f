// Rules on the ticket's own fields and on its lifecycle. One rule per value of an enum, written as a
// mapping over the enum so that a new channel or domain gets its rule by construction; still data.

import { APPEAL_TYPES, CHANNELS, DOMAINS, LOOPS, SATISFACTIONS, SOURCES, SUPERVISION_METHODS } from "@cityops/schema/vocabulary";
import type { TagRule } from "../types.js";

const each = <T extends string>(values: readonly T[], make: (v: T) => TagRule): TagRule[] => values.map(make);

export const RECORD_RULES: readonly TagRule[] = [
  ...each(APPEAL_TYPES, (v) => ({
    id: `field.appeal_type.${v}`, tag: `appeal_type.${v}`, when: { kind: "field", field: "appealType", equals: [v] }, confidence: 1,
    note: "The appeal type chosen at intake.",
  })),
  ...each(CHANNELS, (v) => ({
    id: `field.channel.${v}`, tag: `channel.${v}`, when: { kind: "field", field: "channel", equals: [v] }, confidence: 1,
    note: "How the request arrived.",
  })),
  ...each(SOURCES, (v) => ({
    id: `field.source.${v}`, tag: `source.${v}`, when: { kind: "field", field: "source", equals: [v] }, confidence: 1,
    note: "Which of the three sources the record came from.",
  })),
  ...each(DOMAINS, (v) => ({
    id: `field.domain.${v}`, tag: `domain.${v}`, when: { kind: "field", field: "domain", equals: [v] }, confidence: 0.8,
    note: "The domain of the suggested (later: the dispatched) matter; 0.8 because a suggestion can be wrong.",
  })),
  {
    id: "enterprise.line", tag: "enterprise_related.yes", when: { kind: "field", field: "channel", equals: ["enterprise_line"] }, confidence: 1,
    note: "Everything on the enterprise line (政企通专线) is enterprise-related by definition.",
  },
  { id: "matter.matched", tag: "matter_match.matched", when: { kind: "field", field: "matterMatched", equals: [true] }, confidence: 0.8, note: "The dispatch suggester found a matter of the responsibility list." },
  { id: "matter.unmatched", tag: "matter_match.unmatched", when: { kind: "field", field: "matterMatched", equals: [false] }, confidence: 0.8, note: "No matter matched: a candidate for the list's next revision." },
  { id: "responsibility.clear", tag: "responsibility_status.clear", when: { kind: "field", field: "matterMatched", equals: [true] }, confidence: 0.6, note: "A listed matter names its lead department." },
  { id: "responsibility.unlisted", tag: "responsibility_status.unlisted", when: { kind: "field", field: "matterMatched", equals: [false] }, confidence: 0.5, note: "Not covered by the responsibility list." },
  {
    id: "responsibility.disputed_returns", tag: "responsibility_status.disputed", when: { kind: "count", field: "returnCount", atLeast: 2 }, confidence: 0.8, priority: 1,
    note: "Returned twice: departments disagree about whose it is.",
  },
  {
    id: "responsibility.disputed_consultation", tag: "responsibility_status.disputed", when: { kind: "field", field: "consultation", equals: ["opened"] }, confidence: 0.9, priority: 1,
    note: "An open 一键会商 means the responsibility is in dispute.",
  },
  { id: "responsibility.determined", tag: "responsibility_status.determined", when: { kind: "field", field: "determined", equals: [true] }, confidence: 1, priority: 2, note: "The staffing office ruled (一键明责)." },
  { id: "precedent.applied", tag: "precedent_used.applied", when: { kind: "field", field: "byPrecedent", equals: [true] }, confidence: 0.9, note: "The top suggestion came from a precedent (判例)." },
  { id: "location.coordinate", tag: "location_level.coordinate", when: { kind: "field", field: "locationLevel", equals: ["coordinate"] }, confidence: 1, note: "Coordinates placed it in a grid cell." },
  { id: "location.community", tag: "location_level.community", when: { kind: "field", field: "locationLevel", equals: ["community"] }, confidence: 0.8, note: "The address names a community." },
  { id: "location.street", tag: "location_level.street", when: { kind: "field", field: "locationLevel", equals: ["street"] }, confidence: 0.8, note: "The address names a street only." },
  { id: "location.none", tag: "location_level.none", when: { kind: "field", field: "locationLevel", equals: ["none"] }, confidence: 1, note: "Nothing places it: kept, with an unknown cell." },
  { id: "proactive.grid_patrol", tag: "proactive_handling.proactive", when: { kind: "field", field: "source", equals: ["grid"] }, confidence: 0.7, note: "Grid workers find problems on patrol before anyone complains (未诉先办)." },
  { id: "proactive.sensor", tag: "proactive_handling.proactive", when: { kind: "field", field: "channel", equals: ["sensor"] }, confidence: 0.8, note: "A sensor alarm precedes complaints." },
  // Time limit: from the matter's limit, overridden by urgency words (see words.ts for the lists).
  { id: "time_limit.matter_1d", tag: "time_limit.within_24h", when: { kind: "count", field: "matterTimeLimitDays", atMost: 1 }, confidence: 0.8, priority: 2, note: "The matter allows one day." },
  { id: "time_limit.matter_3d", tag: "time_limit.within_3d", when: { kind: "count", field: "matterTimeLimitDays", atLeast: 2, atMost: 3 }, confidence: 0.8, priority: 1, note: "The matter allows up to three working days." },
  { id: "time_limit.matter_5d", tag: "time_limit.within_5d", when: { kind: "count", field: "matterTimeLimitDays", atLeast: 4, atMost: 5 }, confidence: 0.8, priority: 1, note: "The matter allows up to five working days." },
  { id: "time_limit.matter_15d", tag: "time_limit.within_15d", when: { kind: "count", field: "matterTimeLimitDays", atLeast: 6 }, confidence: 0.8, priority: 1, note: "Longer limits are handled as 15 working days." },
  // Lifecycle: set when re-tagging tickets under way; at intake these facts are still empty.
  ...each(LOOPS, (v) => ({
    id: `lifecycle.loop.${v}`, tag: `loop.${v}`, when: { kind: "field", field: "loop", equals: [v] }, confidence: 1,
    note: "The escalation loop the ticket is in.",
  })),
  ...each(SATISFACTIONS, (v) => ({
    id: `lifecycle.satisfaction.${v}`, tag: `satisfaction.${v}`, when: { kind: "field", field: "satisfaction", equals: [v] }, confidence: 1,
    note: "What the citizen said at the callback.",
  })),
  ...each(SUPERVISION_METHODS, (v) => ({
    id: `lifecycle.supervision.${v}`, tag: `supervision_method.${v}`, when: { kind: "field", field: "supervisionMethods", equals: [v] }, confidence: 1,
    note: "A supervision of this method was recorded.",
  })),
  { id: "lifecycle.reopened", tag: "reopened.reopened", when: { kind: "count", field: "reopenCount", atLeast: 1 }, confidence: 1, note: "Sent back for handling at least once." },
  { id: "lifecycle.returned", tag: "returned.returned", when: { kind: "count", field: "returnCount", atLeast: 1 }, confidence: 1, note: "A department returned it at least once." },
  { id: "lifecycle.immediate_answer", tag: "immediate_answer.answered", when: { kind: "field", field: "answeredImmediately", equals: [true] }, confidence: 1, note: "Answered at intake (即答)." },
  { id: "lifecycle.consultation_opened", tag: "consultation.opened", when: { kind: "field", field: "consultation", equals: ["opened"] }, confidence: 1, note: "In an open 一键会商." },
  { id: "lifecycle.consultation_concluded", tag: "consultation.concluded", when: { kind: "field", field: "consultation", equals: ["concluded"] }, confidence: 1, priority: 1, note: "Its 一键会商 reached a conclusion." },
  { id: "deadline.on_time", tag: "timeliness.on_time", when: { kind: "deadline", is: "on_time" }, confidence: 1, note: "Replied by the due time." },
  { id: "deadline.due_soon", tag: "timeliness.due_soon", when: { kind: "deadline", is: "due_soon" }, confidence: 1, note: "Less than four hours left." },
  { id: "deadline.overdue", tag: "timeliness.overdue", when: { kind: "deadline", is: "overdue" }, confidence: 1, priority: 1, note: "Past the due time." },
  { id: "assessment.dissatisfied", tag: "assessment.deducted", when: { kind: "field", field: "satisfaction", equals: ["dissatisfied"] }, confidence: 0.8, note: "A dissatisfied citizen costs the department points (扣分)." },
  { id: "assessment.overdue", tag: "assessment.deducted", when: { kind: "deadline", is: "overdue" }, confidence: 0.8, note: "An overdue ticket costs the department points." },
];
