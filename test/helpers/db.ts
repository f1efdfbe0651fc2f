import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import postgres from "postgres";
import { openDatabase, type Database } from "../../server/src/db/client.js";
import { applyMigrations } from "../../server/src/db/migrate.js";

export type Mode = "pglite" | "postgres";

/** Which database modes the suite runs on: both unless CITYOPS_TEST_DB narrows it. */
export function modes(): Mode[] {
  const v = process.env.CITYOPS_TEST_DB ?? "both";
  if (v === "both") return ["pglite", "postgres"];
  if (v === "pglite" || v === "postgres") return [v];
  throw new Error(`CITYOPS_TEST_DB must be pglite, postgres or both, got ${v}`);
}

/**
 * An admin connection to the test server; real PostgreSQL, never skipped when asked for. Without
 * a server on 127.0.0.1:5432, helpers/services.ts starts an embedded one and sets the variable.
 */
export const PG_ADMIN_URL = process.env.CITYOPS_TEST_PG_URL ?? "postgres://root@127.0.0.1:5432/postgres";

export interface TestDatabase {
  database: Database;
  /** SQL statements sent through drizzle so far: tests of batching read it before and after. */
  statements: () => number;
  url: string | undefined;
  dataDir: string | undefined;
  dispose(): Promise<void>;
}

/** A fresh, migrated, empty database of the given mode; disposed without a trace. */
export async function freshDatabase(mode: Mode): Promise<TestDatabase> {
  let count = 0;
  const logger = { logQuery: () => void count++ };
  const statements = () => count;
  if (mode === "pglite") {
    const dataDir = mkdtempSync(path.join(tmpdir(), "cityops-test-"));
    const database = await openDatabase({ dataDir, logger });
    await applyMigrations(database);
    return {
      database,
      statements,
      url: undefined,
      dataDir,
      async dispose() {
        await database.close();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  const name = `cityops_test_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = postgres(PG_ADMIN_URL, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database ${name}`);
  } catch (err) {
    await admin.end();
    throw new Error(`PostgreSQL at ${PG_ADMIN_URL} is required for the postgres test mode: ${(err as Error).message}`);
  }
  await admin.end();
  const url = PG_ADMIN_URL.replace(/\/[^/]*$/, `/${name}`);
  const database = await openDatabase({ databaseUrl: url, max: 5, logger });
  await applyMigrations(database, url);
  return {
    database,
    statements,
    url,
    dataDir: undefined,
    async dispose() {
      await database.close();
      const a = postgres(PG_ADMIN_URL, { max: 1, onnotice: () => {} });
      await a.unsafe(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  };
}
