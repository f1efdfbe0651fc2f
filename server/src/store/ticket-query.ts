import { and, asc, desc, eq, gt, gte, inArray, isNotNull, isNull, lt, or, sql, type SQL } from "drizzle-orm";
import {
  matters,
  tickets,
  type AppealType,
  type Channel,
  type Domain,
  type Satisfaction,
  type Source,
  type TicketStatus,
} from "@cityops/schema";
import type { Actor } from "../domain/actor.js";
import { DEPARTMENT_HELD } from "../domain/lifecycle.js";
import { invalidInput } from "../domain/errors.js";
import type { ReferenceData } from "./reference.store.js";

export interface TicketQuery {
  status?: TicketStatus[];
  source?: Source[];
  channel?: Channel[];
  appealType?: AppealType[];
  departmentId?: number;
  regionId?: number;
  tagsAny?: string[];
  tagsAll?: string[];
  matterId?: number;
  domain?: Domain[];
  from?: Date;
  to?: Date;
  located?: boolean;
  overdue?: boolean;
  satisfaction?: Satisfaction[];
  text?: string;
  ids?: number[];
  /** Open311 service codes: a matter's key, or the code a request was posted with. */
  serviceCodes?: string[];
}

export type TicketOrder = "RECEIVED_AT_DESC" | "RECEIVED_AT_ASC" | "DUE_AT_ASC";

interface CursorValue {
  v: string | null;
  id: number;
}

export function encodeCursor(value: CursorValue): string {
  return Buffer.from(JSON.stringify(value)).toString("base64url");
}

export function decodeCursor(cursor: string): CursorValue {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as CursorValue;
    if (typeof parsed.id !== "number" || !(parsed.v === null || typeof parsed.v === "string")) throw new Error();
    return parsed;
  } catch {
    throw invalidInput(`Invalid cursor "${cursor}" / 游标无效`, { field: "after" });
  }
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** The rows a role may see at all: a department only its own (lead or co-department) tickets. */
export function visibility(actor: Actor): SQL | undefined {
  if (actor.role !== "department") return undefined;
  const d = actor.departmentId ?? -1;
  return or(eq(tickets.departmentId, d), sql`${d} = any(${tickets.coDepartmentIds})`);
}

export function ticketConditions(q: TicketQuery, actor: Actor, ref: ReferenceData, now: Date): SQL[] {
  const c: (SQL | undefined)[] = [visibility(actor)];
  if (q.status?.length) c.push(inArray(tickets.status, q.status));
  if (q.source?.length) c.push(inArray(tickets.source, q.source));
  if (q.channel?.length) c.push(inArray(tickets.channel, q.channel));
  if (q.appealType?.length) c.push(inArray(tickets.appealType, q.appealType));
  if (q.domain?.length) c.push(inArray(tickets.domain, q.domain));
  if (q.satisfaction?.length) c.push(inArray(tickets.satisfaction, q.satisfaction));
  if (q.departmentId !== undefined) {
    c.push(or(eq(tickets.departmentId, q.departmentId), sql`${q.departmentId} = any(${tickets.coDepartmentIds})`));
  }
  if (q.matterId !== undefined) c.push(eq(tickets.matterId, q.matterId));
  if (q.regionId !== undefined) {
    const region = ref.regions.get(q.regionId);
    if (!region) throw invalidInput(`Unknown region ${q.regionId} / 区域不存在`, { field: "regionId" });
    const column = { street: tickets.streetId, community: tickets.communityId, grid_cell: tickets.gridCellId }[region.level];
    c.push(eq(column, region.id));
  }
  if (q.from) c.push(gte(tickets.receivedAt, q.from));
  if (q.to) c.push(lt(tickets.receivedAt, q.to));
  if (q.located === true) c.push(isNotNull(tickets.gridCellId));
  if (q.located === false) c.push(isNull(tickets.gridCellId));
  if (q.overdue !== undefined) {
    const overdue = and(inArray(tickets.status, [...DEPARTMENT_HELD]), lt(tickets.dueAt, now));
    c.push(q.overdue ? overdue : sql`not coalesce(${overdue}, false)`);
  }
  if (q.ids) c.push(q.ids.length ? inArray(tickets.id, q.ids) : sql`false`);
  if (q.serviceCodes?.length) {
    c.push(
      sql`(${inArray(sql`${tickets.raw}->'open311'->>'service_code'`, q.serviceCodes)} or ${tickets.matterId} in (select id from ${matters} where ${inArray(matters.key, q.serviceCodes)}))`,
    );
  }
  if (q.text?.trim()) c.push(sql`${tickets.content} ilike ${"%" + escapeLike(q.text.trim()) + "%"}`);
  const tagIds = (codes: string[]) =>
    codes.map((code) => {
      const tag = ref.tagsByCode.get(code);
      if (!tag) throw invalidInput(`Unknown tag "${code}" / 标签不存在`, { field: "tags" });
      return tag.id;
    });
  // Array literals the GIN index on tag_ids serves (tickets_tag_ids_idx).
  const tagArray = (ids: number[]) => sql`${sql.raw(`'{${ids.join(",")}}'`)}::int[]`;
  if (q.tagsAny?.length) c.push(sql`${tickets.tagIds} && ${tagArray(tagIds(q.tagsAny))}`);
  if (q.tagsAll?.length) c.push(sql`${tickets.tagIds} @> ${tagArray([...new Set(tagIds(q.tagsAll))])}`);
  return c.filter((x): x is SQL => x !== undefined);
}

/** Keyset pagination: stable under inserts, and as fast on page 1,000 as on page 1. */
export function orderAndSeek(order: TicketOrder, after: CursorValue | null): { orderBy: SQL[]; seek: SQL | undefined } {
  switch (order) {
    case "RECEIVED_AT_DESC":
      return {
        orderBy: [desc(tickets.receivedAt), desc(tickets.id)],
        seek: after
          ? or(lt(tickets.receivedAt, new Date(after.v!)), and(eq(tickets.receivedAt, new Date(after.v!)), lt(tickets.id, after.id)))
          : undefined,
      };
    case "RECEIVED_AT_ASC":
      return {
        orderBy: [asc(tickets.receivedAt), asc(tickets.id)],
        seek: after
          ? or(gt(tickets.receivedAt, new Date(after.v!)), and(eq(tickets.receivedAt, new Date(after.v!)), gt(tickets.id, after.id)))
          : undefined,
      };
    case "DUE_AT_ASC":
      // Tickets without a due time sort last.
      return {
        orderBy: [sql`${tickets.dueAt} asc nulls last`, asc(tickets.id)],
        seek: after
          ? after.v === null
            ? and(isNull(tickets.dueAt), gt(tickets.id, after.id))
            : or(
                gt(tickets.dueAt, new Date(after.v)),
                isNull(tickets.dueAt),
                and(eq(tickets.dueAt, new Date(after.v)), gt(tickets.id, after.id)),
              )
          : undefined,
      };
  }
}

export function cursorFor(order: TicketOrder, row: { id: number; receivedAt: Date; dueAt: Date | null }): string {
  const v = order === "DUE_AT_ASC" ? (row.dueAt?.toISOString() ?? null) : row.receivedAt.toISOString();
  return encodeCursor({ v, id: row.id });
}
