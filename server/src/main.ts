#!/usr/bin/env node
import { Command, InvalidArgumentError, Option } from "commander";
import { ROLES, type Role } from "@cityops/schema";
import { loadConfig, type Config } from "./config.js";
import { createLogger } from "./log.js";
import { openDatabase } from "./db/client.js";
import { applyMigrations, expectedMigrations } from "./db/migrate.js";
import { resolveSecret, signToken } from "./auth/tokens.js";
import { DataDirLockedError } from "./db/lock.js";
import { registerImportCommand } from "./cli/import.js";
import { registerRetagCommand } from "./cli/retag.js";
import { registerLoadCommand } from "./cli/load.js";
import { registerSimulateCommand } from "./simulate/cli.js";

const program = new Command("cityops")
  .description("CityOps Hub: the 12345 hotline and city-operations data hub / 12345热线与城运数据中台")
  .showHelpAfterError("(run with --help for usage)")
  .addOption(new Option("--port <port>", "HTTP port (env PORT, default 4000)").argParser(portArg))
  .addOption(new Option("--data-dir <dir>", "embedded database folder (env CITYOPS_DATA_DIR, default ./.data)"))
  .addOption(new Option("--database-url <url>", "PostgreSQL URL; embedded PGlite when absent (env DATABASE_URL)"));

function portArg(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError("a port is an integer 0–65535");
  return n;
}

function config(): Config {
  const opts = program.opts<{ port?: number; dataDir?: string; databaseUrl?: string }>();
  const env = { ...process.env };
  if (opts.port !== undefined) env.PORT = String(opts.port);
  if (opts.dataDir) env.CITYOPS_DATA_DIR = opts.dataDir;
  if (opts.databaseUrl) env.DATABASE_URL = opts.databaseUrl;
  return loadConfig(env);
}

async function serve(seed: boolean): Promise<void> {
  const cfg = { ...config(), seedDemo: seed && config().seedDemo };
  const log = createLogger(cfg.logLevel);
  const started = Date.now();
  // Loaded here, not at the top: `token`, `--help` and friends should not pay for the GraphQL stack.
  const { prepareDatabase, startHub } = await import("./hub.js");
  // `start` is the demo: it runs the simulated feed; `serve` only when CITYOPS_SIMULATE_RATE is set explicitly.
  const simulate = seed || Boolean(process.env.CITYOPS_SIMULATE_RATE);
  const hub = await startHub(cfg, log, await prepareDatabase(cfg, log), { simulate });
  const mode = cfg.databaseUrl ? `PostgreSQL ${hub.services.database.location}` : `embedded PGlite in ${cfg.dataDir}`;
  const lines = [
    "",
    `CityOps Hub is ready in ${((Date.now() - started) / 1000).toFixed(1)} s (${mode}, ${cfg.production ? "production" : "demo"} mode)`,
    `  大屏 Wall      ${hub.url}/wall`,
    `  GraphiQL       ${hub.url}/graphiql`,
    `  GraphQL        ${hub.url}/graphql`,
    `  Health         ${hub.url}/healthz   ${hub.url}/readyz`,
    hub.simulator
      ? `  Simulator      ${cfg.simulateRate} new tickets/min, moving open tickets along (CITYOPS_SIMULATE_RATE=0 turns it off)`
      : "  Simulator      off",
    cfg.production
      ? "  Tokens: pnpm cityops token --role <role> [--department <code>] (needs CITYOPS_JWT_SECRET)"
      : `  Tokens: pick a role in GraphiQL, or: pnpm cityops token --role leader   (or ${hub.url}/demo/token?role=operator)`,
    "",
  ];
  process.stderr.write(lines.join("\n") + "\n");
  log.info({ url: hub.url, mode: cfg.databaseUrl ? "postgres" : "embedded" }, "listening");
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "shutting down");
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    await hub.close();
    log.debug("hub closed");
    await hub.services.database.close();
    log.debug("database closed");
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
}

program
  .command("start")
  .description("migrate, seed the demo district into an empty database, and serve (what `pnpm start` runs)")
  .action(() => serve(true));

program
  .command("serve")
  .description("migrate and serve, without seeding")
  .action(() => serve(false));

program
  .command("migrate")
  .description("apply pending database migrations")
  .action(async () => {
    const cfg = config();
    const database = await openDatabase({ databaseUrl: cfg.databaseUrl, dataDir: cfg.dataDir });
    try {
      await applyMigrations(database, cfg.databaseUrl);
      console.log(`migrations applied: ${expectedMigrations()} (${database.location})`);
    } finally {
      await database.close();
    }
  });

program
  .command("seed")
  .description("seed the deterministic demo district into an empty database")
  .option("--seed <n>", "random seed", (v) => {
    const n = Number(v);
    if (!Number.isInteger(n)) throw new InvalidArgumentError("an integer");
    return n;
  })
  .action(async (opts: { seed?: number }) => {
    const cfg = config();
    const database = await openDatabase({ databaseUrl: cfg.databaseUrl, dataDir: cfg.dataDir });
    try {
      await applyMigrations(database, cfg.databaseUrl);
      const [{ isEmpty }, { seedDemo }] = await Promise.all([import("./store/reference.store.js"), import("./seed/seed.js")]);
      if (!(await isEmpty(database))) {
        console.error(`The database at ${database.location} already holds data; seeding only fills an empty one.`);
        process.exitCode = 1;
        return;
      }
      const summary = await seedDemo(database, opts.seed !== undefined ? { seed: opts.seed } : {});
      console.log(JSON.stringify(summary));
    } finally {
      await database.close();
    }
  });

program
  .command("token")
  .description("print a signed JWT for a role (the token is the last line)")
  .addOption(new Option("--role <role>", "role").choices([...ROLES]).makeOptionMandatory())
  .option("--department <code>", "department code, required for --role department")
  .option("--subject <id>", "who the token is for", "")
  .option("--ttl <duration>", "lifetime, e.g. 12h or 30d", "30d")
  .action(async (opts: { role: Role; department?: string; subject: string; ttl: string }) => {
    if (opts.role === "department" && !opts.department) {
      program.error("--role department needs --department <code> (see the departments query for codes)");
    }
    if (opts.role !== "department" && opts.department) program.error("--department is only for --role department");
    if (!/^\d+[smhd]$/.test(opts.ttl)) program.error("--ttl must look like 30m, 12h or 30d");
    const cfg = config();
    const secret = resolveSecret(cfg);
    const sub = opts.subject || (opts.role === "department" ? `dept:${opts.department}` : `${opts.role}:cli`);
    console.error(`token for ${sub} (${opts.role}), valid ${opts.ttl}; send it as "Authorization: Bearer <token>"`);
    console.log(await signToken(secret, { sub, role: opts.role, ...(opts.department ? { dept: opts.department } : {}) }, opts.ttl));
  });

registerSimulateCommand(program, config);
registerImportCommand(program, config);
registerRetagCommand(program, config);
registerLoadCommand(program, config);

program.parseAsync().catch((err: unknown) => {
  if (err instanceof DataDirLockedError) {
    console.error(`cityops: ${err.message}`);
    process.exit(3);
  }
  console.error(`cityops: ${err instanceof Error ? err.message : String(err)}`);
  if (process.env.LOG_LEVEL === "debug" && err instanceof Error) console.error(err.stack);
  process.exit(1);
});
