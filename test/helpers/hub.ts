import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { loadConfig, type Config } from "../../server/src/config.js";
import { createLogger } from "../../server/src/log.js";
import { startHub, type Hub } from "../../server/src/hub.js";
import { seedDemo } from "../../server/src/seed/seed.js";
import { signToken, resolveSecret } from "../../server/src/auth/tokens.js";
import type { Role } from "@cityops/schema";
import { freshDatabase, type Mode, type TestDatabase } from "./db.js";

export interface TestHub {
  hub: Hub;
  db: TestDatabase;
  config: Config;
  url: string;
  token(role: Role, department?: string): Promise<string>;
  gql<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, token?: string | null): Promise<GqlResult<T>>;
  close(): Promise<void>;
}

export interface GqlResult<T> {
  status: number;
  data?: T;
  errors?: { message: string; extensions?: { code?: string } & Record<string, unknown> }[];
}

/** A small demo district: enough for every query to have data, seeded in seconds. */
export const SMALL_SEED = { days: 14, ticketsPerYear: 30_000, seed: 7 } as const;

export async function startTestHub(
  mode: Mode,
  opts: { seed?: boolean; seedOptions?: Parameters<typeof seedDemo>[1]; env?: Record<string, string> } = {},
): Promise<TestHub> {
  const db = await freshDatabase(mode);
  const secretDir = mkdtempSync(path.join(tmpdir(), "cityops-secret-"));
  if (opts.seed !== false) await seedDemo(db.database, opts.seedOptions ?? SMALL_SEED);
  const config = loadConfig({ PORT: "0", HOST: "127.0.0.1", CITYOPS_DATA_DIR: secretDir, LOG_LEVEL: "silent", CITYOPS_DEADLINE_SWEEP_MS: "0", CITYOPS_WARNING_SCHEDULE_MS: "0", ...opts.env });
  const hub = await startHub(config, createLogger("silent"), db.database).catch(async (err: unknown) => {
    await db.dispose();
    rmSync(secretDir, { recursive: true, force: true });
    throw err;
  });
  const secret = resolveSecret(config);
  const url = `http://127.0.0.1:${hub.port}`;
  return {
    hub,
    db,
    config,
    url,
    token: (role, department) =>
      signToken(secret, { sub: role === "department" ? `dept:${department}` : `${role}:test`, role, ...(department ? { dept: department } : {}) }),
    async gql(query, variables, token) {
      const res = await fetch(`${url}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await res.json()) as GqlResult<never>;
      return { ...body, status: res.status };
    },
    async close() {
      await hub.close();
      await db.dispose();
      rmSync(secretDir, { recursive: true, force: true });
    },
  };
}
