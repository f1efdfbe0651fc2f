import type { WarningKind, WarningSeverity } from "@cityops/schema/vocabulary";
import { evidenceList, maxSeverity, severityRank, type WarningCandidate } from "./types.js";

/** What the engine knows of a stored warning of the candidate's kind and scope. */
export interface StoredWarning {
  id: number;
  severity: WarningSeverity;
  evidenceTicketIds: number[];
  count: number;
  resolvedAt: Date | null;
}

/**
 * Kinds that describe a current state (what is overdue now, a department's rates now): their
 * evidence is replaced by the latest set, and the engine resolves them when the state is gone.
 * The others accumulate evidence while they stay open.
 */
export const STATE_KINDS: ReadonlySet<WarningKind> = new Set<WarningKind>(["overdue", "due_soon", "department_quality", "proactive"]);

/** Kinds the engine resolves by itself once the condition is gone. */
export const SELF_RESOLVING_KINDS: ReadonlySet<WarningKind> = new Set<WarningKind>(["overdue", "due_soon"]);

/** After people resolve a quality warning, the same department is not warned again this soon. */
const COOL_DOWN: Partial<Record<WarningKind, number>> = { department_quality: 7 * 24 * 3_600_000 };

export type WarningChange =
  | { action: "none" }
  | { action: "raise"; candidate: WarningCandidate }
  | { action: "update"; severity: WarningSeverity; evidenceTicketIds: number[]; count: number; escalated: boolean };

const sameSet = (a: readonly number[], b: readonly number[]) => a.length === b.length && new Set([...a, ...b]).size === a.length;

/**
 * One open warning per kind and scope: a new condition raises one; a growing one updates it, and
 * escalates when its severity rises (never lowers while open). A condition people just resolved
 * is not raised again on the same evidence.
 */
export function planChange(candidate: WarningCandidate, open: StoredWarning | null, lastResolved: StoredWarning | null, now: Date): WarningChange {
  if (!open) {
    if (lastResolved?.resolvedAt) {
      const coolDown = COOL_DOWN[candidate.kind] ?? 0;
      if (now.getTime() - lastResolved.resolvedAt.getTime() < coolDown) return { action: "none" };
      const known = new Set(lastResolved.evidenceTicketIds);
      if (candidate.evidenceTicketIds.every((id) => known.has(id))) return { action: "none" };
    }
    return { action: "raise", candidate };
  }
  const state = STATE_KINDS.has(candidate.kind);
  const evidence = state ? evidenceList(candidate.evidenceTicketIds) : evidenceList([...candidate.evidenceTicketIds, ...open.evidenceTicketIds]);
  const count = state ? candidate.count : Math.max(open.count, candidate.count);
  const severity = maxSeverity(open.severity, candidate.severity);
  if (severity === open.severity && count === open.count && sameSet(evidence, open.evidenceTicketIds)) return { action: "none" };
  return { action: "update", severity, evidenceTicketIds: evidence, count, escalated: severityRank(severity) > severityRank(open.severity) };
}
