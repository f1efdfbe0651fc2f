import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { missingKinds } from "./load/loader.js";
import type { Config } from "./config.js";
import type { Logger } from "./log.js";
import { openDatabase, type Database } from "./db/client.js";
import { applyMigrations } from "./db/migrate.js";
import { keepTicketMonths } from "./store/ticket-months.js";
import { createServices, type Services } from "./services.js";
import { buildCityOpsSchema } from "./graphql/schema.js";
import { createApp } from "./http/app.js";
import { resolveSecret } from "./auth/tokens.js";
import { seedDemo } from "./seed/seed.js";
import { MemoryBus, PostgresBus, RedisBus, type EventBus } from "./realtime/bus.js";
import { attachWebSocket } from "./http/ws.js";
import { startSimulator, type Simulator } from "./services/simulator.js";
import { isEmpty } from "./store/reference.store.js";

export interface Hub {
  url: string;
  port: number;
  services: Services;
  /** The event bus between hub processes (reference data changes are announced on it too). */
  bus: EventBus;
  server: Server;
  /** The live simulated feed, when this hub runs one. */
  simulator: Simulator | null;
  close(): Promise<void>;
}

export interface HubOptions {
  /**
   * Run the simulated feed at `config.simulateRate` (when > 0). `pnpm start` asks for it; embedding
   * callers (tests) get a quiet hub unless they ask too.
   */
  simulate?: boolean;
}


/** Opens the database, migrates, seeds the demo district into an empty one, then serves. */
export async function prepareDatabase(config: Config, log: Logger): Promise<Database> {
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await applyMigrations(database, config.databaseUrl);
    if (config.seedDemo && (await isEmpty(database))) {
      log.info("empty database: seeding the demo district (once)");
      const summary = await seedDemo(database, {
        onProgress: (stage, done, total) => log.debug({ stage, done, total }, "seeding"),
      });
      log.info({ ...summary }, "demo district seeded");
    }
    return database;
  } catch (err) {
    await database.close();
    throw err;
  }
}

/** "auto" follows the database actually opened: NOTIFY on PostgreSQL, in-process on PGlite. */
export function createBus(config: Config, database: Database, onError: (err: unknown) => void): EventBus {
  const kind = config.bus === "auto" ? (database.url ? "postgres" : "memory") : config.bus;
  switch (kind) {
    case "memory":
      return new MemoryBus();
    case "redis":
      return new RedisBus(config.redisUrl, onError);
    case "postgres":
      if (!database.url) throw new Error("CITYOPS_BUS=postgres needs DATABASE_URL (the embedded database has no NOTIFY between processes)");
      return new PostgresBus(database.url, onError);
  }
}

export async function startHub(config: Config, log: Logger, given?: Database, options: HubOptions = {}): Promise<Hub> {
  const database = given ?? (await prepareDatabase(config, log));
  const onError = (err: unknown) => log.error({ err }, "background task failed");
  const bus = createBus(config, database, onError);
  const services = await createServices(config, database, bus, onError);
  const months = await keepTicketMonths(database.db, onError);
  await services.realtime.start({ deadlineSweepMs: config.deadlineSweepMs });
  services.warningEngine.start(services.realtime.pump);
  const schema = await buildCityOpsSchema();
  const secret = resolveSecret(config);
  // Pushing systems and walls keep connections open; Node's 5 s idle close races a client's next
  // request under load (the client sees ECONNRESET). Keep idle sockets longer than clients and proxies do.
  const server = createServer({ keepAliveTimeout: 65_000 });
  const { app, apollo } = await createApp({ services, schema, secret, log, httpServer: server, bus });
  server.on("request", app);
  const ws = attachWebSocket({ server, schema, services, secret, log });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  // A real city's first start: say what is loaded, what is missing, and in which order to load it.
  void services.cityLoad
    .status()
    .then((status) => {
      const missing = missingKinds(status);
      if (missing.length === 0) return;
      log.warn(
        { loaded: status.filter((s) => s.count > 0).map((s) => `${s.kind} ${s.count}`), missing },
        `city data missing: ${missing.join(", ")}; load in this order: ${missing.map((k) => `pnpm cityops load ${k} <file>`).join(", then ")} (docs/MOVING-IN.md)`,
      );
    })
    .catch((err: unknown) => log.error({ err }, "city data status failed"));
  // Build the dispatch index now rather than on the first intake.
  void services.dispatch.warm().catch((err: unknown) => log.error({ err }, "dispatch index failed to build"));
  let simulator: Simulator | null = null;
  if (options.simulate && config.simulateRate > 0) {
    // A demo nicety: a hub that cannot simulate still serves.
    simulator = await startSimulator(services, { rate: config.simulateRate, log: log.child({ component: "simulator" }) }).catch((err: unknown) => {
      log.error({ err }, "the simulated feed could not start");
      return null;
    });
  }
  let closed = false;
  return {
    url: `http://localhost:${port}`,
    port,
    services,
    bus,
    server,
    simulator,
    async close() {
      if (closed) return;
      closed = true;
      // First: its steps write through the stores, which need the database still open.
      await simulator?.stop();
      await ws.close();
      await services.warningEngine.stop();
      services.warningFeed.stop();
      await services.realtime.stop();
      months.stop();
      // Stop accepting, let in-flight requests finish (Apollo's drain plugin, with a grace
      // period), then cut whatever keep-alive sockets remain.
      server.closeIdleConnections();
      await apollo.stop();
      server.closeAllConnections();
      if (!given) await database.close();
    },
  };
}
