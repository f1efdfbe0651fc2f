// A warning's own lifecycle, as the ticket's is in lifecycle.ts: raised → acknowledged → resolved
// by people; the engine raises, grows and (for self-resolving kinds) resolves them. Pure: the store
// locks the row, asks here what changes, and writes it with a history entry.

import type { WarningStatus } from "@cityops/schema/vocabulary";
import { DomainError, DomainErrorCode, invalidInput } from "../errors.js";

export type WarningCommand = { kind: "acknowledge" } | { kind: "resolve"; note: string };

export interface WarningChange {
  status: WarningStatus;
  /** The history entry's action. */
  action: "acknowledged" | "resolved";
  note?: string;
}

const LABEL = { acknowledge: "acknowledge / 签收", resolve: "resolve / 办结" } as const;

/** Checks the command's input before any row is read. */
export function checkWarningCommand(c: WarningCommand): WarningCommand {
  if (c.kind !== "resolve") return c;
  const note = c.note.trim();
  if (!note) throw invalidInput("note must not be empty / 处置说明不能为空", { field: "note" });
  if (note.length > 2000) throw invalidInput("note is longer than 2000 characters / 处置说明超过2000字", { field: "note" });
  return { kind: "resolve", note };
}

/**
 * What the command changes on a warning in `status`: null when nothing changes (acknowledging an
 * acknowledged warning), a DomainError when the status does not allow it.
 */
export function warningTransition(id: number, status: WarningStatus, c: WarningCommand): WarningChange | null {
  switch (c.kind) {
    case "acknowledge":
      if (status === "acknowledged") return null;
      if (status !== "raised") throw illegal(id, status, LABEL.acknowledge);
      return { status: "acknowledged", action: "acknowledged" };
    case "resolve":
      if (status === "resolved") throw illegal(id, status, LABEL.resolve);
      return { status: "resolved", action: "resolved", note: c.note };
  }
}

function illegal(id: number, status: WarningStatus, what: string): DomainError {
  return new DomainError(DomainErrorCode.IllegalTransition, `Cannot ${what} warning ${id} in status ${status} / 当前状态不允许此操作`, { warningId: id, status });
}
