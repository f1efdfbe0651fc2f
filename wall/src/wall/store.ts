// The wall's state: the latest frame, the 24-hour charts' data and the link state. Views read it
// through useWall(); data changes reach them at most once a second, and not at all while hidden.
import { useSyncExternalStore } from "react";
import { NO_ANIMATION, fetchGeography, fetchSnapshot, TokenSource, type Geography } from "./api";
import { LiveConnection } from "./connection";
import type { Connection, WallFrame } from "./model";
import { fromFrame, type WindowStats } from "./stats";

/**
 * Views are redrawn once a second, on the local second (plus this much), together: the clock, the
 * data age, new data and the ticket board's steps share one frame. Without a GPU, Chromium copies
 * every chart canvas again in each frame that paints anything (~2 ms per canvas at 3840×2160), so
 * a clock, a board and the data ticking at their own moments cost three times one frame.
 */
const TICK_OFFSET_MS = 20;
/**
 * Things that slide (the KPI counters roll, the ticket board scrolls) start only on every third
 * second, and together: each slide costs the page a frame to start it and one to end it, and
 * slides started in the same redraw share those frames.
 */
const MOTION_EVERY_S = 3;
/**
 * Today's counts per cell and street move with nearly every ticket: the map redraws at most this
 * often (a redraw of the 4K map is ~10 ms of script and a full repaint of its canvas).
 */
const HEAT_INTERVAL_MS = 4000;
/**
 * The 24-hour counts (hour × domain, flows, ranking) move by one with each ticket: their three
 * charts redraw at most this often (all three: ~15 ms at 1920×1080, more at 3840×2160). The hub
 * recounts them as often.
 */
const STATS_INTERVAL_MS = 10_000;
const GEO_RETRY_MS = 5000;

/** The map's data: today's counts by grid cell and by street. */
export interface MapHeat {
  byGridCell: WallFrame["byGridCell"];
  byStreet: WallFrame["byStreet"];
}

function sameCounts(a: { regionId: number; count: number }[], b: { regionId: number; count: number }[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i]!.regionId !== b[i]!.regionId || a[i]!.count !== b[i]!.count) return false;
  return true;
}

export interface WallState {
  /** The local time of the last redraw: the clock shows it. */
  now: number;
  /** This redraw may start slides (every MOTION_EVERY_S seconds): the board steps on it. */
  motion: boolean;
  frame: WallFrame | null;
  /** From the frame, replaced only when a count changed and at most every HEAT_INTERVAL_MS. */
  heat: MapHeat | null;
  /** The frame the KPI strip shows: replaced only when a KPI changed, and only on a motion redraw. */
  kpiFrame: WallFrame | null;
  /** Local time the shown frame arrived: the "data age" is measured from it. */
  frameArrivedAt: number;
  geo: Geography | null;
  stats: WindowStats | null;
  connection: Connection;
  /** Set once the link was up: from then on "not open" means "lost", not "starting". */
  everOpen: boolean;
  attempt: number;
  visible: boolean;
}

/** What the browser tests read (see test/e2e/wall.test.ts). */
export interface WallProbe {
  framesReceived: number;
  lastFrameSeq: number;
  connection: Connection;
  animations: boolean;
  ready: boolean;
  reconnects: number;
  chartUpdates: number;
  /** Redraws of the views (one a second, on the second; none while hidden). */
  publishes: number;
  /** When the last redraws happened (Date.now(), newest last, at most 20). */
  recentPublishes: number[];
  charts: number;
  banner: string | null;
  /** The streets of the map drawn, by name (tests read which city's map is on the wall). */
  mapStreets: string[];
}

declare global {
  interface Window {
    __wall: WallProbe;
  }
}

export class WallStore {
  readonly tokens = new TokenSource();
  readonly probe: WallProbe = {
    framesReceived: 0,
    lastFrameSeq: 0,
    connection: "connecting",
    animations: !NO_ANIMATION,
    ready: false,
    reconnects: 0,
    chartUpdates: 0,
    publishes: 0,
    recentPublishes: [],
    charts: 0,
    banner: null,
    mapStreets: [],
  };
  private state: WallState = {
    now: Date.now(),
    motion: false,
    frame: null,
    heat: null,
    kpiFrame: null,
    frameArrivedAt: 0,
    geo: null,
    stats: null,
    connection: "connecting",
    everOpen: false,
    attempt: 0,
    visible: document.visibilityState !== "hidden",
  };
  /** Newer than `state` while a publication waits for the next second (or for the wall to be seen). */
  private pending: Partial<WallState> = {};
  private publishTimer: number | null = null;
  private geoTimer: number | null = null;
  private statsKey = "";
  private statsAt = 0;
  /** The geography the charts' names came from: a new one (a city's load) renames their nodes. */
  private statsGeo: Geography | null = null;
  private heatAt = 0;
  private kpiKey = "";
  /** A frame with changed KPIs, waiting for the next motion redraw. */
  private kpiNext: WallFrame | null = null;
  private readonly listeners = new Set<() => void>();
  private readonly live: LiveConnection;
  private started = false;

  constructor() {
    window.__wall = this.probe;
    this.live = new LiveConnection(this.tokens, {
      state: (connection, attempt) => this.onConnection(connection, attempt),
      frame: (frame) => {
        this.probe.framesReceived++;
        this.acceptFrame(frame);
      },
      connected: () => {
        if (this.state.everOpen) {
          this.probe.reconnects++;
          void this.loadSnapshot();
        }
        this.set({ everOpen: true }, true);
      },
    });
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly snapshot = (): WallState => this.state;

  start(): void {
    if (this.started) return;
    this.started = true;
    document.addEventListener("visibilitychange", this.onVisibility);
    void this.loadGeography();
    void this.loadSnapshot();
    this.live.start();
    this.schedule();
  }

  stop(): void {
    if (!this.started) return;
    this.started = false;
    document.removeEventListener("visibilitychange", this.onVisibility);
    for (const t of [this.publishTimer, this.geoTimer]) if (t !== null) window.clearTimeout(t);
    this.publishTimer = this.geoTimer = null;
    this.live.stop();
  }

  private onConnection(connection: Connection, attempt: number): void {
    this.probe.connection = connection;
    // The link state is cheap to draw and must show at once: it skips the once-a-second throttle.
    this.set({ connection, attempt }, true);
  }

  /** Frames are applied in the hub's time order; seq restarts with the hub, `at` does not. */
  private acceptFrame(frame: WallFrame): void {
    const shown = this.pending.frame ?? this.state.frame;
    if (shown && Date.parse(frame.at) < Date.parse(shown.at)) return;
    // A new map or new departments were loaded: draw them without a reload of the page.
    if (frame.geoVersion !== undefined) {
      if (this.geoVersion !== null && frame.geoVersion !== this.geoVersion) void this.loadGeography();
      this.geoVersion = frame.geoVersion;
    }
    this.probe.lastFrameSeq = frame.seq;
    const now = Date.now();
    const patch: Partial<WallState> = { frame, frameArrivedAt: now };
    const heat = this.pending.heat ?? this.state.heat;
    if (!heat || (now - this.heatAt >= HEAT_INTERVAL_MS && !(sameCounts(heat.byGridCell, frame.byGridCell) && sameCounts(heat.byStreet, frame.byStreet)))) {
      patch.heat = { byGridCell: frame.byGridCell, byStreet: frame.byStreet };
      this.heatAt = now;
    }
    const key = JSON.stringify([frame.kpis, frame.bySource]);
    if (key !== this.kpiKey) {
      this.kpiKey = key;
      this.kpiNext = frame;
    }
    const geo = this.pending.geo ?? this.state.geo;
    // Frames come every second, so a change held back here is taken by a frame a little later.
    if (geo && frame.last24h && (geo !== this.statsGeo || now - this.statsAt >= STATS_INTERVAL_MS)) {
      const w = frame.last24h;
      // Only changed counts (or a new hour, which shifts the window) are news to the charts.
      const key = JSON.stringify([w.from, w.byHourDomain, w.flows, w.departmentRanking]);
      if (key !== this.statsKey || geo !== this.statsGeo) {
        this.statsKey = key;
        this.statsGeo = geo;
        this.statsAt = now;
        patch.stats = fromFrame(w, geo.departments);
      }
    }
    this.set(patch);
  }

  private geoVersion: string | null = null;

  private async loadSnapshot(): Promise<void> {
    try {
      this.acceptFrame(await fetchSnapshot(this.tokens));
    } catch {
      /* the subscription brings the next frame anyway */
    }
  }

  private async loadGeography(): Promise<void> {
    try {
      const geo = await fetchGeography(this.tokens);
      this.probe.mapStreets = geo.streets.map((st) => st.name);
      this.set({ geo });
    } catch {
      // Without the map the wall is half a wall: keep asking until the hub answers.
      this.geoTimer = window.setTimeout(() => void this.loadGeography(), GEO_RETRY_MS);
    }
  }

  /**
   * Data waits for the next second and, while the wall is hidden, for the wall to be seen;
   * `urgent` patches (link state, visibility) are drawn at once and carry no chart data.
   */
  private set(patch: Partial<WallState>, urgent = false): void {
    if (urgent) {
      this.state = { ...this.state, ...patch };
      this.notify();
    } else {
      Object.assign(this.pending, patch);
    }
    this.schedule();
  }

  /** The redraw tick: on every local second while the wall is seen (the clock moves even without data). */
  private schedule(): void {
    if (!this.started || !this.state.visible || this.publishTimer !== null) return;
    const wait = 1000 - (Date.now() % 1000) + TICK_OFFSET_MS;
    this.publishTimer = window.setTimeout(() => this.publish(), wait);
  }

  private publish(): void {
    this.publishTimer = null;
    if (!this.state.visible) return;
    const now = Date.now();
    const motion = Math.round(now / 1000) % MOTION_EVERY_S === 0;
    this.probe.publishes++;
    this.probe.recentPublishes.push(now);
    if (this.probe.recentPublishes.length > 20) this.probe.recentPublishes.shift();
    // The first KPIs show at once; later ones wait to roll with the board.
    if (this.kpiNext && (motion || !this.state.kpiFrame)) {
      this.pending.kpiFrame = this.kpiNext;
      this.kpiNext = null;
    }
    this.state = { ...this.state, ...this.pending, now, motion };
    this.pending = {};
    this.notify();
    this.schedule();
  }

  private notify(): void {
    for (const l of this.listeners) l();
  }

  private readonly onVisibility = (): void => {
    const visible = document.visibilityState !== "hidden";
    this.probe.animations = visible && !NO_ANIMATION;
    this.set({ visible }, true);
  };
}

export const store = new WallStore();

export function useWall(): WallState {
  return useSyncExternalStore(store.subscribe, store.snapshot);
}

/** Just the visibility: a chart must not re-render on every publication to learn it. */
export function useWallVisible(): boolean {
  return useSyncExternalStore(store.subscribe, () => store.snapshot().visible);
}
