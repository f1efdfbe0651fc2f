// One simulated request: which feed it comes from, what it is about, where, who calls and what they
// say. The mixes mirror the seed's (seed/tickets.ts) so live tickets look like the 90 days of
// history around them; the words come from the seed's own text generator.

import type { AppealType, Channel, Source } from "@cityops/schema";
import { pointInPolygon } from "../domain/geo.js";
import type { NewTicket } from "../store/intake.store.js";
import { Random, WeightedTable } from "../seed/random.js";
import * as text from "../seed/ticket-text.js";
import { APPEAL_MIX, CONSULT_LIKE, DOMAIN_SHARE, HOTLINE_CHANNELS } from "../seed/mix.js";
import type { Catalog, SimCell, SimMatter } from "./catalog.js";

import type { Feed } from "../seed/ticket-volume.js";

const FEEDS: readonly (readonly [Feed, number])[] = [["hotline", 75], ["grid", 18], ["department_push", 4.9], ["sensor", 2.1]];

const OPERATORS = ["王芳", "李娜", "张静", "刘洋", "陈晨", "杨雪", "黄丽", "周婷", "吴倩", "徐蕾"];

export interface Arrival {
  input: NewTicket;
  /** Who takes it in: an operator for calls, the feeding system for the other sources. */
  creator: string;
  matter: SimMatter;
  enterprise: boolean;
  /** Consultations answered on the spot, as operators do for ~14% of them (40% on the enterprise line). */
  answerAtIntake: boolean;
}

interface Caller {
  name: string | null;
  phone: string | null;
  address: string | null;
  lat: number | undefined;
  lng: number | undefined;
  matter: SimMatter;
  company: string | null;
}

/** Builds arrivals one at a time from a seeded stream; deterministic for a seed and a catalog. */
export class ArrivalGenerator {
  private readonly tables = new Map<Feed, WeightedTable<SimMatter>>();
  private readonly cells: WeightedTable<SimCell> | null;
  private readonly recentCallers: Caller[] = [];
  private seq = 0;

  constructor(
    private readonly rnd: Random,
    private readonly catalog: Catalog,
    /** Keeps external ids unique across runs: the simulator's start time, in base 36. */
    private readonly runId: string,
  ) {
    const popularity = catalog.cells.map((c) => Math.exp(0.6 * rnd.normal()) * (c.rural ? 0.45 : 1));
    this.cells = catalog.cells.length > 0 ? new WeightedTable(catalog.cells, popularity) : null;
  }

  /** Nothing to write about in an empty database (no matters yet). */
  get empty(): boolean {
    return this.catalog.matters.length === 0;
  }

  private table(feed: Feed): WeightedTable<SimMatter> {
    let t = this.tables.get(feed);
    if (!t) {
      const sensors = this.catalog.matters.filter((m) => m.spec.sensor);
      const pool = feed === "sensor" && sensors.length > 0 ? sensors : this.catalog.matters;
      const weights = pool.map((m) => (feed === "sensor" ? 1 : (DOMAIN_SHARE[feed][m.domain] ?? 0.002)) * m.weight);
      t = new WeightedTable(pool, weights);
      this.tables.set(feed, t);
    }
    return t;
  }

  private point(cell: SimCell): { lat: number; lng: number } | null {
    for (let i = 0; i < 30; i++) {
      const lat = this.rnd.range(cell.minLat, cell.maxLat);
      const lng = this.rnd.range(cell.minLng, cell.maxLng);
      if (pointInPolygon(lat, lng, cell.geometry)) return { lat: Math.round(lat * 1e6) / 1e6, lng: Math.round(lng * 1e6) / 1e6 };
    }
    return null;
  }

  next(now: Date): Arrival {
    const r = this.rnd;
    const feed = r.weighted(FEEDS);
    const source: Source = feed === "hotline" ? "hotline" : feed === "grid" ? "grid" : "department";
    const channel: Channel = feed === "hotline" ? r.weighted(HOTLINE_CHANNELS) : feed === "grid" ? "grid_report" : feed === "sensor" ? "sensor" : "department_push";
    this.seq++;
    const prefix = source === "hotline" ? "RX" : source === "grid" ? "WG" : "BM";
    const externalId = `SIM-${prefix}-${this.runId}-${String(this.seq).padStart(6, "0")}`;

    // The caller who calls again and again: the same person, place and problem, a few minutes later.
    const again = feed === "hotline" && this.recentCallers.length > 0 && r.chance(0.05) ? r.pick(this.recentCallers) : null;
    const matter = again?.matter ?? this.table(feed).draw(r);
    let appealType: AppealType = again ? "complaint" : r.weighted(APPEAL_MIX[feed]);
    if (!again && feed === "hotline" && CONSULT_LIKE.test(matter.spec.issueName) && r.chance(0.6)) appealType = "consult";

    let address = again?.address ?? null;
    let place = again?.lat !== undefined ? { lat: again.lat, lng: again.lng! } : null;
    const unlocated = !again && feed === "hotline" && r.chance(appealType === "consult" ? 0.15 : 0.04);
    if (!again && !unlocated && this.cells) {
      const cell = this.cells.draw(r);
      place = this.point(cell);
      address = text.addressFor(r, cell.text);
    }
    const enterprise = channel === "enterprise_line" || ((matter.domain === "MARKET_REGULATION" || matter.domain === "LABOR_SOCIAL_SECURITY") && r.chance(0.08));
    const company = again?.company ?? (enterprise ? text.companyName(r) : null);
    const facts: text.TextFacts = { channel, appealType, matter: matter.spec, address, departmentName: matter.leadDepartmentName, storm: false, company };
    const person = again ?? (feed === "hotline" ? text.citizen(r, channel) : { name: null, phone: null });
    let content = text.ticketContent(r, facts);
    if (again) content = `来电人再次反映：${content.replace(/^[^：，]*[：，]/, "")}此前已多次反映，问题仍未解决。`;

    if (feed === "hotline" && !again) {
      this.recentCallers.push({ name: person.name, phone: person.phone, address, lat: place?.lat, lng: place?.lng, matter, company });
      if (this.recentCallers.length > 30) this.recentCallers.shift();
    }
    const creator =
      feed === "hotline" ? `operator:sim-${r.pick(OPERATORS)}` : feed === "grid" ? "system:grid-app" : feed === "sensor" ? "system:iot" : "system:department-push";
    return {
      input: {
        source,
        externalId,
        channel,
        appealType,
        title: text.ticketTitle(facts),
        content,
        address: address ?? undefined,
        lat: place?.lat,
        lng: place?.lng,
        citizenName: person.name ?? undefined,
        citizenPhone: person.phone ?? undefined,
        receivedAt: now,
        raw: { simulated: true },
      },
      creator,
      matter,
      enterprise,
      answerAtIntake: feed === "hotline" && appealType === "consult" && r.chance(channel === "enterprise_line" ? 0.4 : 0.14),
    };
  }
}
