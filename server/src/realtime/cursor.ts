import { invalidInput } from "../domain/errors.js";

/**
 * A position in the event log: (writing transaction id, event id). Events are delivered in this
 * order and only once every older transaction has finished, so the order is final: a replay
 * from any cursor yields exactly what a live subscriber saw after it. See event-log.ts.
 */
export interface EventCursor {
  tx: number;
  id: number;
}

export function compareCursor(a: EventCursor, b: EventCursor): number {
  return a.tx !== b.tx ? a.tx - b.tx : a.id - b.id;
}

export function formatCursor(c: EventCursor): string {
  return `${c.tx}-${c.id}`;
}

export function parseCursor(s: string): EventCursor {
  const m = /^(\d{1,18})-(\d{1,18})$/.exec(s.trim());
  if (!m) throw invalidInput(`Invalid event cursor "${s}" / 事件游标无效`, { field: "after" });
  return { tx: Number(m[1]), id: Number(m[2]) };
}
