// A ticket's past as a source system recorded it: the times a file gives, turned into the state
// the ticket is in now and a compact timeline consistent with those times. Live tickets move by
// commands (lifecycle.ts), one role-checked step at a time; history does not replay commands: who
// moved what happened long ago in another system. What history must not be is impossible — closed
// before it was received, answered without anyone to answer — and those rows are refused.

import type { Satisfaction, TicketStatus } from "@cityops/schema/vocabulary";
import { isoString as iso } from "./iso-time.js";

/** What a source file says happened to one ticket; every field but receivedAt may be missing. */
export interface HistoryFacts {
  receivedAt: Date;
  /** The source's status, already mapped through the mapping's code table. */
  status?: TicketStatus | undefined;
  hasDepartment: boolean;
  dispatchedAt?: Date | undefined;
  acceptedAt?: Date | undefined;
  repliedAt?: Date | undefined;
  closedAt?: Date | undefined;
  dueAt?: Date | undefined;
  reply?: string | undefined;
  satisfaction?: Satisfaction | undefined;
  reopenCount?: number | undefined;
}

/** One step of an imported ticket's timeline: the status it entered and when. */
export interface HistoryStep {
  status: TicketStatus;
  at: string;
}

export interface History {
  status: TicketStatus;
  dispatchedAt: Date | null;
  acceptedAt: Date | null;
  repliedAt: Date | null;
  closedAt: Date | null;
  dueAt: Date | null;
  reply: string | null;
  satisfaction: Satisfaction | null;
  reopenCount: number;
  /** The steps the times prove, in order; a step whose time the file lacks is not invented. */
  steps: HistoryStep[];
}

export class HistoryError extends Error {}

const OPEN_AFTER_DISPATCH: readonly TicketStatus[] = ["dispatched", "accepted", "returned", "in_progress", "replied", "called_back", "reopened"];

/** The status the filled-in times imply: a row with a closed time is closed, and so on down. */
export function statusFromTimes(f: HistoryFacts): TicketStatus {
  if (f.closedAt) return "closed";
  if (f.satisfaction) return "called_back";
  if (f.repliedAt || f.reply) return "replied";
  if (f.acceptedAt) return "accepted";
  if (f.dispatchedAt || f.hasDepartment) return "dispatched";
  return "received";
}

/**
 * The ticket's state and timeline from what the file says, or a HistoryError naming the impossible
 * part. Times the file leaves out are filled only where the state needs them: a ticket with a
 * department but no dispatch time counts as dispatched when it was received, and a ticket a
 * department closed without a reply time was answered when it was closed.
 */
export function historyOf(f: HistoryFacts): History {
  const status = f.status ?? statusFromTimes(f);
  const received = f.receivedAt.getTime();
  const named: [string, Date | undefined][] = [
    ["dispatchedAt", f.dispatchedAt],
    ["acceptedAt", f.acceptedAt],
    ["repliedAt", f.repliedAt],
    ["closedAt", f.closedAt],
  ];
  for (const [name, at] of named) {
    if (at && at.getTime() < received) throw new HistoryError(`${name} ${iso(at)} is before receivedAt ${iso(f.receivedAt)} / 时间早于受理时间`);
  }
  if (f.dueAt && f.dueAt.getTime() < received) throw new HistoryError(`dueAt ${iso(f.dueAt)} is before receivedAt / 办理时限早于受理时间`);
  // Each later step after the earlier ones it follows.
  const order: [string, Date | undefined][] = named.filter(([, at]) => at !== undefined);
  for (let i = 1; i < order.length; i++) {
    const [a, ta] = order[i - 1]!;
    const [b, tb] = order[i]!;
    if (tb!.getTime() < ta!.getTime()) throw new HistoryError(`${b} ${iso(tb!)} is before ${a} ${iso(ta!)} / 环节时间顺序不符`);
  }
  const departmentSteps = f.dispatchedAt || f.acceptedAt || f.repliedAt || f.reply || OPEN_AFTER_DISPATCH.includes(status);
  if (departmentSteps && !f.hasDepartment) {
    throw new HistoryError(
      f.reply || f.repliedAt ? "a reply without a department: say which department answered / 有答复但无承办单位" : `status ${status} needs a department / 该状态须有承办单位`,
    );
  }
  if (f.closedAt && status !== "closed") throw new HistoryError(`status ${status} but a closed time is given / 状态未办结但有办结时间`);
  if (f.satisfaction && !(status === "called_back" || status === "closed" || status === "reopened")) {
    throw new HistoryError(`a satisfaction rating on a ticket in status ${status}: a rating follows the reply / 未答复不能有满意度`);
  }
  const reopenCount = f.reopenCount ?? 0;
  if (!Number.isInteger(reopenCount) || reopenCount < 0 || reopenCount > 1000) throw new HistoryError(`reopenCount ${f.reopenCount} must be a whole number from 0 / 重办次数无效`);

  const closedAt = f.closedAt ?? null;
  const dispatchedAt = f.hasDepartment ? (f.dispatchedAt ?? (status === "received" ? null : f.receivedAt)) : null;
  const repliedAt = f.repliedAt ?? (f.hasDepartment && closedAt ? closedAt : null);
  const steps: HistoryStep[] = [{ status: "received", at: iso(f.receivedAt) }];
  if (dispatchedAt) steps.push({ status: "dispatched", at: iso(dispatchedAt) });
  if (f.acceptedAt) steps.push({ status: "accepted", at: iso(f.acceptedAt) });
  if (repliedAt) steps.push({ status: "replied", at: iso(repliedAt) });
  if (closedAt) steps.push({ status: "closed", at: iso(closedAt) });
  // A status the times do not show (the source's own word) ends the timeline without a time.
  const last = steps[steps.length - 1]!;
  if (last.status !== status && status !== "received") steps.push({ status, at: last.at });
  return {
    status,
    dispatchedAt,
    acceptedAt: f.acceptedAt ?? null,
    repliedAt,
    closedAt,
    dueAt: f.dueAt ?? null,
    reply: f.reply?.trim() || null,
    satisfaction: f.satisfaction ?? null,
    reopenCount,
    steps,
  };
}
