import { sql } from "drizzle-orm";
import type { Config } from "./config.js";
import type { Database } from "./db/client.js";
import { GridLocator } from "./domain/geo.js";
import { ReferenceData } from "./store/reference.store.js";
import { TicketStore } from "./store/ticket.store.js";
import { MatterStore } from "./store/matter.store.js";
import { IntakeStore, type Locator } from "./store/intake.store.js";
import { ResponsibilityStore } from "./store/responsibility.store.js";
import { TicketTagStore } from "./store/ticket-tag.store.js";
import { RetagStore } from "./store/retag.store.js";
import { DispatchService } from "./services/dispatch.service.js";
import type { EventBus } from "./realtime/bus.js";
import { Realtime } from "./realtime/realtime.js";
import { AnalyticsStore } from "./store/analytics.store.js";
import { ReportStore, WarningStore } from "./store/warning.store.js";
import { WarningFeed } from "./realtime/warning-feed.js";
import { DEFAULT_ENGINE_OPTIONS, WarningEngine } from "./services/warning-engine.js";
import { WarningRunner } from "./services/warning-runner.js";
import { ThreadRunner } from "./services/warning-thread.js";
import { IngestService } from "./ingest/ingest.js";
import { CityLoadStore } from "./store/city-load.store.js";
import { ReportService } from "./services/report.service.js";

/** The composition root: every store and service, built once per process and shared by adapters. */
export interface Services {
  config: Config;
  database: Database;
  ref: ReferenceData;
  tickets: TicketStore;
  matters: MatterStore;
  intake: IntakeStore;
  responsibility: ResponsibilityStore;
  ticketTags: TicketTagStore;
  /** Re-applies the current tagging rule set to a time range (retagTickets, cityops retag). */
  retag: RetagStore;
  dispatch: DispatchService;
  realtime: Realtime;
  analytics: AnalyticsStore;
  warnings: WarningStore;
  /** Runs the warning detectors; started and stopped by the hub. */
  warningEngine: WarningEngine;
  /** Raised and escalated warnings for the `warnings` subscription. */
  warningFeed: WarningFeed;
  /** Kept report drafts (lists, the document route); drafting goes through `reporting`. */
  reports: ReportStore;
  /** Drafts every report: gathers its figures, has the domain write it, keeps it in `reports`. */
  reporting: ReportService;
  /** A city's reference data loaded from its files (cityops load, /admin/load). */
  cityLoad: CityLoadStore;
  /** Batch intake for pushing systems and imports (ingestTickets, /ingest/ndjson, cityops import). */
  ingest: IngestService;
  /** Tickets per tag id; cached for a few seconds because the taxonomy page asks for all of them. */
  tagCounts(): Promise<Map<number, number>>;
}

export async function createServices(config: Config, database: Database, bus: EventBus, onError: (err: unknown) => void): Promise<Services> {
  const db = database.db;
  const ref = await new ReferenceData(db).load();
  let locator: Locator | null = null;
  const getLocator = () => (locator ??= new GridLocator(ref.regionsAt("grid_cell")));
  const dispatch = new DispatchService(db);
  // Reference data changed here or in another process (realtime/bus.ts): drop what was derived from it.
  bus.onAnnounce(async (topic) => {
    if (topic === "matters" || topic === "precedents") dispatch.invalidate();
    if (topic === "reference") {
      dispatch.invalidate();
      if (runner instanceof ThreadRunner) runner.referenceChanged();
      await ref.load().then(() => (locator = null), onError);
    }
  });
  let counts: { at: number; value: Promise<Map<number, number>> } | null = null;
  const analytics = new AnalyticsStore(database, ref);
  const warnings = new WarningStore(database, bus);
  // With the schedule off (tests), the engine runs on events and on demand only.
  const engineOptions = { ...DEFAULT_ENGINE_OPTIONS, scheduleMs: config.warningScheduleMs, surgeEveryMs: config.warningSurgeEveryMs };
  const runner = warningThread(config, database, bus) ?? new WarningRunner(warnings, analytics, ref);
  const tickets = new TicketStore(db, ref, bus);
  const reports = new ReportStore(database);
  return {
    config,
    database,
    ref,
    tickets,
    matters: new MatterStore(db, bus),
    intake: new IntakeStore(db, ref, getLocator, dispatch, bus),
    responsibility: new ResponsibilityStore(db, bus),
    ticketTags: new TicketTagStore(db, ref, bus),
    retag: new RetagStore(db, ref),
    dispatch,
    ingest: new IngestService(db, ref, getLocator, dispatch, bus),
    realtime: new Realtime(database, bus, onError, config.eventPollMs, () => String(ref.version)),
    analytics,
    warnings,
    warningEngine: new WarningEngine(runner, onError, engineOptions),
    warningFeed: new WarningFeed(warnings, bus, onError),
    reports,
    reporting: new ReportService({ reports, warnings, tickets, analytics, ref }, config),
    cityLoad: new CityLoadStore(db),
    tagCounts() {
      if (!counts || Date.now() - counts.at > 5000) {
        // unnest in the select list: as a lateral join it cost twice as much per ticket.
        const value = database
          .rows<{ tag_id: number; n: number }>(sql`select tag_id, count(*)::int as n from (select unnest(tag_ids) as tag_id from tickets) t group by tag_id`)
          .then((rows) => new Map(rows.map((r) => [Number(r.tag_id), Number(r.n)])));
        counts = { at: Date.now(), value };
        value.catch(() => (counts = null));
      }
      return counts.value;
    },
  };
}

/** The warning thread where the config and the database call for one; null = runs stay in this thread. */
function warningThread(config: Config, database: Database, bus: EventBus): ThreadRunner | null {
  if (config.warningThread === "off" || (config.warningThread === "auto" && !database.url)) return null;
  if (!database.url) throw new Error("CITYOPS_WARNING_THREAD=on needs DATABASE_URL (the embedded database belongs to one thread)");
  return new ThreadRunner({ databaseUrl: database.url, busKind: bus.kind }, () => bus.committed());
}
