import type { Domain, Loop, Role, Satisfaction, SupervisionMethod, TicketEventType, TicketStatus } from "@cityops/schema/vocabulary";
import type { Actor } from "./actor.js";
import { DomainError, DomainErrorCode, forbidden, invalidInput } from "./errors.js";

/** What the state machine needs to know of a ticket. */
export interface TicketState {
  id: number;
  status: TicketStatus;
  departmentId: number | null;
  coDepartmentIds: number[];
  loop: Loop;
  reopenCount: number;
  returnCount: number;
  supervisionCount: number;
  dispatchedAt: Date | null;
}

export type Command =
  | { kind: "answerImmediately"; answer: string }
  | { kind: "dispatch"; departmentId: number; coDepartmentIds: number[]; dueAt: Date; matter: { id: number; domain: Domain } | null }
  | { kind: "accept" }
  | { kind: "return"; reason: string }
  | { kind: "startHandling" }
  | { kind: "reply"; reply: string }
  | { kind: "recordCallback"; satisfaction: Satisfaction; note: string }
  | { kind: "close" }
  | { kind: "reopen"; reason: string }
  | { kind: "supervise"; method: SupervisionMethod; note: string }
  | { kind: "escalate"; loop: Loop; note: string };

export type CommandKind = Command["kind"];

/** Column changes, in domain terms; the store maps them to SQL. */
export interface TicketPatch {
  status?: TicketStatus;
  departmentId?: number | null;
  coDepartmentIds?: number[];
  dispatchedAt?: Date | null;
  dueAt?: Date | null;
  acceptedAt?: Date | null;
  repliedAt?: Date | null;
  closedAt?: Date | null;
  reply?: string;
  satisfaction?: Satisfaction | null;
  reopenCount?: number;
  returnCount?: number;
  supervisionCount?: number;
  loop?: Loop;
  matterId?: number;
  domain?: Domain;
}

export interface Transition {
  patch: TicketPatch;
  event: {
    type: TicketEventType;
    fromStatus: TicketStatus;
    toStatus: TicketStatus;
    departmentId: number | null;
    payload: Record<string, unknown>;
  };
}

interface Rule {
  from: readonly TicketStatus[];
  /** Roles that may issue the command; department commands also need the ticket's lead department. */
  roles: readonly Role[];
  leadDepartmentOnly?: boolean;
}

const OPEN: readonly TicketStatus[] = [
  "received",
  "dispatched",
  "accepted",
  "returned",
  "in_progress",
  "replied",
  "called_back",
  "reopened",
];
const DESK: readonly Role[] = ["operator", "supervisor", "admin"];
const DEPT: readonly Role[] = ["department", "admin"];

export const RULES: Record<CommandKind, Rule> = {
  answerImmediately: { from: ["received"], roles: DESK },
  dispatch: { from: ["received", "returned", "reopened"], roles: DESK },
  accept: { from: ["dispatched"], roles: DEPT, leadDepartmentOnly: true },
  return: { from: ["dispatched", "accepted"], roles: DEPT, leadDepartmentOnly: true },
  startHandling: { from: ["accepted", "reopened"], roles: DEPT, leadDepartmentOnly: true },
  reply: { from: ["accepted", "in_progress", "reopened"], roles: DEPT, leadDepartmentOnly: true },
  recordCallback: { from: ["replied"], roles: DESK },
  close: { from: ["called_back", "replied"], roles: DESK },
  reopen: { from: ["closed", "called_back"], roles: DESK },
  supervise: { from: OPEN, roles: ["supervisor", "admin"] },
  escalate: { from: OPEN, roles: ["supervisor", "leader", "admin"] },
};

const LABEL: Record<CommandKind, string> = {
  answerImmediately: "answer immediately / 即时答复",
  dispatch: "dispatch / 派单",
  accept: "accept / 签收",
  return: "return / 退单",
  startHandling: "start handling / 开始办理",
  reply: "reply / 答复",
  recordCallback: "record callback / 回访",
  close: "close / 办结",
  reopen: "reopen / 重办",
  supervise: "supervise / 督办",
  escalate: "escalate / 升级",
};

/** Checks role, ownership and state; throws a DomainError that says which one failed. */
export function authorize(ticket: TicketState, command: Command, actor: Actor): void {
  const rule = RULES[command.kind];
  if (!rule.roles.includes(actor.role)) {
    throw forbidden(`Role ${actor.role} may not ${LABEL[command.kind]}`, { role: actor.role, command: command.kind });
  }
  if (rule.leadDepartmentOnly && actor.role === "department" && ticket.departmentId !== actor.departmentId) {
    throw forbidden(`Ticket ${ticket.id} is not assigned to your department / 该工单不属于本单位`, {
      ticketId: ticket.id,
    });
  }
  if (!rule.from.includes(ticket.status)) {
    throw new DomainError(
      DomainErrorCode.IllegalTransition,
      `Cannot ${LABEL[command.kind]} ticket ${ticket.id} in status ${ticket.status} / 当前状态不允许此操作`,
      { ticketId: ticket.id, status: ticket.status, command: command.kind, allowedFrom: rule.from },
    );
  }
}

function requireText(value: string, field: string): string {
  const v = value.trim();
  if (!v) throw invalidInput(`${field} must not be empty / ${field} 不能为空`, { field });
  if (v.length > 5000) throw invalidInput(`${field} is longer than 5000 characters`, { field });
  return v;
}

/** The pure heart of the lifecycle: given a ticket and a command, what changes and what is logged. */
export function transition(ticket: TicketState, command: Command, actor: Actor, now: Date): Transition {
  authorize(ticket, command, actor);
  const from = ticket.status;
  const event = (type: TicketEventType, to: TicketStatus, payload: Record<string, unknown> = {}, departmentId = ticket.departmentId) => ({
    type,
    fromStatus: from,
    toStatus: to,
    departmentId,
    payload,
  });
  switch (command.kind) {
    case "answerImmediately":
      return {
        patch: { status: "closed", reply: requireText(command.answer, "answer"), repliedAt: now, closedAt: now },
        event: event("answered_immediately", "closed", { answer: command.answer.trim() }),
      };
    case "dispatch": {
      if (command.coDepartmentIds.includes(command.departmentId)) {
        throw invalidInput("The lead department cannot also be a co-department / 主办单位不能同时为协办单位");
      }
      if (command.dueAt.getTime() <= now.getTime()) throw invalidInput("dueAt must be in the future / 办理时限必须晚于当前时间");
      return {
        patch: {
          status: "dispatched",
          departmentId: command.departmentId,
          coDepartmentIds: [...new Set(command.coDepartmentIds)],
          dispatchedAt: now,
          dueAt: command.dueAt,
          acceptedAt: null,
          ...(command.matter ? { matterId: command.matter.id, domain: command.matter.domain } : {}),
        },
        event: event(
          "dispatched",
          "dispatched",
          { coDepartmentIds: command.coDepartmentIds, dueAt: command.dueAt.toISOString(), matterId: command.matter?.id ?? null },
          command.departmentId,
        ),
      };
    }
    case "accept":
      return { patch: { status: "accepted", acceptedAt: now }, event: event("accepted", "accepted") };
    case "return":
      return {
        // The ticket goes back to the operators' queue; the returning department is kept in the event.
        patch: { status: "returned", departmentId: null, coDepartmentIds: [], returnCount: ticket.returnCount + 1, dueAt: null },
        event: event("returned", "returned", { reason: requireText(command.reason, "reason") }),
      };
    case "startHandling":
      return { patch: { status: "in_progress" }, event: event("handling_started", "in_progress") };
    case "reply":
      return {
        patch: { status: "replied", reply: requireText(command.reply, "reply"), repliedAt: now },
        event: event("replied", "replied", { reply: command.reply.trim() }),
      };
    case "recordCallback":
      return {
        patch: { status: "called_back", satisfaction: command.satisfaction },
        event: event("callback_recorded", "called_back", { satisfaction: command.satisfaction, note: command.note }),
      };
    case "close":
      return { patch: { status: "closed", closedAt: now }, event: event("closed", "closed") };
    case "reopen":
      return {
        patch: { status: "reopened", reopenCount: ticket.reopenCount + 1, closedAt: null, satisfaction: null },
        event: event("reopened", "reopened", { reason: requireText(command.reason, "reason") }),
      };
    case "supervise":
      return {
        patch: { supervisionCount: ticket.supervisionCount + 1 },
        event: event("supervised", from, { method: command.method, note: command.note }),
      };
    case "escalate":
      if (command.loop === ticket.loop) {
        throw invalidInput(`Ticket ${ticket.id} is already in the ${ticket.loop} loop / 已处于该环节`);
      }
      return { patch: { loop: command.loop }, event: event("escalated", from, { from: ticket.loop, to: command.loop, note: command.note }) };
  }
}

/** Working days are not modelled yet: a time limit of N days is N×24 hours from dispatch. */
export function dueFromTimeLimit(now: Date, timeLimitDays: number): Date {
  return new Date(now.getTime() + timeLimitDays * 24 * 3600 * 1000);
}

export interface Deadline {
  overdue: boolean;
  remainingSeconds: number | null;
}

/** Statuses in which the clock runs against the department holding the ticket. */
export const DEPARTMENT_HELD: readonly TicketStatus[] = ["dispatched", "accepted", "in_progress", "reopened"];

export function deadline(status: TicketStatus, dueAt: Date | null, now: Date): Deadline {
  if (!DEPARTMENT_HELD.includes(status) || dueAt === null) return { overdue: false, remainingSeconds: null };
  const remaining = Math.floor((dueAt.getTime() - now.getTime()) / 1000);
  return { overdue: remaining < 0, remainingSeconds: remaining };
}
