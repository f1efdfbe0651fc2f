// What the dispatch suggester learns from: the current responsibility list, the active precedents
// of binding determinations, and the newest resolved tickets with the department that handled them.

import { and, desc, eq, isNotNull, isNull } from "drizzle-orm";
import { matters, precedents, tickets } from "@cityops/schema";
import type { Db } from "../db/client.js";

/** How many resolved tickets teach the suggester; the newest are the most telling. */
export const HISTORY_LIMIT = 60_000;

/** The responsibility list as it stands: every matter's current version. */
export const currentMatters = (db: Db) => db.select().from(matters).where(isNull(matters.validTo));

export function dispatchSources(db: Db) {
  return Promise.all([
    currentMatters(db),
    db.select().from(precedents).where(eq(precedents.active, true)),
    db
      .select({ departmentId: tickets.departmentId, matterId: tickets.matterId, title: tickets.title, content: tickets.content })
      .from(tickets)
      .where(and(eq(tickets.status, "closed"), isNotNull(tickets.departmentId)))
      .orderBy(desc(tickets.id))
      .limit(HISTORY_LIMIT),
  ]);
}

/** The current matters as Open311 services: by key. */
export function currentServices(db: Db) {
  return db
    .select({ key: matters.key, name: matters.name, domain: matters.domain, keywords: matters.keywords, legalBasis: matters.legalBasis })
    .from(matters)
    .where(isNull(matters.validTo))
    .orderBy(matters.key);
}
