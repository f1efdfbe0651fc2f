import { describe, expect, it } from "vitest";
import { deadline, transition, type Command, type TicketState } from "../../server/src/domain/lifecycle.js";
import { DomainError, DomainErrorCode } from "../../server/src/domain/errors.js";
import type { Actor } from "../../server/src/domain/actor.js";

const now = new Date("2026-06-01T02:00:00Z");
const operator: Actor = { id: "operator:1", role: "operator", departmentId: null };
const dept7: Actor = { id: "dept:D007", role: "department", departmentId: 7 };
const dept8: Actor = { id: "dept:D008", role: "department", departmentId: 8 };

const ticket = (over: Partial<TicketState> = {}): TicketState => ({
  id: 1,
  status: "received",
  departmentId: null,
  coDepartmentIds: [],
  loop: "small",
  reopenCount: 0,
  returnCount: 0,
  supervisionCount: 0,
  dispatchedAt: null,
  ...over,
});

const dispatch = (departmentId: number): Command => ({
  kind: "dispatch",
  departmentId,
  coDepartmentIds: [],
  dueAt: new Date(now.getTime() + 86400_000),
  matter: null,
});

function refused(fn: () => unknown, code: DomainErrorCode) {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(DomainError);
    expect((err as DomainError).code).toBe(code);
    return err as DomainError;
  }
  throw new Error("expected the command to be refused");
}

describe("ticket lifecycle", () => {
  it("walks a ticket from intake through return, re-dispatch, reopen and close", () => {
    let t = ticket();
    const apply = (c: Command, a: Actor) => {
      const r = transition(t, c, a, now);
      t = { ...t, ...r.patch } as TicketState;
      return r.event;
    };
    expect(apply(dispatch(8), operator).toStatus).toBe("dispatched");
    const ret = apply({ kind: "return", reason: "不属于本单位职责" }, dept8);
    expect(ret).toMatchObject({ type: "returned", fromStatus: "dispatched", toStatus: "returned", departmentId: 8 });
    expect(t.departmentId).toBeNull();
    expect(t.returnCount).toBe(1);
    expect(apply(dispatch(7), operator).departmentId).toBe(7);
    expect(apply({ kind: "accept" }, dept7).toStatus).toBe("accepted");
    expect(apply({ kind: "reply", reply: "已处理" }, dept7).toStatus).toBe("replied");
    expect(apply({ kind: "recordCallback", satisfaction: "dissatisfied", note: "" }, operator).toStatus).toBe("called_back");
    expect(apply({ kind: "reopen", reason: "问题未解决" }, operator).toStatus).toBe("reopened");
    expect(t.reopenCount).toBe(1);
    expect(apply({ kind: "reply", reply: "已再次处理" }, dept7).toStatus).toBe("replied");
    expect(apply({ kind: "recordCallback", satisfaction: "satisfied", note: "" }, operator).toStatus).toBe("called_back");
    expect(apply({ kind: "close" }, operator).toStatus).toBe("closed");
  });

  it("refuses to accept a closed ticket", () => {
    const err = refused(() => transition(ticket({ status: "closed", departmentId: 7 }), { kind: "accept" }, dept7, now), DomainErrorCode.IllegalTransition);
    expect(err.details).toMatchObject({ status: "closed", command: "accept" });
  });

  it("refuses a department replying to another department's ticket", () => {
    refused(() => transition(ticket({ status: "accepted", departmentId: 7 }), { kind: "reply", reply: "x" }, dept8, now), DomainErrorCode.Forbidden);
  });

  it("refuses an operator accepting on a department's behalf", () => {
    refused(() => transition(ticket({ status: "dispatched", departmentId: 7 }), { kind: "accept" }, operator, now), DomainErrorCode.Forbidden);
  });

  it("requires a reason to return a ticket", () => {
    refused(() => transition(ticket({ status: "dispatched", departmentId: 7 }), { kind: "return", reason: "  " }, dept7, now), DomainErrorCode.InvalidInput);
  });

  it("refuses a due time in the past and a lead department listed as co-department", () => {
    refused(() => transition(ticket(), { ...dispatch(7), dueAt: new Date(now.getTime() - 1) } as Command, operator, now), DomainErrorCode.InvalidInput);
    refused(() => transition(ticket(), { ...dispatch(7), coDepartmentIds: [7] } as Command, operator, now), DomainErrorCode.InvalidInput);
  });

  it("closes a consultation answered at intake in one step", () => {
    const r = transition(ticket(), { kind: "answerImmediately", answer: "办理地点在政务服务中心" }, operator, now);
    expect(r.patch).toMatchObject({ status: "closed", closedAt: now, repliedAt: now });
    expect(r.event.type).toBe("answered_immediately");
  });

  it("records supervision and escalation without changing the status", () => {
    const supervisor: Actor = { id: "s", role: "supervisor", departmentId: null };
    const t = ticket({ status: "in_progress", departmentId: 7 });
    const s = transition(t, { kind: "supervise", method: "on_site", note: "" }, supervisor, now);
    expect(s.event).toMatchObject({ type: "supervised", fromStatus: "in_progress", toStatus: "in_progress" });
    expect(s.patch.supervisionCount).toBe(1);
    const e = transition(t, { kind: "escalate", loop: "middle", note: "" }, supervisor, now);
    expect(e.patch.loop).toBe("middle");
    refused(() => transition(t, { kind: "escalate", loop: "small", note: "" }, supervisor, now), DomainErrorCode.InvalidInput);
  });
});

describe("deadlines", () => {
  it("is overdue only while a department holds the ticket past its due time", () => {
    const due = new Date(now.getTime() - 3600_000);
    expect(deadline("in_progress", due, now)).toEqual({ overdue: true, remainingSeconds: -3600 });
    expect(deadline("replied", due, now).overdue).toBe(false);
    expect(deadline("closed", due, now).remainingSeconds).toBeNull();
    expect(deadline("dispatched", new Date(now.getTime() + 60_000), now)).toEqual({ overdue: false, remainingSeconds: 60 });
  });
});
