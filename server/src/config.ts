import path from "node:path";

/**
 * Every setting of the hub, read once. Each has an environment variable; the CLI's flags
 * override them. The README's settings table lists exactly these.
 */
export interface Config {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  production: boolean;
  jwtSecret: string | undefined;
  /** Seed the demo district into an empty database at start. */
  seedDemo: boolean;
  /** Run the live simulated feed (tickets per minute; 0 = off). */
  simulateRate: number;
  /** The center's name on the wall's title bar and on reports, in Chinese and English. */
  centerName: { zh: string; en: string };
  /** How often due-soon and overdue events are written (ms; 0 = never). */
  deadlineSweepMs: number;
  /** Safety-net poll of the event log when no wake-up came (ms). */
  eventPollMs: number;
  /** Unsent bytes a WebSocket may queue before it is closed as a slow reader. */
  wsMaxBufferedBytes: number;
  /** graphql-ws keep-alive: ping interval; a socket that has not answered by the next ping is dropped. */
  wsKeepAliveMs: number;
  /** Event bus between server processes: auto (PostgreSQL NOTIFY on PostgreSQL, in-process on PGlite), memory, postgres, redis. */
  bus: "auto" | "memory" | "postgres" | "redis";
  redisUrl: string;
  /** How often every warning detector runs besides the event-driven runs (ms; 0 = never). */
  warningScheduleMs: number;
  /** Surges are tested from the event stream at most this often (ms). */
  warningSurgeEveryMs: number;
  /**
   * Where the warning detectors run: on a worker thread with its own pool (on), in the hub's thread
   * (off), or auto: on PostgreSQL a thread, on the embedded database (one thread owns it) not.
   */
  warningThread: "auto" | "on" | "off";
  logLevel: string;
  maxPageSize: number;
  maxDepth: number;
  maxComplexity: number;
  bodyLimit: string;
}

function int(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value === "") return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer, got "${value}"`);
  return n;
}

function bool(name: string, value: string | undefined, fallback: boolean): boolean {
  if (value === undefined || value === "") return fallback;
  if (/^(1|true|yes|on)$/i.test(value)) return true;
  if (/^(0|false|no|off)$/i.test(value)) return false;
  throw new Error(`${name} must be true or false, got "${value}"`);
}

function oneOf<T extends string>(name: string, value: string | undefined, allowed: readonly T[], fallback: T): T {
  if (value === undefined || value === "") return fallback;
  if (!(allowed as readonly string[]).includes(value)) throw new Error(`${name} must be one of ${allowed.join(", ")}, got "${value}"`);
  return value as T;
}

/** pnpm runs package scripts inside the package; relative paths mean the caller's directory. */
export function callerDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.INIT_CWD || process.cwd();
}

const DEMO_CENTER = { zh: "黄渤海新区城市运行管理中心", en: "Huangbohai New Area City Operations Center" };

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const production = env.NODE_ENV === "production";
  return {
    port: int("PORT", env.PORT, 4000),
    host: env.HOST || "0.0.0.0",
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: path.resolve(callerDir(env), env.CITYOPS_DATA_DIR || ".data"),
    production,
    jwtSecret: env.CITYOPS_JWT_SECRET || undefined,
    seedDemo: bool("CITYOPS_SEED_DEMO", env.CITYOPS_SEED_DEMO, !production),
    simulateRate: int("CITYOPS_SIMULATE_RATE", env.CITYOPS_SIMULATE_RATE, production ? 0 : 6),
    // The demo district's center unless a city names its own.
    centerName: {
      zh: env.CITYOPS_CENTER_NAME?.trim() || (production ? "城市运行管理中心" : DEMO_CENTER.zh),
      en: env.CITYOPS_CENTER_NAME_EN?.trim() || (env.CITYOPS_CENTER_NAME?.trim() ? env.CITYOPS_CENTER_NAME.trim() : production ? "City Operations Center" : DEMO_CENTER.en),
    },
    deadlineSweepMs: int("CITYOPS_DEADLINE_SWEEP_MS", env.CITYOPS_DEADLINE_SWEEP_MS, 60_000),
    eventPollMs: Math.max(50, int("CITYOPS_EVENT_POLL_MS", env.CITYOPS_EVENT_POLL_MS, 1000)),
    wsMaxBufferedBytes: int("CITYOPS_WS_MAX_BUFFERED_BYTES", env.CITYOPS_WS_MAX_BUFFERED_BYTES, 4 * 1024 * 1024),
    wsKeepAliveMs: int("CITYOPS_WS_KEEPALIVE_MS", env.CITYOPS_WS_KEEPALIVE_MS, 12_000),
    bus: oneOf("CITYOPS_BUS", env.CITYOPS_BUS, ["auto", "memory", "postgres", "redis"] as const, "auto"),
    redisUrl: env.REDIS_URL || "redis://127.0.0.1:6379",
    warningScheduleMs: int("CITYOPS_WARNING_SCHEDULE_MS", env.CITYOPS_WARNING_SCHEDULE_MS, 60_000),
    warningSurgeEveryMs: int("CITYOPS_WARNING_SURGE_EVERY_MS", env.CITYOPS_WARNING_SURGE_EVERY_MS, 10_000),
    warningThread: oneOf("CITYOPS_WARNING_THREAD", env.CITYOPS_WARNING_THREAD, ["auto", "on", "off"] as const, "auto"),
    logLevel: env.LOG_LEVEL || "info",
    maxPageSize: int("CITYOPS_MAX_PAGE_SIZE", env.CITYOPS_MAX_PAGE_SIZE, 500),
    maxDepth: int("CITYOPS_MAX_DEPTH", env.CITYOPS_MAX_DEPTH, 10),
    maxComplexity: int("CITYOPS_MAX_COMPLEXITY", env.CITYOPS_MAX_COMPLEXITY, 20000),
    bodyLimit: env.CITYOPS_BODY_LIMIT || "1mb",
  };
}
