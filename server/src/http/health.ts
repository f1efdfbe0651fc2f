import { ping, type Database } from "../db/client.js";
import { appliedMigrations, expectedMigrations } from "../db/migrate.js";

export interface Readiness {
  ready: boolean;
  database: boolean;
  migrations: { applied: number; expected: number };
}

/**
 * How long /readyz waits for the database. While PostgreSQL is down the driver keeps reconnecting
 * and queues statements meanwhile, so an unanswered ping would otherwise hang the probe instead of
 * saying "not ready".
 */
export const READINESS_TIMEOUT_MS = 2000;

function within<T>(p: Promise<T>, ms: number, fallback: T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<T>((resolve) => (timer = setTimeout(() => resolve(fallback), ms)));
  return Promise.race([p.catch(() => fallback), late]).finally(() => clearTimeout(timer));
}

/** Ready means: the database answers (in time) and has every migration this build expects. */
export async function readiness(database: Database, timeoutMs = READINESS_TIMEOUT_MS): Promise<Readiness> {
  const expected = expectedMigrations();
  const probe = async () => {
    const up = await ping(database);
    return { up, applied: up ? await appliedMigrations(database) : 0 };
  };
  const { up, applied } = await within(probe(), timeoutMs, { up: false, applied: 0 });
  return { ready: up && applied >= expected, database: up, migrations: { applied, expected } };
}
