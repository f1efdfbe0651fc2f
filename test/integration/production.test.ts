import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestHub, type TestHub } from "../helpers/hub.js";

/** NODE_ENV=production: no default secret, nothing but health answers without a valid token. */
describe("production mode", () => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub("pglite", { seed: false, env: { NODE_ENV: "production", CITYOPS_JWT_SECRET: "x".repeat(40) } });
  });
  afterAll(async () => t?.close());

  it("answers health without a token and nothing else", async () => {
    expect((await fetch(`${t.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${t.url}/readyz`)).status).toBe(200);
    for (const p of ["/graphiql", "/wall", "/open311/v2/services.json"]) expect((await fetch(`${t.url}${p}`)).status, p).toBe(401);
    const gql = await fetch(`${t.url}/graphql`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query: "{ __typename }" }) });
    expect(gql.status).toBe(401);
    expect((await fetch(`${t.url}/demo/token?role=admin`)).status).toBe(404);
  });

  it("serves a request that carries a token signed with the configured secret", async () => {
    const r = await t.gql<{ me: { role: string } }>(`{ me { role } }`, {}, await t.token("leader"));
    expect(r.data?.me.role).toBe("LEADER");
  });
});
