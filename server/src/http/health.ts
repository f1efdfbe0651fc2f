import { ping, type Database } from "../db/client.js";
import { appliedMigrations, expectedMigrations } from "../db/migrate.js";

export interface Readiness {
  ready: boolean;
  database: boolean;
  migrations: { applied: number; expected: number };
}

/** Ready means: the database answers and has every migration this build expects. */
export async function readiness(database: Database): Promise<Readiness> {
  const up = await ping(database);
  const applied = up ? await appliedMigrations(database) : 0;
  const expected = expectedMigrations();
  return { ready: up && applied >= expected, database: up, migrations: { applied, expected } };
}
