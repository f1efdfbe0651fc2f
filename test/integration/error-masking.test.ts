import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { modes } from "../helpers/db.js";
import { startTestHub, type TestHub } from "../helpers/hub.js";
import { wsClient } from "../helpers/ws.js";

/**
 * One error rule on HTTP and WebSocket (graphql/errors.ts: publicError): an unexpected failure
 * reaches clients as a generic internal error with no internal text and no stack trace, and a
 * domain error carries the same code on both; stack traces appear only with LOG_LEVEL=debug.
 */
type Result = { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[] };

async function overWs(url: string, token: string, query: string): Promise<Result> {
  const client = wsClient(url, token);
  try {
    return await new Promise<Result>((resolve, reject) => {
      let last: Result = {};
      client.subscribe({ query }, { next: (v) => (last = v as Result), error: (e) => (Array.isArray(e) ? resolve({ errors: e as Result["errors"] }) : reject(e as Error)), complete: () => resolve(last) });
    });
  } finally {
    await client.dispose();
  }
}

describe.each(modes())("errors as clients see them, %s", (mode) => {
  let t: TestHub;
  let token: string;
  beforeAll(async () => {
    t = await startTestHub(mode, { seed: false });
    token = await t.token("admin");
    // A fault no resolver expects: the table behind consultations is gone.
    await t.db.database.db.execute(sql`alter table consultations rename to consultations_gone`);
  });
  afterAll(async () => t?.close());

  it("masks an unexpected failure the same way over HTTP and WebSocket", async () => {
    const query = `{ consultation(id: "1") { id } }`;
    const http = await t.gql(query, {}, token);
    const ws = await overWs(t.url, token, query);
    for (const [name, r] of [["http", http], ["ws", ws]] as const) {
      const e = r.errors?.[0];
      expect(e?.message, name).toBe("Internal server error / 服务器内部错误");
      expect(e?.extensions?.code, name).toBe("INTERNAL_SERVER_ERROR");
      expect(JSON.stringify(r), name).not.toMatch(/consultations|relation|stacktrace|at .*\.ts/);
    }
  });

  it("gives a domain error the same message and code on both, with no stack trace", async () => {
    const query = `{ ticket(id: "999999") { id } }`;
    const http = await t.gql(query, {}, token);
    const ws = await overWs(t.url, token, query);
    expect(http.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
    expect(ws.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
    expect(ws.errors?.[0]?.message).toBe(http.errors?.[0]?.message);
    expect(JSON.stringify(http)).not.toContain("stacktrace");
  });

  it("gives validation errors the code HTTP gives them", async () => {
    const query = `{ noSuchField }`;
    const http = await t.gql(query, {}, token);
    const ws = await overWs(t.url, token, query);
    expect(http.errors?.[0]?.extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
    expect(ws.errors?.[0]?.extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
    // Demo mode is not debug mode: no server stack trace in the body.
    expect(JSON.stringify(http)).not.toContain("stacktrace");
  });
});

describe("stack traces with LOG_LEVEL=debug", () => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub("pglite", { seed: false, env: { LOG_LEVEL: "debug" } });
  });
  afterAll(async () => t?.close());

  it("adds the stack trace for developers", async () => {
    const r = await t.gql(`{ ticket(id: "999999") { id } }`, {}, await t.token("admin"));
    expect(r.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
    expect(Array.isArray(r.errors?.[0]?.extensions?.stacktrace)).toBe(true);
  });
});
