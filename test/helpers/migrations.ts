// Databases as an older release left them: the migrations folder cut at one migration, and a
// database of either mode migrated up to there, so a test can fill it and then apply the rest.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import type { PgliteDatabase } from "drizzle-orm/pglite";
import postgres from "postgres";
import { afterAll, beforeAll } from "vitest";
import { openDatabase, type Database } from "../../server/src/db/client.js";
import { MIGRATIONS_DIR } from "../../server/src/db/migrate.js";
import { PG_ADMIN_URL, type Mode } from "./db.js";

/** The migrations folder as it was up to `last`: the SQL files and a journal that ends there. */
export function migrationsUpTo(last: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), "cityops-migrations-"));
  mkdirSync(path.join(dir, "meta"));
  const journal = JSON.parse(readFileSync(path.join(MIGRATIONS_DIR, "meta/_journal.json"), "utf8")) as { entries: { tag: string }[] };
  const end = journal.entries.findIndex((e) => e.tag === last);
  if (end < 0) throw new Error(`no migration ${last}`);
  journal.entries = journal.entries.slice(0, end + 1);
  for (const e of journal.entries) copyFileSync(path.join(MIGRATIONS_DIR, `${e.tag}.sql`), path.join(dir, `${e.tag}.sql`));
  writeFileSync(path.join(dir, "meta/_journal.json"), JSON.stringify(journal));
  return dir;
}

/** An empty database of the mode, migrated up to `folder`'s last migration. */
export async function databaseAt(mode: Mode, folder: string): Promise<{ database: Database; url: string | undefined; dispose(): Promise<void> }> {
  if (mode === "pglite") {
    const dataDir = mkdtempSync(path.join(tmpdir(), "cityops-test-"));
    const database = await openDatabase({ dataDir });
    await migratePglite(database.db as unknown as PgliteDatabase, { migrationsFolder: folder });
    return { database, url: undefined, dispose: async () => (await database.close(), rmSync(dataDir, { recursive: true, force: true })) };
  }
  const name = `cityops_test_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = postgres(PG_ADMIN_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const url = PG_ADMIN_URL.replace(/\/[^/]*$/, `/${name}`);
  const client = postgres(url, { max: 1, onnotice: () => {} });
  await migratePostgres(drizzlePostgres(client), { migrationsFolder: folder });
  await client.end();
  const database = await openDatabase({ databaseUrl: url, max: 2 });
  return {
    database,
    url,
    async dispose() {
      await database.close();
      const a = postgres(PG_ADMIN_URL, { max: 1, onnotice: () => {} });
      await a.unsafe(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  };
}


/**
 * Inside a describe block: a database of the mode migrated up to `last`, made before the block's
 * tests and removed after them. Call the returned function in a test to get it.
 */
export function databaseBefore(mode: Mode, last: string): () => Awaited<ReturnType<typeof databaseAt>> {
  let folder = "";
  let db: Awaited<ReturnType<typeof databaseAt>> | undefined;
  beforeAll(async () => {
    folder = migrationsUpTo(last);
    db = await databaseAt(mode, folder);
  }, 120_000);
  afterAll(async () => {
    await db?.dispose();
    if (folder) rmSync(folder, { recursive: true, force: true });
  });
  return () => {
    if (!db) throw new Error(`the database at ${last} is made before the tests run`);
    return db;
  };
}
