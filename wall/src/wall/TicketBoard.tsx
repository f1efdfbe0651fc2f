// The live ticket board: new tickets join at the bottom and the board scrolls up one row at a time.
// Arrivals only join a queue, so a scroll in progress is never restarted. Citizens' text is
// rendered as React text nodes: it can never become markup.
import { memo, useEffect, useReducer, useRef } from "react";
import { NO_ANIMATION } from "./api";
import { appealName, domainName, sourceName, statusName, timeOfDay, type FrameTicket } from "./model";
import type { Geography } from "./api";

export const BOARD_ROWS = 13;
export const ROW_HEIGHT = 68;
/** Arrivals waiting for their row; beyond it the oldest waiting ones are skipped (the KPIs count them). */
const QUEUE_MAX = 30;
/** Ids remembered to tell new tickets from ones already shown: a fixed ring, not a growing set. */
const SEEN_MAX = 256;
const TICK_MS = 250;
const CALM_GAP_MS = 1200;

interface BoardState {
  rows: FrameTicket[];
  scrolling: boolean;
  duration: number;
}

type Action = { kind: "fill"; rows: FrameTicket[] } | { kind: "append"; row: FrameTicket; duration: number } | { kind: "settle" };

function reduce(s: BoardState, a: Action): BoardState {
  switch (a.kind) {
    case "fill":
      return { rows: a.rows, scrolling: false, duration: 0 };
    case "append":
      // Without animation the row simply takes its place; otherwise it slides in from below.
      if (a.duration === 0) return { rows: [...s.rows, a.row].slice(-BOARD_ROWS), scrolling: false, duration: 0 };
      return { rows: [...s.rows, a.row], scrolling: s.rows.length >= BOARD_ROWS, duration: a.duration };
    case "settle":
      return { rows: s.rows.slice(-BOARD_ROWS), scrolling: false, duration: 0 };
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

export const TicketBoard = memo(function TicketBoard({ latest, geo, visible }: { latest: FrameTicket[] | undefined; geo: Geography | null; visible: boolean }) {
  const [state, dispatch] = useReducer(reduce, { rows: [], scrolling: false, duration: 0 });
  const seen = useRef(new Seen());
  const queue = useRef<FrameTicket[]>([]);
  const filled = useRef(false);
  const busyUntil = useRef(0);
  const lastStep = useRef(0);
  const settleTimer = useRef<number | null>(null);
  /** Rows that arrived live get a short highlight; the first fill does not. */
  const arrived = useRef(new Seen());

  useEffect(() => {
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

  useEffect(() => {
    if (!visible) return;
    const timer = window.setInterval(() => {
      const now = Date.now();
      if (now < busyUntil.current || queue.current.length === 0) return;
      const backlog = queue.current.length;
      if (backlog < 3 && now - lastStep.current < CALM_GAP_MS) return;
      const row = queue.current.shift()!;
      const duration = NO_ANIMATION ? 0 : backlog > 6 ? 220 : 600;
      lastStep.current = now;
      busyUntil.current = now + duration + 40;
      arrived.current.add(row.id);
      dispatch({ kind: "append", row, duration });
      if (duration > 0) settleTimer.current = window.setTimeout(() => dispatch({ kind: "settle" }), duration);
    }, TICK_MS);
    return () => {
      window.clearInterval(timer);
      if (settleTimer.current !== null) window.clearTimeout(settleTimer.current);
      // A scroll cut short by hiding ends where it was heading.
      dispatch({ kind: "settle" });
      busyUntil.current = 0;
    };
  }, [visible]);

  const streetName = (id: number | null) => (id !== null ? (geo?.regions.get(id)?.name ?? "—") : "—");
  const style = state.scrolling
    ? { transform: `translateY(${-ROW_HEIGHT}px)`, transition: `transform ${state.duration}ms ease-out` }
    : { transform: "none", transition: "none" };
  return (
    <div className="board">
      <div className="board-head board-row">
        <span className="c-time">时间</span>
        <span className="c-src">来源</span>
        <span className="c-type">类型</span>
        <span className="c-domain">领域</span>
        <span className="c-street">街道</span>
        <span className="c-text">诉求摘要</span>
        <span className="c-status">状态</span>
      </div>
      <div className="board-view" style={{ height: BOARD_ROWS * ROW_HEIGHT }}>
        <div className="board-list" style={style}>
          {state.rows.map((t) => (
            <div key={t.id} className={arrived.current.has(t.id) ? "board-row board-row-new" : "board-row"} style={{ height: ROW_HEIGHT }}>
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
