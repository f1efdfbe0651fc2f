// Where a history import's rows go, month by month (Beijing months). A month that has no partition
// yet is filled as a plain table without indexes and attached when the import finishes, so its
// indexes are built once (migrations/0015_ticket_month_loads.sql); any other month is written
// through `tickets`. It also knows which months hold someone else's tickets, which decides whether
// the import may count its rows in memory (domain/tagging/window-counts.ts).

import type { Db } from "../db/client.js";
import type { Actor } from "../domain/actor.js";
import type { EventBus } from "../realtime/bus.js";
import { hasTicketsBetween, monthLoad, pendingMonthLoads } from "../store/ticket-months.js";
import { districtClock, DISTRICT_UTC_OFFSET_MS } from "@cityops/schema/vocabulary";
import { attachLoads, type LoadTarget } from "./history-write.js";

/** A Beijing month as one number (year × 12 + month − 1), and where it starts. */
export const monthIndex = (ms: number) => {
  const l = districtClock(ms);
  return l.getUTCFullYear() * 12 + l.getUTCMonth();
};
export const monthStart = (m: number) => new Date(Date.UTC(Math.floor(m / 12), m % 12, 1) - DISTRICT_UTC_OFFSET_MS);

export class HistoryMonths {
  /** Per month this import writes: its load table, or null for an ordinary partition. */
  private readonly months = new Map<number, string | null>();
  /** Whether tickets not of this import lie in a month, once asked. */
  private readonly others = new Map<number, boolean>();
  private pendingChecked = false;
  /** Months being attached while the import goes on (attachBefore), and how that ended. */
  private attaching: Promise<void> = Promise.resolve();
  private readonly attachingMonths = new Set<number>();

  /** `startedAt`: the import's tickets carry it as `imported_at`, which tells them from others'. */
  constructor(
    private readonly db: Db,
    private readonly bus: EventBus,
    private readonly startedAt: Date,
    private readonly file: string | null,
  ) {}

  /**
   * Decides, once per month, whether this import fills it as a load table or writes through
   * `tickets` (making its partition). Months an interrupted import left pending are attached first:
   * their rows must be visible to the counts and the duplicate checks.
   */
  async plan(instants: readonly Date[], actor: Actor): Promise<void> {
    if (!this.pendingChecked) {
      await attachLoads(this.db, this.bus, await pendingMonthLoads(this.db), actor, this.file);
      this.pendingChecked = true;
    }
    for (const d of instants) {
      const m = monthIndex(d.getTime());
      if (!this.months.has(m)) this.months.set(m, await monthLoad(this.db, d));
    }
  }

  /** The load tables that rows received at these times go into. */
  loadsFor(times: readonly Date[]): LoadTarget[] {
    const months = new Set(times.map((t) => monthIndex(t.getTime())));
    return [...months].flatMap((m) => {
      const table = this.months.get(m);
      return table ? [{ table, from: monthStart(m), to: monthStart(m + 1) }] : [];
    });
  }

  /** Whether every row received at these times goes into a load table. */
  allLoaded(times: readonly Date[]): boolean {
    return times.every((t) => (this.months.get(monthIndex(t.getTime())) ?? null) !== null);
  }

  /**
   * Starts attaching the load months before `month`: the import has moved past them (a file is
   * read in time order), so their indexes are built while the next chunks are prepared and written
   * rather than all at the end. A row that comes later for such a month waits for its attach
   * (`settle`) and is then written through `tickets`: routed to a month while it is being attached,
   * it could land in the default partition.
   */
  attachBefore(month: number, actor: Actor): Promise<void> {
    const parts = [...this.months].filter(([m, p]) => m < month && p !== null && !this.attachingMonths.has(m));
    if (parts.length === 0) return this.attaching;
    for (const [m] of parts) this.attachingMonths.add(m);
    const run = this.attaching.then(async () => {
      await attachLoads(this.db, this.bus, parts.map(([, p]) => p!), actor, this.file);
      for (const [m] of parts) {
        this.months.set(m, null);
        this.attachingMonths.delete(m);
      }
    });
    // Reported by settle(), which the next write that needs it, and finish(), await.
    run.catch(() => {});
    this.attaching = run;
    return run;
  }

  /**
   * Waits for the months being attached when rows received at `times` (all of them, if not given)
   * belong to one of them; rethrows what failed there.
   */
  async settle(times?: readonly Date[]): Promise<void> {
    if (times && this.attachingMonths.size > 0 && !times.some((t) => this.attachingMonths.has(monthIndex(t.getTime())))) return;
    await this.attaching;
  }

  get pending(): boolean {
    return [...this.months.values()].some((p) => p !== null);
  }

  /**
   * Whether tickets not of this import may lie where windows over [from, to] reach. This month and
   * the last are always someone else's: live intake writes there while the import runs. Every month
   * is asked about before this import writes into it, so the question never steps over its own rows.
   */
  async othersBetween(from: number, to: number): Promise<boolean> {
    const live = monthIndex(Date.now()) - 1;
    let found = false;
    for (let m = monthIndex(from); m <= monthIndex(to); m++) {
      let there = this.others.get(m);
      if (there === undefined) {
        there = m >= live || (await hasTicketsBetween(this.db, monthStart(m), monthStart(m + 1), this.startedAt));
        this.others.set(m, there);
      }
      found ||= there;
    }
    return found;
  }

  /**
   * Attaches every month this import filled outside `tickets`, in one transaction: their tickets
   * become visible, and subscribers hear of them in one `imported` event.
   */
  async finish(actor: Actor): Promise<void> {
    await this.settle();
    const parts = [...this.months.values()].filter((p): p is string => p !== null);
    await attachLoads(this.db, this.bus, parts, actor, this.file);
    for (const [m, part] of this.months) if (part !== null) this.months.set(m, null);
  }
}
