// The live ticket board: new tickets join at the bottom and the board scrolls up to show them, in
// batches when many come at once. Arrivals only join a queue, so a scroll in progress is never
// restarted. Citizens' text is rendered as React text nodes: it can never become markup.
import { memo, useLayoutEffect, useReducer, useRef } from "react";
import { NO_ANIMATION } from "./api";
import { appealName, domainName, sourceName, statusName, timeOfDay, tr, type FrameTicket } from "./model";
import { PHASE, slideY } from "./motion";
import type { Geography } from "./api";

export const BOARD_ROWS = 14;
export const ROW_HEIGHT = 66;
/** Arrivals waiting for their row; beyond it the oldest waiting ones are skipped (the KPIs count them). */
const QUEUE_MAX = 30;
/** Ids remembered to tell new tickets from ones already shown: a fixed ring, not a growing set. */
const SEEN_MAX = 256;
/**
 * The board scrolls only on the store's motion redraws (every few seconds, with the KPI rolls): a
 * busy hour moves it in batches, not in a constant slide, and the scroll shares its frames with
 * the clock, the data and the counters instead of painting frames of its own. A scroll is shorter
 * than a second, so the next redraw finds it ended and settles it.
 */
const SCROLL_MS = 600;
const BATCH_MAX = 6;

interface BoardState {
  rows: FrameTicket[];
  /** Rows scrolled out of view at the top, removed when the scroll settles. */
  shift: number;
  duration: number;
}

type Action = { kind: "fill"; rows: FrameTicket[] } | { kind: "append"; rows: FrameTicket[]; duration: number } | { kind: "settle" };

function reduce(s: BoardState, a: Action): BoardState {
  switch (a.kind) {
    case "fill":
      return { rows: a.rows, shift: 0, duration: 0 };
    case "append": {
      const rows = [...s.rows.slice(s.shift), ...a.rows];
      // Without animation the rows simply take their places; otherwise they slide in from below.
      if (a.duration === 0) return { rows: rows.slice(-BOARD_ROWS), shift: 0, duration: 0 };
      return { rows, shift: Math.max(0, rows.length - BOARD_ROWS), duration: a.duration };
    }
    case "settle":
      return s.shift === 0 ? s : { rows: s.rows.slice(s.shift), shift: 0, duration: 0 };
  }
}

class Seen {
  private readonly ring: number[] = [];
  private readonly set = new Set<number>();
  has(id: number): boolean {
    return this.set.has(id);
  }
  add(id: number): void {
    if (this.set.has(id)) return;
    this.ring.push(id);
    this.set.add(id);
    if (this.ring.length > SEEN_MAX) this.set.delete(this.ring.shift()!);
  }
}

export const TicketBoard = memo(function TicketBoard({ latest, geo, now, motion }: { latest: FrameTicket[] | undefined; geo: Geography | null; now: number; motion: boolean }) {
  const [state, dispatch] = useReducer(reduce, { rows: [], shift: 0, duration: 0 });
  const seen = useRef(new Seen());
  const queue = useRef<FrameTicket[]>([]);
  const filled = useRef(false);

  // Layout effects: a step is rendered in the same task (and frame) as the redraw that made it.
  useLayoutEffect(() => {
    if (!latest || latest.length === 0) return;
    const fresh = latest.filter((t) => !seen.current.has(t.id)).sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || a.id - b.id);
    for (const t of fresh) seen.current.add(t.id);
    if (!filled.current) {
      filled.current = true;
      dispatch({ kind: "fill", rows: fresh.slice(-BOARD_ROWS) });
      return;
    }
    queue.current.push(...fresh);
    if (queue.current.length > QUEUE_MAX) queue.current.splice(0, queue.current.length - QUEUE_MAX);
  }, [latest]);

  // One step per redraw at most: settle the last scroll, or start the next one on a motion redraw.
  const shifted = state.shift > 0;
  useLayoutEffect(() => {
    if (shifted) dispatch({ kind: "settle" });
    else if (motion && queue.current.length > 0) dispatch({ kind: "append", rows: queue.current.splice(0, BATCH_MAX), duration: NO_ANIMATION ? 0 : SCROLL_MS });
    // `shifted` and `motion` are read, not watched: steps follow the redraws (`now`), one each.
  }, [now]);

  // The list already stands at its end position (its style); the slide shows the way there.
  const list = useRef<HTMLDivElement | null>(null);
  useLayoutEffect(() => {
    if (!list.current || state.shift === 0 || state.duration === 0) return;
    const a = slideY(list.current, 0, -ROW_HEIGHT * state.shift, "px", state.duration, PHASE.board);
    return () => a?.cancel();
  }, [state]);

  const streetName = (id: number | null) => (id !== null ? (geo?.regions.get(id)?.name ?? "—") : "—");
  const style = { transform: state.shift > 0 ? `translateY(${-ROW_HEIGHT * state.shift}px)` : "none" };
  return (
    <div className="board">
      <div className="board-head board-row">
        <span className="c-time">{tr("时间", "Time")}</span>
        <span className="c-src">{tr("来源", "Source")}</span>
        <span className="c-type">{tr("类型", "Type")}</span>
        <span className="c-domain">{tr("领域", "Domain")}</span>
        <span className="c-street">{tr("街道", "Street")}</span>
        <span className="c-text">{tr("诉求摘要", "Request")}</span>
        <span className="c-status">{tr("状态", "Status")}</span>
      </div>
      <div className="board-view" style={{ height: BOARD_ROWS * ROW_HEIGHT }}>
        <div ref={list} className="board-list" style={style}>
          {state.rows.map((t) => (
            <div key={t.id} className="board-row" style={{ height: ROW_HEIGHT }}>
              <span className="c-time">{timeOfDay(t.at)}</span>
              <span className={`c-src src-${t.source}`}>{sourceName(t.source)}</span>
              <span className="c-type">{appealName(t.appealType)}</span>
              <span className="c-domain">{domainName(t.domain)}</span>
              <span className="c-street">{streetName(t.streetId)}</span>
              <span className="c-text">{t.text}</span>
              <span className="c-status">{statusName(t.status)}</span>
            </div>
          ))}
        </div>
      </div>
    </div>
  );
});
