import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestHub, type TestHub } from "../helpers/hub.js";
import { rawSocket } from "../helpers/ws.js";

describe("WebSocket resource limits and metrics", () => {
  let t: TestHub;
  beforeAll(async () => {
    // A small per-socket budget so that a few hundred large events overflow it.
    t = await startTestHub("pglite", { env: { CITYOPS_WS_MAX_BUFFERED_BYTES: String(256 * 1024), CITYOPS_WS_KEEPALIVE_MS: "1500" } });
  });
  afterAll(async () => t?.close());

  const openSockets = async () => Number(/cityops_ws_open_sockets (\d+)/.exec(await (await fetch(`${t.url}/metrics`)).text())![1]);

  it("drops a socket that stops reading instead of buffering for it without bound", async () => {
    const { ws } = await rawSocket(t.url);
    ws.send(JSON.stringify({ type: "connection_init", payload: { authorization: `Bearer ${await t.token("wall")}` } }));
    await new Promise((r) => setTimeout(r, 300));
    expect(await openSockets()).toBe(1);
    // Stop reading: the kernel buffers fill, then nothing more can be written to this socket.
    (ws as unknown as { _socket: { pause(): void } })._socket.pause();
    // Many frame subscriptions on one socket: megabytes a second that nobody reads.
    for (let i = 0; i < 300; i++) {
      ws.send(JSON.stringify({ id: `f${i}`, type: "subscribe", payload: { query: "subscription { wallFrame { seq at data } }" } }));
    }
    const deadline = Date.now() + 30_000;
    while ((await openSockets()) > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
    expect(await openSockets()).toBe(0);
    const metrics = await (await fetch(`${t.url}/metrics`)).text();
    expect(metrics).toMatch(/cityops_subscriptions\{kind="wallFrame"\} 0/);
    ws.terminate();
  }, 60_000);

  it("reports sockets and subscriptions by kind on /metrics", async () => {
    const { ws } = await rawSocket(t.url);
    ws.send(JSON.stringify({ type: "connection_init", payload: { authorization: `Bearer ${await t.token("wall")}` } }));
    await new Promise((r) => setTimeout(r, 300));
    ws.send(JSON.stringify({ id: "w", type: "subscribe", payload: { query: "subscription { wallFrame { seq } }" } }));
    await new Promise((r) => setTimeout(r, 500));
    const text = await (await fetch(`${t.url}/metrics`)).text();
    expect(text).toMatch(/cityops_ws_open_sockets [1-9]/);
    expect(text).toMatch(/cityops_subscriptions\{kind="wallFrame"\} 1/);
    expect(text).toContain("cityops_delivery_lag_seconds_bucket");
    ws.close();
  });
});
