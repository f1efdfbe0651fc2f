// The lifecycle half of a mapping: which columns say who handled a ticket, when each step happened,
// what was answered and how the citizen rated it. Checked row by row here (times parse, the history
// is possible: domain/history.ts); department names are checked against the hub's list when the
// rows are written, since only the hub knows its departments.

import { SATISFACTIONS, TICKET_STATUSES, type Satisfaction, type TicketStatus } from "@cityops/schema";
import { historyOf, HistoryError, type History } from "../domain/history.js";
import { RowError } from "./fields.js";
import { compileField, type FieldSpec, type Getter, type Row } from "./mapping-fields.js";

/** The department a row names (code or name), and whether an unknown one may be created. */
export interface DepartmentRef {
  ref: string;
  /** The name to give it when it is created (a second column), else the reference itself. */
  name?: string | undefined;
  create: boolean;
}

/** What a row says happened to its ticket: the state it is in now and how it got there. */
export interface HistoryItem {
  department: DepartmentRef | null;
  coDepartments: DepartmentRef[];
  life: History;
  /** The source's own status history, kept as the file gives it. */
  sourceStatuses?: unknown;
}

export const HISTORY_TARGETS = [
  "department", "coDepartments", "status", "dispatchedAt", "acceptedAt", "repliedAt", "closedAt", "dueAt", "reply", "satisfaction",
  "reopenCount", "statusHistory",
] as const;
export type HistoryTarget = (typeof HISTORY_TARGETS)[number];

const TIME_TARGETS = ["dispatchedAt", "acceptedAt", "repliedAt", "closedAt", "dueAt"] as const;

const SEPARATORS = /[、;；,，]/;

export interface HistoryMapping {
  /** undefined when the mapping has no lifecycle targets: rows enter as received. */
  map(row: Row, receivedAt: Date): HistoryItem | undefined;
}

/**
 * Compiles the lifecycle targets. `parseTime(target)` returns the date parser of that target's
 * format (a target may name its own `format`, else the mapping's dateFormat).
 */
export function compileHistory(fields: Partial<Record<HistoryTarget, FieldSpec>>, columns: Set<string>, parseTime: (spec: FieldSpec) => (text: string) => Date): HistoryMapping {
  const given = HISTORY_TARGETS.filter((t) => fields[t] !== undefined);
  if (given.length === 0) return { map: () => undefined };
  const get = new Map<HistoryTarget, Getter>();
  for (const t of given) get.set(t, compileField(`fields.${t}`, fields[t]!, columns));
  const dept = fields.department;
  const form = typeof dept === "object" && dept !== null && "column" in dept ? dept : null;
  if (form?.create !== undefined && typeof form.create !== "boolean") throw new Error("fields.department.create must be true or false");
  if (form?.name !== undefined && typeof form.name !== "string") throw new Error("fields.department.name must be a column name");
  const create = form?.create === true;
  const nameOf = form?.name !== undefined ? compileField("fields.department.name", form.name, columns) : null;
  const parsers = new Map(TIME_TARGETS.filter((t) => fields[t] !== undefined).map((t) => [t, parseTime(fields[t]!)]));
  const val = (row: Row, t: HistoryTarget) => get.get(t)?.(row) ?? "";

  const time = (row: Row, t: (typeof TIME_TARGETS)[number]): Date | undefined => {
    const text = val(row, t);
    if (!text) return undefined;
    try {
      return parsers.get(t)!(text);
    } catch (err) {
      throw new RowError(`${t}: ${(err as Error).message}`);
    }
  };

  return {
    map(row, receivedAt) {
      const ref = val(row, "department");
      const department = ref ? { ref, name: nameOf?.(row) || undefined, create } : null;
      const coDepartments = val(row, "coDepartments")
        .split(SEPARATORS)
        .map((s) => s.trim())
        .filter((s) => s !== "" && s !== ref)
        .map((s) => ({ ref: s, create }));
      const status = val(row, "status");
      if (status && !(TICKET_STATUSES as readonly string[]).includes(status)) {
        throw new RowError(`status ${JSON.stringify(status)} is not a ticket status (add it to the status code table) / 状态无法识别`);
      }
      const satisfaction = val(row, "satisfaction");
      if (satisfaction && !(SATISFACTIONS as readonly string[]).includes(satisfaction)) {
        throw new RowError(`satisfaction ${JSON.stringify(satisfaction)} is not satisfied, basically_satisfied or dissatisfied (add it to the code table) / 满意度无法识别`);
      }
      const reopens = val(row, "reopenCount");
      const reopenCount = reopens === "" ? undefined : Number(reopens);
      if (reopenCount !== undefined && !Number.isInteger(reopenCount)) throw new RowError(`reopenCount ${JSON.stringify(reopens)} is not a whole number / 重办次数须为整数`);
      let life: History;
      try {
        life = historyOf({
          receivedAt,
          status: (status || undefined) as TicketStatus | undefined,
          hasDepartment: department !== null,
          dispatchedAt: time(row, "dispatchedAt"),
          acceptedAt: time(row, "acceptedAt"),
          repliedAt: time(row, "repliedAt"),
          closedAt: time(row, "closedAt"),
          dueAt: time(row, "dueAt"),
          reply: val(row, "reply") || undefined,
          satisfaction: (satisfaction || undefined) as Satisfaction | undefined,
          reopenCount,
        });
      } catch (err) {
        if (err instanceof HistoryError) throw new RowError(err.message);
        throw err;
      }
      const statuses = val(row, "statusHistory");
      let sourceStatuses: unknown;
      if (statuses) {
        try {
          sourceStatuses = JSON.parse(statuses);
        } catch {
          sourceStatuses = statuses;
        }
      }
      return { department, coDepartments, life, ...(sourceStatuses !== undefined ? { sourceStatuses } : {}) };
    },
  };
}

/** A HistoryItem as JSON, for sending rows through a running hub (format=ticket, `history`). */
export function historyRecord(h: HistoryItem): Record<string, unknown> {
  const l = h.life;
  const iso = (d: Date | null) => d?.toISOString();
  return {
    department: h.department,
    coDepartments: h.coDepartments,
    status: l.status,
    dispatchedAt: iso(l.dispatchedAt),
    acceptedAt: iso(l.acceptedAt),
    repliedAt: iso(l.repliedAt),
    closedAt: iso(l.closedAt),
    dueAt: iso(l.dueAt),
    reply: l.reply ?? undefined,
    satisfaction: l.satisfaction ?? undefined,
    reopenCount: l.reopenCount,
    sourceStatuses: h.sourceStatuses,
  };
}

const refOf = (v: unknown, where: string): DepartmentRef => {
  const r = v as Partial<DepartmentRef> | null;
  if (!r || typeof r !== "object" || typeof r.ref !== "string" || r.ref.trim() === "") throw new RowError(`${where} must be {ref, name?, create?} / 承办单位格式错误`);
  return { ref: r.ref, name: typeof r.name === "string" ? r.name : undefined, create: r.create === true };
};

/** The history of a record sent as historyRecord, checked again: a hub trusts no sender. */
export function historyFromRecord(v: unknown, receivedAt: Date): HistoryItem {
  if (!v || typeof v !== "object" || Array.isArray(v)) throw new RowError("history must be an object / history 须为对象");
  const r = v as Record<string, unknown>;
  const time = (k: string): Date | undefined => {
    const x = r[k];
    if (x === undefined || x === null) return undefined;
    const d = typeof x === "string" ? new Date(x) : new Date(NaN);
    if (Number.isNaN(d.getTime())) throw new RowError(`history.${k} is not an ISO time / 时间格式错误`);
    return d;
  };
  const department = r.department === undefined || r.department === null ? null : refOf(r.department, "history.department");
  if (r.coDepartments !== undefined && !Array.isArray(r.coDepartments)) throw new RowError("history.coDepartments must be a list / 配合单位须为列表");
  const coDepartments = ((r.coDepartments as unknown[] | undefined) ?? []).map((x) => refOf(x, "history.coDepartments[]"));
  const status = r.status as string | undefined;
  if (status !== undefined && !(TICKET_STATUSES as readonly string[]).includes(status)) throw new RowError(`history.status ${JSON.stringify(status)} is not a ticket status / 状态无法识别`);
  const satisfaction = r.satisfaction as string | undefined;
  if (satisfaction !== undefined && !(SATISFACTIONS as readonly string[]).includes(satisfaction)) throw new RowError(`history.satisfaction ${JSON.stringify(satisfaction)} is not a rating / 满意度无法识别`);
  if (r.reply !== undefined && typeof r.reply !== "string") throw new RowError("history.reply must be text / 答复须为文本");
  if (r.reopenCount !== undefined && typeof r.reopenCount !== "number") throw new RowError("history.reopenCount must be a number / 重办次数须为数字");
  try {
    const life = historyOf({
      receivedAt,
      status: status as TicketStatus | undefined,
      hasDepartment: department !== null,
      dispatchedAt: time("dispatchedAt"),
      acceptedAt: time("acceptedAt"),
      repliedAt: time("repliedAt"),
      closedAt: time("closedAt"),
      dueAt: time("dueAt"),
      reply: r.reply as string | undefined,
      satisfaction: satisfaction as Satisfaction | undefined,
      reopenCount: r.reopenCount as number | undefined,
    });
    return { department, coDepartments, life, ...(r.sourceStatuses !== undefined ? { sourceStatuses: r.sourceStatuses } : {}) };
  } catch (err) {
    if (err instanceof HistoryError) throw new RowError(err.message);
    throw err;
  }
}
