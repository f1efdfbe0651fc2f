import { evidenceList, ladder, maxSeverity, WARNING_RULES, type Labels, type WarningCandidate } from "./types.js";

/** A ticket a department holds with the clock running (dispatched, accepted, in progress, reopened). */
export interface HeldTicket {
  id: number;
  departmentId: number;
  dueAt: Date;
}

const hours = (ms: number) => Math.round((ms / 3_600_000) * 10) / 10;

/**
 * 超期 and 临期, one warning per department: a queue of late tickets is one problem for one unit,
 * and a warning per ticket would drown everything else. The evidence is the current set, so the
 * warning shrinks as tickets are handled and the engine resolves it when none is left.
 */
export function detectDeadlines(held: readonly HeldTicket[], now: Date, labels: Labels): WarningCandidate[] {
  const rules = WARNING_RULES.deadlines;
  const t = now.getTime();
  const byDept = new Map<number, { overdue: HeldTicket[]; soon: HeldTicket[] }>();
  for (const h of held) {
    const late = h.dueAt.getTime() < t;
    const soon = !late && h.dueAt.getTime() < t + rules.dueSoonMs;
    if (!late && !soon) continue;
    let g = byDept.get(h.departmentId);
    if (!g) byDept.set(h.departmentId, (g = { overdue: [], soon: [] }));
    (late ? g.overdue : g.soon).push(h);
  }
  const out: WarningCandidate[] = [];
  for (const [dept, g] of byDept) {
    const name = labels.department(dept);
    if (g.overdue.length > 0) {
      const worst = Math.max(...g.overdue.map((h) => t - h.dueAt.getTime()));
      let severity = ladder(g.overdue.length, rules.overdueLadder) ?? "low";
      if (worst >= rules.longOverdueMs) severity = maxSeverity(severity, "high");
      out.push({
        kind: "overdue",
        scopeKey: `department:${dept}`,
        scope: { departmentId: dept, departmentName: name },
        severity,
        title: `${name}有${g.overdue.length}件工单超期`,
        detail: `${name}在办工单中${g.overdue.length}件已超过办理时限，最长超期${hours(worst)}小时。 / ${g.overdue.length} ticket(s) past due, the worst by ${hours(worst)} h.`,
        evidenceTicketIds: evidenceList(g.overdue.map((h) => h.id)),
        count: g.overdue.length,
        departmentId: dept,
      });
    }
    if (g.soon.length > 0) {
      out.push({
        kind: "due_soon",
        scopeKey: `department:${dept}`,
        scope: { departmentId: dept, departmentName: name },
        severity: ladder(g.soon.length, rules.dueSoonLadder) ?? "info",
        title: `${name}有${g.soon.length}件工单即将到期`,
        detail: `${name}有${g.soon.length}件工单将在${hours(rules.dueSoonMs)}小时内到期。 / ${g.soon.length} ticket(s) due within ${hours(rules.dueSoonMs)} h.`,
        evidenceTicketIds: evidenceList(g.soon.map((h) => h.id)),
        count: g.soon.length,
        departmentId: dept,
      });
    }
  }
  return out;
}
