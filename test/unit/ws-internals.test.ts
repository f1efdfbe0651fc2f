import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { once } from "node:events";
import { WebSocketServer, WebSocket } from "ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rawSocket } from "../../server/src/http/ws-coalesce.js";
import { sendText, textFrameHeader } from "../../server/src/http/ws-broadcast.js";

/**
 * The hub's WebSocket fast paths write past ws: corking its TCP socket (`_socket`) and writing
 * whole text frames on it. Both rely on ws internals, so ws is pinned to one version and this test
 * fails loudly the day the version or those internals change.
 */

const serverDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../server");
const pinned = (JSON.parse(readFileSync(path.join(serverDir, "package.json"), "utf8")) as { dependencies: Record<string, string> }).dependencies.ws!;
const installed = (createRequire(path.join(serverDir, "package.json"))("ws/package.json") as { version: string }).version;

describe("the ws internals the hub relies on", () => {
  let wss: WebSocketServer;
  let server: WebSocket;
  let client: WebSocket;
  beforeAll(async () => {
    wss = new WebSocketServer({ port: 0, host: "127.0.0.1" });
    await once(wss, "listening");
    const port = (wss.address() as { port: number }).port;
    const accepted = once(wss, "connection");
    client = new WebSocket(`ws://127.0.0.1:${port}`);
    [server] = (await accepted) as [WebSocket];
    await once(client, "open");
  });
  afterAll(async () => {
    client.close();
    await new Promise<void>((r) => wss.close(() => r()));
  });

  it("is the exact version the server pins", () => {
    expect(pinned, "pin ws to an exact version: the fast paths depend on its internals").toMatch(/^\d+\.\d+\.\d+$/);
    expect(installed).toBe(pinned);
  });

  it("keeps the TCP socket where the hub reaches for it", () => {
    const raw = rawSocket(server);
    expect(raw, "ws no longer keeps its socket as _socket").toBeDefined();
    expect(typeof raw!.cork).toBe("function");
  });

  it("takes frames written on that socket as whole messages, in all three length forms", async () => {
    for (const length of [5, 300, 70_000]) {
      const text = "墙".repeat(Math.ceil(length / 3)).slice(0, Math.ceil(length / 3));
      const body = Buffer.from(text);
      const got = once(client, "message") as Promise<[Buffer, boolean]>;
      sendText(server, [body.subarray(0, 2), body.subarray(2)], body.length, textFrameHeader(body.length));
      const [data, isBinary] = await got;
      expect(isBinary).toBe(false);
      expect(data.toString("utf8")).toBe(text);
    }
  });
});
