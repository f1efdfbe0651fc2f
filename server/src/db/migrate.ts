import path from "node:path";
import { fileURLToPath } from "node:url";
import { readFileSync } from "node:fs";
import { sql } from "drizzle-orm";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import type { PgliteDatabase } from "drizzle-orm/pglite";
import postgres from "postgres";
import type { Database } from "./client.js";
import { ensureTaxonomy } from "./taxonomy.js";

export const MIGRATIONS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../migrations");

interface Journal {
  entries: { idx: number; tag: string }[];
}

export function expectedMigrations(): number {
  const journal = JSON.parse(readFileSync(path.join(MIGRATIONS_DIR, "meta/_journal.json"), "utf8")) as Journal;
  return journal.entries.length;
}

/**
 * Applies pending migrations, then makes sure the tag taxonomy is there (db/taxonomy.ts). On
 * PostgreSQL it uses its own single connection, as drizzle-kit advises, so that the migration lock
 * and session settings never mix with the pool.
 */
export async function applyMigrations(database: Database, databaseUrl?: string): Promise<void> {
  await migrate(database, databaseUrl);
  await ensureTaxonomy(database);
}

async function migrate(database: Database, databaseUrl?: string): Promise<void> {
  if (database.mode === "embedded") {
    await migratePglite(database.db as unknown as PgliteDatabase, { migrationsFolder: MIGRATIONS_DIR });
    return;
  }
  if (!databaseUrl) throw new Error("PostgreSQL mode needs the database URL to migrate");
  const client = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    await migratePostgres(drizzlePostgres(client), { migrationsFolder: MIGRATIONS_DIR });
  } finally {
    await client.end({ timeout: 5 });
  }
}

/** How many migrations the database has applied; 0 when it has never been migrated. */
export async function appliedMigrations(database: Database): Promise<number> {
  const rows = await database.rows<{ n: number | string }>(
    sql`select count(*)::int as n from drizzle.__drizzle_migrations`,
  ).catch(() => [{ n: 0 }]);
  return Number(rows[0]?.n ?? 0);
}
