import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestHub, type TestHub } from "../helpers/hub.js";
import { rawSocket } from "../helpers/ws.js";

/** The protocol is the same in both database modes; one mode keeps the suite short. */
describe("graphql-ws protocol violations", () => {
  let t: TestHub;
  let token: string;
  beforeAll(async () => {
    t = await startTestHub("pglite", { seed: false });
    token = await t.token("leader");
  });
  afterAll(async () => t?.close());

  const init = (auth: string | null) => JSON.stringify({ type: "connection_init", payload: auth ? { authorization: `Bearer ${auth}` } : {} });

  it("closes with 4408 when connection_init does not come in time", async () => {
    const { closed } = await rawSocket(t.url);
    expect((await closed).code).toBe(4408);
  });

  it("closes with 4429 on a second connection_init", async () => {
    const { ws, closed, messages } = await rawSocket(t.url);
    ws.send(init(token));
    await new Promise((r) => setTimeout(r, 300));
    expect(messages).toContainEqual({ type: "connection_ack" });
    ws.send(init(token));
    expect((await closed).code).toBe(4429);
  });

  it("closes with 4401 on subscribe before the ack", async () => {
    const { ws, closed } = await rawSocket(t.url);
    ws.send(JSON.stringify({ id: "1", type: "subscribe", payload: { query: "subscription { wallFrame { seq } }" } }));
    expect((await closed).code).toBe(4401);
  });

  it("closes with 4409 on a duplicate subscription id", async () => {
    const { ws, closed } = await rawSocket(t.url);
    ws.send(init(token));
    await new Promise((r) => setTimeout(r, 300));
    const sub = JSON.stringify({ id: "same", type: "subscribe", payload: { query: "subscription { wallFrame { seq } }" } });
    ws.send(sub);
    ws.send(sub);
    expect((await closed).code).toBe(4409);
  });

  it("closes with 4400 on an invalid message", async () => {
    const { ws, closed } = await rawSocket(t.url);
    ws.send("{ not json");
    expect((await closed).code).toBe(4400);
  });

  it("closes with 4403 on a missing or bad token", async () => {
    const a = await rawSocket(t.url);
    a.ws.send(init(null));
    expect((await a.closed).code).toBe(4403);
    const b = await rawSocket(t.url);
    b.ws.send(init(token.slice(0, -3) + "xyz"));
    expect((await b.closed).code).toBe(4403);
  });
});
