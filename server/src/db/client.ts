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

export async function openDatabase(opts: OpenOptions): Promise<Database> {
  if (opts.databaseUrl) {
    const client = postgres(opts.databaseUrl, {
      max: opts.max ?? 10,
      onnotice: () => {},
      // Timestamps come back as JS Dates from drizzle's column mappers; bigints as numbers.
      types: { bigint: postgres.BigInt },
      backoff: reconnectBackoff,
    });
    const db = drizzlePostgres(client, { schema, logger: opts.logger ?? false }) as unknown as Db;
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
