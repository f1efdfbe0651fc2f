// One ticket's life as a list of events: planned in full from intake to the last callback, then cut
// at `now`, then replayed with the same column changes as the state machine in domain/lifecycle.ts.
// Deriving the ticket's columns from its replayed events is what keeps status, timestamps, counters
// and the audit log consistent with each other for every ticket, whatever point `now` cuts at.

import { DISTRICT_UTC_OFFSET_MS, type Loop, type Role, type Satisfaction, type SupervisionMethod, type TicketEventType, type TicketStatus } from "@cityops/schema/vocabulary";
import type { Random } from "./random.js";

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

export interface Dept {
  id: number;
  code: string;
}

export interface LifecycleInput {
  receivedAt: number;
  now: number;
  immediate: boolean;
  lead: Dept;
  wrong: Dept | null;
  coDepartmentIds: number[];
  timeLimitDays: number;
  matterId: number;
  enterprise: boolean;
  storm: boolean;
  escalateTo: Loop | null;
  creator: { actor: string; role: Role | null; payload: Record<string, unknown> };
  operator: string;
  supervisor: string;
  leader: string;
  replyText: (second: boolean) => string;
  immediateText: () => string;
  returnReason: () => string;
  callbackNote: (s: Satisfaction) => string;
  reopenReason: () => string;
  supervisionNote: () => string;
}

export interface EventRow {
  at: number;
  type: TicketEventType;
  actor: string;
  actorRole: Role | null;
  departmentId: number | null;
  fromStatus: TicketStatus | null;
  toStatus: TicketStatus;
  payload: Record<string, unknown>;
}

export interface TicketState {
  status: TicketStatus;
  departmentId: number | null;
  coDepartmentIds: number[];
  dispatchedAt: number | null;
  dueAt: number | null;
  acceptedAt: number | null;
  repliedAt: number | null;
  closedAt: number | null;
  reply: string | null;
  satisfaction: Satisfaction | null;
  reopenCount: number;
  returnCount: number;
  supervisionCount: number;
  loop: Loop;
  updatedAt: number;
}

export interface LifecycleResult {
  events: EventRow[];
  state: TicketState;
  supervisions: { at: number; method: SupervisionMethod; note: string; departmentId: number | null; actor: string }[];
}

const SUPERVISION_METHOD_WEIGHTS: readonly (readonly [SupervisionMethod, number])[] = [
  ["phone", 48],
  ["written_notice", 20],
  ["on_site", 16],
  ["joint", 6],
  ["elevated", 4],
  ["media", 2],
  ["discipline_linkage", 2],
  ["leader_instruction", 2],
];

/** Moves a moment of department or desk work out of the night into the next working morning. */
function daytime(rnd: Random, t: number, from = 8, to = 20): number {
  const local = t + DISTRICT_UTC_OFFSET_MS;
  const hour = Math.floor((local % DAY) / HOUR);
  if (hour >= from && hour < to) return t;
  const dayStart = Math.floor(local / DAY) * DAY - DISTRICT_UTC_OFFSET_MS;
  const base = hour < from ? dayStart : dayStart + DAY;
  return base + from * HOUR + rnd.range(0, 2.5 * HOUR);
}

interface Planned {
  at: number;
  type: TicketEventType;
  actor: string;
  actorRole: Role | null;
  payload: Record<string, unknown>;
  /** For dispatch: the department it goes to. */
  toDept?: number;
}

export function planLifecycle(rnd: Random, x: LifecycleInput): LifecycleResult {
  const plan: Planned[] = [];
  let t = x.receivedAt;
  const push = (at: number, p: Omit<Planned, "at">) => {
    // Strictly later than the previous step keeps the per-ticket order unambiguous.
    t = Math.max(at, t + 1000);
    plan.push({ at: t, ...p });
  };
  const deptActor = (d: Dept) => ({ actor: `dept:${d.code}`, actorRole: "department" as const });
  const desk = { actor: x.operator, actorRole: "operator" as const };

  plan.push({ at: t, type: "created", actor: x.creator.actor, actorRole: x.creator.role, payload: x.creator.payload });
  const sup: LifecycleResult["supervisions"] = [];
  const extras: Planned[] = [];

  if (x.immediate) {
    push(t + rnd.range(2 * MIN, 10 * MIN), { type: "answered_immediately", ...desk, payload: { answer: x.immediateText() } });
  } else {
    const limitMs = x.timeLimitDays * DAY;
    const dispatchTo = (d: Dept, at: number) => {
      const due = at + limitMs;
      push(at, {
        type: "dispatched",
        ...desk,
        toDept: d.id,
        payload: { coDepartmentIds: d === x.lead ? x.coDepartmentIds : [], dueAt: new Date(Math.max(due, at + 1000)).toISOString(), matterId: x.matterId },
      });
    };
    dispatchTo(x.wrong ?? x.lead, t + rnd.range(5 * MIN, 45 * MIN));
    if (x.wrong) {
      push(daytime(rnd, t + rnd.range(HOUR, 8 * HOUR)), { type: "returned", ...deptActor(x.wrong), payload: { reason: x.returnReason() } });
      dispatchTo(x.lead, t + rnd.range(15 * MIN, 3 * HOUR));
    }
    const dispatchedAt = t;
    push(daytime(rnd, t + rnd.range(10 * MIN, 4 * HOUR)), { type: "accepted", ...deptActor(x.lead), payload: {} });
    const acceptedAt = t;
    push(t + rnd.range(0, 3 * HOUR), { type: "handling_started", ...deptActor(x.lead), payload: {} });

    let days: number;
    if (x.storm) days = rnd.range(0.1, 1.2);
    else {
      const theta = 1.45 * Math.min(1.5, Math.max(0.4, x.timeLimitDays / 5));
      days = 0.05 + rnd.gamma(2, theta) * (x.escalateTo ? 1.8 : 1);
      if (days > x.timeLimitDays && rnd.chance(0.8)) days = x.timeLimitDays * rnd.range(0.5, 0.97);
    }
    const overdue = days > x.timeLimitDays;
    // Even a quick answer takes some work after handling starts.
    const replyAt = Math.max(daytime(rnd, dispatchedAt + days * DAY), t + rnd.range(20 * MIN, 3 * HOUR));
    push(replyAt, { type: "replied", ...deptActor(x.lead), payload: { reply: x.replyText(false) } });
    const repliedAt = t;

    // Chasing and escalation happen while the department holds the ticket.
    const during = (lo: number, hi: number) => {
      const at = lo + (hi - lo) * rnd.range(0.2, 0.9);
      const office = daytime(rnd, at);
      return office < hi ? office : at;
    };
    if (rnd.chance(overdue ? 0.45 : 0.025)) {
      const n = rnd.weighted([[1, 75], [2, 20], [3, 5]] as const);
      for (let i = 0; i < n; i++) {
        const method = rnd.weighted(SUPERVISION_METHOD_WEIGHTS);
        const at = during(acceptedAt, repliedAt);
        const note = x.supervisionNote();
        extras.push({ at, type: "supervised", actor: x.supervisor, actorRole: "supervisor", payload: { method, note } });
      }
    }
    if (x.escalateTo) {
      const first = during(acceptedAt, repliedAt);
      extras.push({ at: first, type: "escalated", actor: x.supervisor, actorRole: "supervisor", payload: { from: "small", to: "middle", note: "需多部门协同办理" } });
      if (x.escalateTo === "big") {
        const second = first + (repliedAt - first) * rnd.range(0.2, 0.8);
        extras.push({ at: second, type: "escalated", actor: x.leader, actorRole: "leader", payload: { from: "middle", to: "big", note: "提请区领导协调攻坚" } });
      }
    }

    const satisfaction = (second: boolean): Satisfaction => {
      if (second) return rnd.weighted([["satisfied", 38], ["basically_satisfied", 22], ["dissatisfied", 40]] as const);
      const dis = (x.enterprise ? 0.02 : x.storm ? 0.09 : 0.16) * (overdue ? 1.6 : 1);
      return rnd.weighted([["satisfied", 0.88 - dis], ["basically_satisfied", 0.12], ["dissatisfied", dis]] as const);
    };
    const callback = (second: boolean): Satisfaction => {
      const s = satisfaction(second);
      push(daytime(rnd, t + rnd.range(2 * HOUR, 30 * HOUR), 9, 20), {
        type: "callback_recorded",
        ...desk,
        payload: { satisfaction: s, note: x.callbackNote(s) },
      });
      return s;
    };
    const close = () => push(t + rnd.range(2 * MIN, 90 * MIN), { type: "closed", ...desk, payload: {} });

    const first = callback(false);
    if (first === "dissatisfied" && rnd.chance(0.62)) {
      if (rnd.chance(0.65)) {
        push(t + rnd.range(5 * MIN, HOUR), { type: "reopened", ...desk, payload: { reason: x.reopenReason() } });
      } else {
        close();
        push(daytime(rnd, t + rnd.range(0.5 * DAY, 3 * DAY)), { type: "reopened", ...desk, payload: { reason: x.reopenReason() } });
      }
      const reopenedAt = t;
      push(daytime(rnd, t + rnd.range(HOUR, 8 * HOUR)), { type: "handling_started", ...deptActor(x.lead), payload: {} });
      push(daytime(rnd, t + rnd.range(0.5 * DAY, 3 * DAY)), { type: "replied", ...deptActor(x.lead), payload: { reply: x.replyText(true) } });
      if (rnd.chance(0.3)) {
        const method = rnd.weighted(SUPERVISION_METHOD_WEIGHTS);
        extras.push({ at: during(reopenedAt, t), type: "supervised", actor: x.supervisor, actorRole: "supervisor", payload: { method, note: x.supervisionNote() } });
      }
      callback(true);
    }
    close();
  }

  const all = [...plan, ...extras].sort((a, b) => a.at - b.at);
  return replay(all.filter((e) => e.at <= x.now), sup);
}

const TO_STATUS: Partial<Record<TicketEventType, TicketStatus>> = {
  created: "received",
  answered_immediately: "closed",
  dispatched: "dispatched",
  accepted: "accepted",
  returned: "returned",
  handling_started: "in_progress",
  replied: "replied",
  callback_recorded: "called_back",
  closed: "closed",
  reopened: "reopened",
};

/** Applies the planned events in order with the state machine's column changes. */
function replay(planned: Planned[], sup: LifecycleResult["supervisions"]): LifecycleResult {
  const s: TicketState = {
    status: "received",
    departmentId: null,
    coDepartmentIds: [],
    dispatchedAt: null,
    dueAt: null,
    acceptedAt: null,
    repliedAt: null,
    closedAt: null,
    reply: null,
    satisfaction: null,
    reopenCount: 0,
    returnCount: 0,
    supervisionCount: 0,
    loop: "small",
    updatedAt: planned[0]?.at ?? 0,
  };
  const events: EventRow[] = [];
  let from: TicketStatus | null = null;
  for (const p of planned) {
    const to = TO_STATUS[p.type] ?? s.status;
    let departmentId = s.departmentId;
    switch (p.type) {
      case "answered_immediately":
        s.reply = String(p.payload.answer);
        s.repliedAt = p.at;
        s.closedAt = p.at;
        break;
      case "dispatched":
        departmentId = p.toDept ?? null;
        s.departmentId = departmentId;
        s.coDepartmentIds = (p.payload.coDepartmentIds as number[]) ?? [];
        s.dispatchedAt = p.at;
        s.dueAt = Date.parse(String(p.payload.dueAt));
        s.acceptedAt = null;
        break;
      case "accepted":
        s.acceptedAt = p.at;
        break;
      case "returned":
        s.departmentId = null;
        s.coDepartmentIds = [];
        s.dueAt = null;
        s.returnCount++;
        break;
      case "replied":
        s.reply = String(p.payload.reply);
        s.repliedAt = p.at;
        break;
      case "callback_recorded":
        s.satisfaction = p.payload.satisfaction as Satisfaction;
        break;
      case "closed":
        s.closedAt = p.at;
        break;
      case "reopened":
        s.reopenCount++;
        s.closedAt = null;
        s.satisfaction = null;
        break;
      case "supervised":
        s.supervisionCount++;
        sup.push({ at: p.at, method: p.payload.method as SupervisionMethod, note: String(p.payload.note), departmentId: s.departmentId, actor: p.actor });
        break;
      case "escalated":
        s.loop = p.payload.to as Loop;
        break;
      default:
        break;
    }
    s.status = to;
    s.updatedAt = p.at;
    events.push({ at: p.at, type: p.type, actor: p.actor, actorRole: p.actorRole, departmentId, fromStatus: from, toStatus: to, payload: p.payload });
    from = to;
  }
  return { events, state: s, supervisions: sup };
}
