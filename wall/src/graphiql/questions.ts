// The leaders' ready-made questions (领导常用问题), in the order the panel shows them. Each one
// prepares its document at click time; field names are checked against schema/schema.graphql,
// so keep them in step when it changes.

import type { Question } from "./question-kit";
import {
  dissatisfiedThisMonth,
  lastSevenDays,
  liveTicketEvents,
  overdueTickets,
  searchMatters,
  suggestDispatch,
  tagSystem,
  todayOnTheWall,
} from "./questions-fixed";
import { nearPlace, streetsThisMonth, ticketLifecycle } from "./questions-lookup";

export type { Ask, PreparedQuery, Question } from "./question-kit";

export const QUESTIONS: readonly Question[] = [
  todayOnTheWall,
  streetsThisMonth,
  lastSevenDays,
  overdueTickets,
  dissatisfiedThisMonth,
  searchMatters,
  suggestDispatch,
  ticketLifecycle,
  tagSystem,
  nearPlace,
  liveTicketEvents,
];
