// The reads the in-process simulator needs (simulate/port.ts): the few columns it steers tickets
// by, the tickets to adopt when it starts, and the overdue ones its supervisors chase. Its writes go
// through intake and the lifecycle like anyone's.

import { and, asc, desc, eq, inArray, isNotNull, lt, ne } from "drizzle-orm";
import { tickets } from "@cityops/schema";
import type { Db } from "../db/client.js";
import { DEPARTMENT_HELD } from "../domain/lifecycle.js";

const ROW = {
  id: tickets.id,
  status: tickets.status,
  departmentId: tickets.departmentId,
  suggestedDepartmentId: tickets.suggestedDepartmentId,
  appealType: tickets.appealType,
  domain: tickets.domain,
  supervisionCount: tickets.supervisionCount,
};

export class SimulationStore {
  constructor(private readonly db: Db) {}

  async get(id: number) {
    const [row] = await this.db.select(ROW).from(tickets).where(eq(tickets.id, id));
    return row ?? null;
  }

  /** The ticket's matter, else the suggested one: what a dispatch takes its time limit from. */
  async matterOf(id: number): Promise<number | null> {
    const [row] = await this.db.select({ matterId: tickets.matterId, suggestedMatterId: tickets.suggestedMatterId }).from(tickets).where(eq(tickets.id, id));
    return row?.matterId ?? row?.suggestedMatterId ?? null;
  }

  /** Open tickets, most recently changed first. */
  open(limit: number) {
    return this.db.select(ROW).from(tickets).where(ne(tickets.status, "closed")).orderBy(desc(tickets.updatedAt)).limit(limit);
  }

  /** Tickets a department holds past their due time, the least supervised first. */
  overdue(limit: number, now = new Date()) {
    return this.db
      .select(ROW)
      .from(tickets)
      .where(and(inArray(tickets.status, [...DEPARTMENT_HELD]), isNotNull(tickets.dueAt), lt(tickets.dueAt, now)))
      .orderBy(asc(tickets.supervisionCount), asc(tickets.dueAt))
      .limit(limit);
  }
}
