import type { WarningSeverity } from "@cityops/schema/vocabulary";
import { evidenceList, WARNING_RULES, type Labels, type WarningCandidate } from "./types.js";

/** A department's callback outcomes over the quality window, with the tickets behind the bad ones. */
export interface DepartmentQuality {
  departmentId: number;
  rated: number;
  dissatisfied: number;
  replied: number;
  reopened: number;
  badTicketIds: number[];
}

const pct = (x: number) => `${Math.round(x * 1000) / 10}%`;

/**
 * 办理质量 (handling quality): a department whose dissatisfaction or reopen rate over the last 30
 * days crosses its threshold, judged only on enough tickets to mean something.
 */
export function detectDepartmentQuality(rows: readonly DepartmentQuality[], labels: Labels): WarningCandidate[] {
  const r = WARNING_RULES.quality;
  const out: WarningCandidate[] = [];
  for (const q of rows) {
    const issues: string[] = [];
    let severity: WarningSeverity | null = null;
    const judge = (rate: number, threshold: number) => {
      const s: WarningSeverity = rate >= threshold * r.highFactor ? "high" : "medium";
      if (severity === null || s === "high") severity = s;
    };
    const dis = q.rated >= r.minRated ? q.dissatisfied / q.rated : null;
    const reo = q.replied >= r.minReplied ? q.reopened / q.replied : null;
    if (dis !== null && dis >= r.dissatisfactionRate) {
      judge(dis, r.dissatisfactionRate);
      issues.push(`不满意率${pct(dis)}（${q.dissatisfied}/${q.rated}，阈值${pct(r.dissatisfactionRate)}）`);
    }
    if (reo !== null && reo >= r.reopenRate) {
      judge(reo, r.reopenRate);
      issues.push(`重办率${pct(reo)}（${q.reopened}/${q.replied}，阈值${pct(r.reopenRate)}）`);
    }
    if (severity === null) continue;
    const name = labels.department(q.departmentId);
    out.push({
      kind: "department_quality",
      scopeKey: `department:${q.departmentId}`,
      scope: { departmentId: q.departmentId, departmentName: name, dissatisfactionRate: dis, reopenRate: reo },
      severity,
      title: `${name}办理质量预警`,
      detail: `${name}近30天${issues.join("，")}。 / Dissatisfaction or reopen rate over the threshold in the last 30 days.`,
      evidenceTicketIds: evidenceList(q.badTicketIds),
      count: q.dissatisfied + q.reopened,
      departmentId: q.departmentId,
    });
  }
  return out;
}
