import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type WebSocket from "ws";
import { startTestHub, type TestHub } from "../helpers/hub.js";
import { collect, rawSocket, wsClient } from "../helpers/ws.js";
import { sharedEncodings } from "../../server/src/http/ws-serialize-once.js";

type Msg = { id?: string; type: string; payload?: { data?: { wallFrame?: { seq: number; at: string } }; errors?: unknown } } & Record<string, unknown>;

/** A raw graphql-transport-ws socket, acknowledged, with every message it receives. */
async function wall(t: TestHub, role: "wall" | "leader" = "wall") {
  const s = await rawSocket(t.url);
  s.ws.send(JSON.stringify({ type: "connection_init", payload: { authorization: `Bearer ${await t.token(role)}` } }));
  await waitFor(() => (s.messages as Msg[]).some((m) => m.type === "connection_ack"));
  return { ...s, messages: s.messages as Msg[] };
}

async function waitFor(pred: () => boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > deadline) throw new Error(`condition not met in ${ms} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const subscribe = (ws: WebSocket, id: string, query: string, variables?: Record<string, unknown>) =>
  ws.send(JSON.stringify({ id, type: "subscribe", payload: { query, ...(variables ? { variables } : {}) } }));
const framesOf = (messages: Msg[], id: string) => messages.filter((m) => m.type === "next" && m.id === id).map((m) => m.payload!.data!.wallFrame!);
const wallFrames = async (t: TestHub) => Number(/cityops_subscriptions\{kind="wallFrame"\} (\d+)/.exec(await (await fetch(`${t.url}/metrics`)).text())![1]);

describe("wall frames as broadcasts", () => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub("pglite");
  });
  afterAll(async () => t?.close());

  it("sends every wall the same frame, each under its own subscription id", async () => {
    const a = await wall(t);
    const b = await wall(t);
    const query = "subscription { wallFrame { seq at } }";
    subscribe(a.ws, "1", query);
    subscribe(a.ws, "a-second-subscription-with-a-longer-id", query);
    subscribe(b.ws, "\"quoted\" id", query);
    await waitFor(() => framesOf(b.messages, "\"quoted\" id").length >= 3 && framesOf(a.messages, "1").length >= 3);
    const seen = (m: Msg[], id: string) => new Map(framesOf(m, id).map((f) => [f.seq, f.at]));
    const one = seen(a.messages, "1");
    const long = seen(a.messages, "a-second-subscription-with-a-longer-id");
    const quoted = seen(b.messages, "\"quoted\" id");
    // The same frame (seq) carries the same time for every subscriber.
    const common = [...quoted.keys()].filter((s) => one.has(s) && long.has(s));
    expect(common.length).toBeGreaterThanOrEqual(2);
    for (const s of common) {
      expect(one.get(s)).toBe(quoted.get(s));
      expect(long.get(s)).toBe(quoted.get(s));
    }
    // Frames arrive in order, each once.
    const seqs = framesOf(a.messages, "1").map((f) => f.seq);
    expect(seqs).toEqual([...new Set(seqs)].sort((x, y) => x - y));
    a.ws.close();
    b.ws.close();
    await Promise.all([a.closed, b.closed]);
  });

  it("stops one subscription's frames on its complete while the socket's others go on, and forgets a closed socket", async () => {
    const before = await wallFrames(t);
    const a = await wall(t);
    subscribe(a.ws, "stay", "subscription { wallFrame { seq } }");
    subscribe(a.ws, "go", "subscription { wallFrame { seq } }");
    await waitFor(() => framesOf(a.messages, "go").length >= 1 && framesOf(a.messages, "stay").length >= 1);
    expect(await wallFrames(t)).toBe(before + 2);
    a.ws.send(JSON.stringify({ id: "go", type: "complete" }));
    await new Promise((r) => setTimeout(r, 200));
    const stopped = framesOf(a.messages, "go").length;
    const stayed = framesOf(a.messages, "stay").length;
    await waitFor(() => framesOf(a.messages, "stay").length >= stayed + 2);
    expect(framesOf(a.messages, "go").length).toBe(stopped);
    expect(await wallFrames(t)).toBe(before + 1);
    // The same id may be used again once completed.
    subscribe(a.ws, "go", "subscription { wallFrame { seq } }");
    await waitFor(() => framesOf(a.messages, "go").length > stopped);
    a.ws.close();
    await a.closed;
    await new Promise((r) => setTimeout(r, 200));
    expect(await wallFrames(t)).toBe(before);
    // No group left, so nobody listens to the ticker any more.
    expect(t.hub.services.realtime.ticker.subscribers).toBe(0);
  });

  it("gives a wall that joins between frames the frame the others were last sent", async () => {
    const a = await wall(t);
    const b = await wall(t);
    subscribe(a.ws, "first", "subscription { wallFrame { seq at } }");
    await waitFor(() => framesOf(a.messages, "first").length >= 2);
    // Join just after a frame went out: the next one is most of a second away.
    const seen = framesOf(a.messages, "first").length;
    await waitFor(() => framesOf(a.messages, "first").length > seen);
    const current = framesOf(a.messages, "first").at(-1)!;
    subscribe(b.ws, "late", "subscription { wallFrame { seq at } }");
    await waitFor(() => framesOf(b.messages, "late").length >= 1);
    // The group's last frame, not the next tick's.
    expect(framesOf(b.messages, "late")[0]).toEqual(current);
    a.ws.close();
    b.ws.close();
  });
});

describe("subscription documents", () => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub("pglite", { env: { CITYOPS_MAX_DEPTH: "4" } });
  });
  afterAll(async () => t?.close());

  it("answers a syntax error with an error message and keeps the socket", async () => {
    const a = await wall(t, "leader");
    subscribe(a.ws, "bad", "subscription { wallFrame { seq ");
    await waitFor(() => a.messages.some((m) => m.id === "bad" && m.type === "error"));
    subscribe(a.ws, "good", "subscription { wallFrame { seq } }");
    await waitFor(() => framesOf(a.messages, "good").length >= 1);
    a.ws.close();
  });

  it("holds subscriptions to the same depth limit as HTTP", async () => {
    const a = await wall(t, "leader");
    const deep = "subscription { ticketEvents { ticket { gridCell { parent { parent { name } } } } } }";
    const http = await t.gql(deep.replace("subscription", "query"), {}, await t.token("leader"));
    expect(http.errors?.[0]?.message).toMatch(/depth/i);
    subscribe(a.ws, "deep", deep);
    await waitFor(() => a.messages.some((m) => m.id === "deep" && m.type === "error"));
    const err = a.messages.find((m) => m.id === "deep")!;
    expect(JSON.stringify(err.payload)).toMatch(/depth/i);
    a.ws.close();
  });

  it("encodes a shared event once for every subscriber of one document", async () => {
    const leader = await t.token("leader");
    const clients = [wsClient(t.url, leader), wsClient(t.url, leader), wsClient(t.url, leader)];
    const query = "subscription { ticketEvents(filter: { types: [CREATED] }) { type ticket { id } } }";
    const subs = clients.map((c) => collect<{ ticketEvents: { type: string; ticket: { id: string } } }>(c, query));
    await new Promise((r) => setTimeout(r, 500));
    const before = sharedEncodings();
    const operator = await t.token("operator");
    const made = await t.gql<{ createTicket: { id: string } }>(
      `mutation { createTicket(input: { source: HOTLINE, externalId: "broadcast-once-1", channel: PHONE, appealType: COMPLAINT, content: "路灯不亮" }) { id } }`,
      {},
      operator,
    );
    expect(made.errors).toBeUndefined();
    for (const s of subs) await s.until(() => s.items.some((i) => i.ticketEvents.ticket.id === made.data!.createTicket.id));
    // Three sockets, one event, one document: one encoding.
    expect(sharedEncodings() - before).toBe(1);
    for (const s of subs) s.stop();
    await Promise.all(clients.map((c) => c.dispose()));
  });
});
