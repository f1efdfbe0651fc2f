// The simulated people's next move on a ticket, decided from its status alone: operators dispatch
// and call back, departments accept (or return what is not theirs), handle and reply, supervisors
// chase overdue work. Pure: the simulator applies the step through the real lifecycle and asks
// again with whatever status comes back, so a ticket moved by a real user meanwhile is simply
// picked up from where it is.

import type { AppealType, Domain, Satisfaction, SupervisionMethod, TicketStatus } from "@cityops/schema";
import type { Random } from "../seed/random.js";
import { CALLBACK_NOTES, REOPEN_REASONS, RETURN_REASONS, SUPERVISION_NOTES } from "../seed/ticket-text.js";

export type SimRole = "operator" | "department" | "supervisor";

export type Step =
  | { kind: "answerImmediately"; answer: string }
  | { kind: "dispatch"; departmentId: number }
  | { kind: "accept" }
  | { kind: "return"; reason: string }
  | { kind: "startHandling" }
  | { kind: "reply"; reply: string }
  | { kind: "recordCallback"; satisfaction: Satisfaction; note: string }
  | { kind: "close" }
  | { kind: "reopen"; reason: string }
  | { kind: "supervise"; method: SupervisionMethod; note: string };

/** What the simulator remembers of a ticket it drives. */
export interface Tracked {
  id: number;
  status: TicketStatus;
  departmentId: number | null;
  suggestedDepartmentId: number | null;
  appealType: AppealType;
  domain: Domain | null;
  enterprise: boolean;
  answerAtIntake: boolean;
  /** The department that should end up with it; a first dispatch may go elsewhere and come back. */
  rightDepartmentId: number | null;
  /** Departments that returned it: never dispatched there again. */
  returnedBy: number[];
  satisfaction: Satisfaction | null;
  reopens: number;
  revisited: boolean;
  texts: { reply: (second: boolean) => string; answer: () => string };
}

export interface Decision {
  step: Step;
  role: SimRole;
  /** Wall-clock delay before the step, in ms, before the speed-up is applied. */
  delayMs: number;
}

export interface PlanContext {
  /** Another department that plausibly gets the ticket by mistake, or null. */
  wrongDepartment(t: Tracked): number | null;
  /** Where a ticket returned by the department it should have gone to goes next. */
  fallbackDepartment(t: Tracked): number | null;
}

const S = 1000;
const between = (r: Random, lo: number, hi: number) => Math.round(r.range(lo * S, hi * S));

const METHODS: readonly (readonly [SupervisionMethod, number])[] = [
  ["phone", 48], ["written_notice", 20], ["on_site", 16], ["joint", 6], ["elevated", 4], ["media", 2], ["discipline_linkage", 2], ["leader_instruction", 2],
];

function satisfaction(r: Random, t: Tracked): Satisfaction {
  if (t.reopens > 0) return r.weighted([["satisfied", 50], ["basically_satisfied", 30], ["dissatisfied", 20]] as const);
  if (t.enterprise) return r.weighted([["satisfied", 93], ["basically_satisfied", 6], ["dissatisfied", 1]] as const);
  return r.weighted([["satisfied", 72], ["basically_satisfied", 18], ["dissatisfied", 10]] as const);
}

/** The next step for a ticket, or null when the simulator is done with it. */
export function decide(r: Random, t: Tracked, ctx: PlanContext): Decision | null {
  switch (t.status) {
    case "received": {
      if (t.answerAtIntake) return { step: { kind: "answerImmediately", answer: t.texts.answer() }, role: "operator", delayMs: between(r, 10, 40) };
      // No suggestion (an imported record the suggester could not place): left to real operators.
      const right = t.rightDepartmentId ?? t.suggestedDepartmentId;
      if (right === null) return null;
      t.rightDepartmentId = right;
      // About one dispatch in twelve goes to the wrong unit first, as in the seed's history.
      const wrong = r.chance(0.08) ? ctx.wrongDepartment(t) : null;
      return { step: { kind: "dispatch", departmentId: wrong ?? right }, role: "operator", delayMs: between(r, 20, 90) };
    }
    case "returned": {
      let to = t.rightDepartmentId;
      if (to === null || t.returnedBy.includes(to)) {
        // The unit it was meant for sent it back: whoever gets it next is taken to be right.
        to = ctx.fallbackDepartment(t);
        t.rightDepartmentId = to;
      }
      if (to === null) return null;
      return { step: { kind: "dispatch", departmentId: to }, role: "operator", delayMs: between(r, 15, 60) };
    }
    case "dispatched":
      if (t.departmentId !== null && t.rightDepartmentId !== null && t.departmentId !== t.rightDepartmentId) {
        return { step: { kind: "return", reason: r.pick(RETURN_REASONS) }, role: "department", delayMs: between(r, 20, 90) };
      }
      return { step: { kind: "accept" }, role: "department", delayMs: between(r, 20, 120) };
    case "accepted":
      if (r.chance(0.8)) return { step: { kind: "startHandling" }, role: "department", delayMs: between(r, 10, 60) };
      return { step: { kind: "reply", reply: t.texts.reply(false) }, role: "department", delayMs: between(r, 60, 240) };
    case "in_progress":
      return { step: { kind: "reply", reply: t.texts.reply(t.reopens > 0) }, role: "department", delayMs: between(r, 60, 300) };
    case "reopened":
      return { step: { kind: "startHandling" }, role: "department", delayMs: between(r, 20, 90) };
    case "replied": {
      const s = satisfaction(r, t);
      return { step: { kind: "recordCallback", satisfaction: s, note: r.pick(CALLBACK_NOTES[s] ?? ["已回访"]) }, role: "operator", delayMs: between(r, 30, 150) };
    }
    case "called_back":
      if (t.satisfaction === "dissatisfied" && t.reopens < 2 && r.chance(0.6)) {
        return { step: { kind: "reopen", reason: r.pick(REOPEN_REASONS) }, role: "operator", delayMs: between(r, 5, 30) };
      }
      return { step: { kind: "close" }, role: "operator", delayMs: between(r, 10, 60) };
    case "closed":
      // The revisit campaign (回头看) reopens a few closed tickets once.
      if (!t.revisited && t.reopens === 0 && !t.answerAtIntake && r.chance(0.03)) {
        t.revisited = true;
        return { step: { kind: "reopen", reason: r.pick(REOPEN_REASONS) }, role: "operator", delayMs: between(r, 60, 300) };
      }
      return null;
    default:
      return null;
  }
}

/** What the simulator learns from a step it applied, beyond the new status. */
export function remember(t: Tracked, step: Step): void {
  if (step.kind === "return" && t.departmentId !== null) t.returnedBy.push(t.departmentId);
  if (step.kind === "recordCallback") t.satisfaction = step.satisfaction;
  if (step.kind === "reopen") {
    t.reopens++;
    t.satisfaction = null;
  }
}

export function supervision(r: Random): Step {
  return { kind: "supervise", method: r.weighted(METHODS), note: r.pick(SUPERVISION_NOTES) };
}
