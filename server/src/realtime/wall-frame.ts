import { districtDayStart } from "@cityops/schema/vocabulary";
import type { Database } from "../db/client.js";
import { PUBLIC_VIEW, viewText } from "../domain/privacy/policy.js";
import { countWindow, type WallWindow } from "./wall-window.js";
import { frameRows, recentRateCounts } from "../store/wall.store.js";

export interface WallFrame {
  seq: number;
  at: string;
  kpis: {
    todayReceived: number;
    todayClosed: number;
    open: number;
    overdue: number;
    closureRate: number | null;
    satisfactionRate: number | null;
    onTimeRate: number | null;
    reopenRate: number | null;
    avgHandlingHours: number | null;
  };
  byGridCell: { regionId: number; count: number }[];
  byStreet: { regionId: number; count: number }[];
  byDomain: { domain: string; count: number }[];
  bySource: { source: string; count: number }[];
  latest: { id: number; at: string; source: string; channel: string; appealType: string; domain: string | null; streetId: number | null; gridCellId: number | null; status: string; text: string }[];
  warnings: { id: number; kind: string; severity: string; title: string; at: string; regionId: number | null }[];
  /** The 24-hour panels: hour × domain, flows, department ranking. */
  last24h: WallWindow;
  /** Changes when this hub has reloaded its map and departments (a city's load): the wall then fetches them again. */
  geoVersion: string;
}

const n = (v: unknown) => (v === null || v === undefined ? 0 : Number(v));
const rate = (num: unknown, den: unknown) => (n(den) > 0 ? Math.round((n(num) / n(den)) * 10000) / 10000 : null);

/** Counts behind the 30-day rates: the slow part of a frame (a scan of recent tickets). */
export interface RecentRates {
  closed30: number;
  sat: number;
  rated: number;
  onTime: number;
  withDue: number;
  reopened: number;
  handlingHours: number | null;
}

/**
 * The last 30 days' closure, satisfaction, on-time and reopen counts. They move slowly and cost a
 * scan of months of tickets, so the ticker recomputes them once a minute, not every second.
 */
export async function recentRates(database: Database, now = new Date()): Promise<RecentRates> {
  const day = districtDayStart(now).toISOString();
  const since = districtDayStart(now, -29).toISOString();
  const [k = {}] = await recentRateCounts(database, day, since);
  return {
    closed30: n(k.closed30),
    sat: n(k.sat),
    rated: n(k.rated),
    onTime: n(k.on_time),
    withDue: n(k.with_due),
    reopened: n(k.reopened),
    handlingHours: k.handling_h === null || k.handling_h === undefined ? null : Number(k.handling_h),
  };
}

/** The parts of a frame that move slowly and cost more than the rest: the ticker reuses them. */
export interface SlowParts {
  rates: RecentRates;
  window: WallWindow;
}

/**
 * Builds the wall's frame from the database: a handful of statements on indexes and rollups, once
 * per second for all walls together — never per subscriber — plus the slow parts given.
 * No personal data enters the frame.
 */
export async function buildWallFrame(database: Database, seq: number, now = new Date(), slow?: SlowParts, geoVersion = ""): Promise<WallFrame> {
  const day = districtDayStart(now).toISOString();
  const [[kpi, cells, streets, domains, sources, latest, warnings], rates, window] = await Promise.all([
    frameRows(database, day),
    slow?.rates ?? recentRates(database, now),
    slow?.window ?? countWindow(database, now),
  ]);
  const k = kpi[0] ?? {};
  // Today's intake from the hourly rollup (hours from local midnight), which the sources already sum.
  const received = sources.reduce((sum, r) => sum + n(r.n), 0);
  const iso = (v: unknown) => (v instanceof Date ? v.toISOString() : new Date(String(v)).toISOString());
  return {
    seq,
    at: now.toISOString(),
    kpis: {
      todayReceived: received,
      todayClosed: n(k.closed),
      open: n(k.open),
      overdue: n(k.overdue),
      closureRate: rate(rates.closed30, rates.closed30 + n(k.open)),
      satisfactionRate: rate(rates.sat, rates.rated),
      onTimeRate: rate(rates.onTime, rates.withDue),
      reopenRate: rate(rates.reopened, rates.closed30),
      avgHandlingHours: rates.handlingHours === null ? null : Math.round(rates.handlingHours * 10) / 10,
    },
    byGridCell: cells.map((r) => ({ regionId: n(r.id), count: n(r.n) })),
    byStreet: streets.map((r) => ({ regionId: n(r.id), count: n(r.n) })),
    byDomain: domains.map((r) => ({ domain: String(r.domain), count: n(r.n) })),
    bySource: sources.map((r) => ({ source: String(r.source), count: n(r.n) })),
    latest: latest.map((r) => ({
      id: n(r.id),
      at: iso(r.received_at),
      source: String(r.source),
      channel: String(r.channel),
      appealType: String(r.appeal_type),
      domain: r.domain === null ? null : String(r.domain),
      streetId: r.street_id === null ? null : n(r.street_id),
      gridCellId: r.grid_cell_id === null ? null : n(r.grid_cell_id),
      status: String(r.status),
      // The wall's view of the text (domain/privacy): no person, no home. Masked before it is cut,
      // so that no number is cut in half and escapes its pattern.
      text: viewText(String(r.text), PUBLIC_VIEW, r.citizen_name === null ? null : String(r.citizen_name)).slice(0, 60),
    })),
    warnings: warnings.map((r) => ({
      id: n(r.id),
      kind: String(r.kind),
      severity: String(r.severity),
      title: String(r.title),
      at: iso(r.raised_at),
      regionId: r.region_id === null || r.region_id === undefined ? null : n(r.region_id),
    })),
    last24h: window,
    geoVersion,
  };
}

/** How often the 30-day rates are recomputed. */
const RATES_EVERY_MS = 60_000;
/** How often the 24-hour panels are recounted: as often as the wall redraws them. */
const WINDOW_EVERY_MS = 10_000;

/** Ticks once a second while anyone watches; every wall gets the same frame object. */
export class WallFrameTicker {
  private timer: NodeJS.Timeout | null = null;
  private readonly listeners = new Set<(f: WallFrame) => void>();
  private seq = 0;
  private building = false;
  latest: WallFrame | null = null;
  lastBuildMs = 0;

  constructor(
    private readonly database: Database,
    private readonly onError: (err: unknown) => void,
    private readonly intervalMs = 1000,
    /** The version of this process's map and departments: it changes once they are reloaded. */
    private readonly geoVersion: () => string = () => "",
  ) {}

  add(listener: (f: WallFrame) => void): () => void {
    this.listeners.add(listener);
    if (!this.timer) {
      this.timer = setInterval(() => void this.tick(), this.intervalMs);
      this.timer.unref();
    }
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0 && this.timer) {
        clearInterval(this.timer);
        this.timer = null;
      }
    };
  }

  get subscribers(): number {
    return this.listeners.size;
  }

  /** The newest frame, rebuilt when older than one interval (snapshots between ticks, or no ticker). */
  async current(): Promise<WallFrame> {
    if (this.latest && Date.now() - Date.parse(this.latest.at) < this.intervalMs) return this.latest;
    return (this.latest = await buildWallFrame(this.database, ++this.seq, new Date(), await this.slow(), this.geoVersion()));
  }

  private rates: { at: number; value: RecentRates } | null = null;
  private window: { at: number; value: WallWindow } | null = null;

  private async slow(): Promise<SlowParts> {
    const now = Date.now();
    const stale = <T>(c: { at: number; value: T } | null, every: number) => !c || now - c.at >= every;
    const [rates, window] = await Promise.all([
      stale(this.rates, RATES_EVERY_MS) ? recentRates(this.database) : this.rates!.value,
      stale(this.window, WINDOW_EVERY_MS) ? countWindow(this.database) : this.window!.value,
    ]);
    if (rates !== this.rates?.value) this.rates = { at: now, value: rates };
    if (window !== this.window?.value) this.window = { at: now, value: window };
    return { rates, window };
  }

  private async tick(): Promise<void> {
    if (this.building) return;
    this.building = true;
    const started = Date.now();
    try {
      const frame = await buildWallFrame(this.database, ++this.seq, new Date(), await this.slow(), this.geoVersion());
      this.latest = frame;
      this.lastBuildMs = Date.now() - started;
      for (const l of this.listeners) l(frame);
    } catch (err) {
      this.onError(err);
    } finally {
      this.building = false;
    }
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.listeners.clear();
  }
}
