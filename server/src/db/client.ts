import { mkdirSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import type { Logger } from "drizzle-orm/logger";
import { sql, type SQL } from "drizzle-orm";
import postgres from "postgres";
import * as schema from "@cityops/schema";
import { acquireDataDirLock, type DataDirLock } from "./lock.js";

export type Schema = typeof schema;
/** One drizzle type for both modes: every query in the product is written once against it. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export type DbMode = "embedded" | "postgres";

export interface Database {
  db: Db;
  mode: DbMode;
  /** Where the embedded data lives, or the redacted URL of the server. */
  location: string;
  /** The PostgreSQL URL (server mode only): the event bus opens its LISTEN connection with it. */
  url?: string;
  /** Rows of a raw SQL statement, the same shape in both modes. */
  rows<T = Record<string, unknown>>(query: SQL): Promise<T[]>;
  close(): Promise<void>;
}

export interface OpenOptions {
  databaseUrl?: string | undefined;
  dataDir?: string | undefined;
  /** Pool size for PostgreSQL mode. */
  max?: number;
  /** Who the connections are in pg_stat_activity (PostgreSQL mode). */
  applicationName?: string;
  logger?: Logger;
}

/**
 * Seconds before the next connection attempt after `attempts` failed ones: at most a second, so a
 * hub is back within about a second of its database. postgres.js's default grows to 10–20 s after
 * a few failures, which kept hubs unready (and the LISTEN connection deaf) long after a restart.
 */
export function reconnectBackoff(attempts: number): number {
  return Math.min(0.05 * 2 ** attempts, 1) * (0.5 + Math.random() / 2);
}

export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:@/]+)(:[^@/]*)?@/, "//$1:***@");
}

/**
 * drizzle sends every query through postgres.js's `unsafe`, which does not prepare statements, so
 * each query with parameters took two round trips: Parse and Describe, wait for the parameter
 * types, then Bind and Execute. On a busy two-core machine every round trip also hands the core to
 * a database backend and back. Prepared (postgres.js keeps one statement per connection and query
 * text), a query's repeats take one. postgres.js replaces each connection after 30–60 minutes
 * (max_lifetime), which bounds the statements a connection keeps. Transactions and savepoints get
 * the same treatment; queries without parameters keep the simple protocol (COPY among them).
 */
function preparedByDefault(sql: postgres.Sql): postgres.Sql {
  type Fn = (...args: unknown[]) => unknown;
  return new Proxy(sql, {
    get(target, prop, receiver) {
      if (prop === "unsafe") {
        return (query: string, args?: unknown, options?: object) =>
          Array.isArray(args) || args === undefined ? target.unsafe(query, args as never, { prepare: true, ...options }) : target.unsafe(query, [], { prepare: true, ...(args as object) });
      }
      if (prop === "begin" || prop === "savepoint") {
        const original = Reflect.get(target, prop, receiver) as Fn;
        return (...args: unknown[]) => {
          const fn = args.at(-1);
          if (typeof fn !== "function") return original(...args);
          return original(...args.slice(0, -1), (tx: postgres.Sql) => (fn as Fn)(preparedByDefault(tx)));
        };
      }
      return Reflect.get(target, prop, receiver);
    },
  });
}

export async function openDatabase(opts: OpenOptions): Promise<Database> {
  if (opts.databaseUrl) {
    const client = postgres(opts.databaseUrl, {
      max: opts.max ?? 10,
      connection: { application_name: opts.applicationName ?? "cityops-hub" },
      onnotice: () => {},
      // Timestamps come back as JS Dates from drizzle's column mappers; bigints as numbers.
      types: { bigint: postgres.BigInt },
      backoff: reconnectBackoff,
    });
    const db = drizzlePostgres(preparedByDefault(client), { schema, logger: opts.logger ?? false }) as unknown as Db;
    return {
      db,
      mode: "postgres",
      location: redactUrl(opts.databaseUrl),
      url: opts.databaseUrl,
      rows: async <T,>(q: SQL) => (await db.execute(q)) as unknown as T[],
      close: () => client.end({ timeout: 5 }),
    };
  }
  const dataDir = path.resolve(opts.dataDir ?? ".data");
  mkdirSync(dataDir, { recursive: true });
  const lock: DataDirLock = acquireDataDirLock(dataDir);
  try {
    const pg = await PGlite.create({ dataDir: path.join(dataDir, "pg") });
    const db = drizzlePglite(pg, { schema, logger: opts.logger ?? false }) as unknown as Db;
    return {
      db,
      mode: "embedded",
      location: dataDir,
      rows: async <T,>(q: SQL) => ((await db.execute(q)) as unknown as { rows: T[] }).rows,
      close: async () => {
        await pg.close();
        lock.release();
      },
    };
  } catch (err) {
    lock.release();
    throw err;
  }
}

export async function ping(database: Database): Promise<boolean> {
  try {
    await database.rows(sql`select 1`);
    return true;
  } catch {
    return false;
  }
}
