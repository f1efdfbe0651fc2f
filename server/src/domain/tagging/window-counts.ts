// The history and collective counts of an import's rows, kept in memory as the import goes. The
// database counts a chunk with index probes per row (about 0.65 s per 10,000 rows) and must wait
// for the chunk before to be written; counted here, a chunk is tagged while the one before it is
// still being written. The counts are the database's (store/rule-tagger.ts `count`): a row counts
// the rows received before it (or at the same instant and earlier in the file) within the window:
// for history, those of the same phone or address; for collective, the distinct callers of the
// same cell or community and matter, itself included.
//
// Memory holds the longest window of receipt times, plus a slack, behind the latest row seen: rows a
// little out of time order (an export sorted by ticket number) are counted here. A row whose window
// reaches further back than memory cannot be: `countAndAdd` says so, and the caller counts that
// chunk in the database instead.

import { collectiveKey, historyKey } from "./types.js";

export interface WindowRow {
  receivedAt: number;
  phone: string | null;
  address: string | null;
  cellId: number | null;
  communityId: number | null;
  matterId: number | null;
}

export interface WindowCountsResult {
  history: Record<string, number>;
  collective: Record<string, number>;
}

/** Index of the first time past `at` (inclusive) or at or past it (exclusive). */
function bound(a: readonly number[], at: number, inclusive: boolean): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! < at || (inclusive && a[mid] === at)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Receipt times of one key in time order, earliest first (equal times keep their arrival order),
 * with each row's caller where the collective rules need it. Plain arrays of numbers and strings:
 * an import keeps a month of rows here, hundreds of thousands of them.
 */
class Timeline {
  readonly at: number[] = [];
  readonly callers: string[] | null;

  constructor(withCallers: boolean) {
    this.callers = withCallers ? [] : null;
  }

  add(at: number, caller: string): void {
    const i = this.through(at);
    this.at.splice(i, 0, at);
    this.callers?.splice(i, 0, caller);
  }

  /** Index of the first entry at or after `at`. */
  from(at: number): number {
    return bound(this.at, at, false);
  }

  /** Index just past the last entry at or before `at`. */
  through(at: number): number {
    return bound(this.at, at, true);
  }

  /** Drops entries before `at`; true when none is left. */
  evict(at: number): boolean {
    const n = this.from(at);
    if (n > 0) {
      this.at.splice(0, n);
      this.callers?.splice(0, n);
    }
    return this.at.length === 0;
  }
}

/**
 * Receipt times of one history key (a phone, an address), earliest first: one number for a key seen
 * once, which most are (a caller rarely calls twice in a month), an array past that. A month of a
 * big city's rows is hundreds of thousands of keys; a Timeline each cost about twice the memory.
 */
type Times = number | number[];


function addTime(t: Times | undefined, at: number): Times {
  if (t === undefined) return at;
  const a = typeof t === "number" ? [t] : t;
  a.splice(bound(a, at, true), 0, at);
  return a;
}

/** How many times lie in [from, through]. */
function countTimes(t: Times | undefined, from: number, through: number): number {
  if (t === undefined) return 0;
  if (typeof t === "number") return t >= from && t <= through ? 1 : 0;
  return bound(t, through, true) - bound(t, from, false);
}

/** The times at or after `at` (undefined when none is left), and how many were dropped. */
function evictTimes(t: Times, at: number): [Times | undefined, number] {
  if (typeof t === "number") return t < at ? [undefined, 1] : [t, 0];
  const n = bound(t, at, false);
  if (n === 0) return [t, 0];
  if (n === t.length) return [undefined, n];
  t.splice(0, n);
  return [t.length === 1 ? t[0]! : t, n];
}

/**
 * A copy of `s` that holds on to nothing else. A field read from a file is a slice of the file's
 * decoded chunk (V8 slices strings of 13 characters or more without copying them), and an address
 * kept here for a month kept its whole 256 KB chunk alive: at a million rows, most of the file.
 */
const detached = (s: string) => (s.length < 13 ? s : ` ${s}`.slice(1));

const DAY = 86_400_000;
const HOUR = 3_600_000;

export class WindowCounts {
  private readonly byPhone = new Map<string, Times>();
  private readonly byAddress = new Map<string, Times>();
  private readonly byCell = new Map<string, Timeline>();
  private readonly byCommunity = new Map<string, Timeline>();
  /** The longest window (ms): how far back memory must reach. */
  readonly span: number;
  /** The longest history window and the longest collective one: each kind of key keeps its own. */
  private readonly historySpan: number;
  private readonly collectiveSpan: number;
  /** Rows before these instants may have been forgotten, by history and by collective keys. */
  private historyForgotten = -Infinity;
  private collectiveForgotten = -Infinity;
  private latest = -Infinity;
  private added = 0;
  /** Entries held across all keys; past `limit`, memory gives up and the database counts. */
  private held = 0;
  private givenUp = false;

  /**
   * `slack`: how far before the latest row seen a row may be received and still be counted here;
   * memory holds the longest window plus this much. `limit`: the most entries memory holds (a
   * window of a big city's rows is hundreds of thousands); past it, every later row is counted in
   * the database, so the import's memory stays bounded whatever the city.
   */
  constructor(
    private readonly history: readonly { by: "phone" | "address"; withinDays: number }[],
    private readonly collective: readonly { scope: "grid_cell" | "community"; withinHours: number }[],
    private readonly slack = 2 * DAY,
    private readonly limit = 1_000_000,
  ) {
    this.historySpan = Math.max(0, ...history.map((w) => w.withinDays * DAY));
    this.collectiveSpan = Math.max(0, ...collective.map((w) => w.withinHours * HOUR));
    this.span = Math.max(this.historySpan, this.collectiveSpan);
  }

  /** Whether every row that `row`'s windows reach back to is still in memory. */
  covers(row: WindowRow): boolean {
    return row.receivedAt - this.historySpan >= this.historyForgotten && row.receivedAt - this.collectiveSpan >= this.collectiveForgotten;
  }

  /**
   * The counts of each row, in order, as if they were written after everything added so far; the
   * rows are added either way. null when memory does not reach back far enough for one of them (the
   * caller counts them in the database). Within the rows, one received earlier counts for one
   * received later whatever their order, as in the database's count of a chunk.
   */
  countAndAdd(rows: readonly WindowRow[]): WindowCountsResult[] | null {
    if (this.givenUp) return null;
    const covered = rows.every((r) => this.covers(r));
    const order = rows.map((_, i) => i).sort((a, b) => rows[a]!.receivedAt - rows[b]!.receivedAt || a - b);
    const out: WindowCountsResult[] = new Array(rows.length);
    for (const i of order) {
      const r = rows[i]!;
      const caller = r.phone !== null ? detached(r.phone) : `row:${this.added++}`;
      out[i] = this.count(r, caller);
      this.add(r, caller);
    }
    this.forget();
    if (this.held > this.limit) {
      this.givenUp = true;
      for (const map of [this.byPhone, this.byAddress, this.byCell, this.byCommunity]) map.clear();
    }
    return covered && !this.givenUp ? out : null;
  }

  private count(r: WindowRow, caller: string): WindowCountsResult {
    const history: Record<string, number> = {};
    for (const w of this.history) {
      const key = w.by === "phone" ? r.phone : r.address;
      const times = key === null ? undefined : (w.by === "phone" ? this.byPhone : this.byAddress).get(key);
      history[historyKey(w.by, w.withinDays)] = countTimes(times, r.receivedAt - w.withinDays * DAY, r.receivedAt);
    }
    const collective: Record<string, number> = {};
    for (const w of this.collective) {
      const place = w.scope === "grid_cell" ? r.cellId : r.communityId;
      if (place === null || r.matterId === null) {
        collective[collectiveKey(w.scope, w.withinHours)] = 0;
        continue;
      }
      const line = (w.scope === "grid_cell" ? this.byCell : this.byCommunity).get(`${place}:${r.matterId}`);
      const callers = new Set<string>([caller]);
      if (line) {
        const end = line.through(r.receivedAt);
        for (let k = line.from(r.receivedAt - w.withinHours * HOUR); k < end; k++) callers.add(line.callers![k]!);
      }
      collective[collectiveKey(w.scope, w.withinHours)] = callers.size;
    }
    return { history, collective };
  }

  private add(r: WindowRow, caller: string): void {
    const put = (map: Map<string, Timeline>, key: string, withCallers: boolean) => {
      let line = map.get(key);
      if (!line) map.set(key, (line = new Timeline(withCallers)));
      line.add(r.receivedAt, caller);
      this.held++;
    };
    const remember = (map: Map<string, Times>, key: string) => {
      const times = map.get(key);
      map.set(times === undefined ? detached(key) : key, addTime(times, r.receivedAt));
      this.held++;
    };
    if (r.phone !== null) remember(this.byPhone, r.phone);
    if (r.address !== null) remember(this.byAddress, r.address);
    if (r.matterId !== null) {
      if (r.cellId !== null) put(this.byCell, `${r.cellId}:${r.matterId}`, true);
      if (r.communityId !== null) put(this.byCommunity, `${r.communityId}:${r.matterId}`, true);
    }
    if (r.receivedAt > this.latest) this.latest = r.receivedAt;
  }

  /**
   * Forgets what no row at or after the latest one's windows can reach: history keys keep their
   * longest window, collective keys theirs (a day), each plus the slack.
   */
  private forget(): void {
    const forget = (maps: Map<string, Timeline>[], before: number) => {
      for (const map of maps) {
        for (const [k, line] of map) {
          const was = line.at.length;
          if (line.evict(before)) map.delete(k);
          this.held -= was - line.at.length;
        }
      }
    };
    const history = this.latest - this.historySpan - this.slack;
    if (history > this.historyForgotten) {
      for (const map of [this.byPhone, this.byAddress]) {
        for (const [k, times] of map) {
          const [left, dropped] = evictTimes(times, history);
          if (left === undefined) map.delete(k);
          else if (left !== times) map.set(k, left);
          this.held -= dropped;
        }
      }
      this.historyForgotten = history;
    }
    const collective = this.latest - this.collectiveSpan - this.slack;
    if (collective > this.collectiveForgotten) {
      forget([this.byCell, this.byCommunity], collective);
      this.collectiveForgotten = collective;
    }
  }
}
