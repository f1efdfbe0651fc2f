import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import WebSocket, { WebSocketServer } from "ws";
import { until } from "../helpers/wait.js";
import { coalesceWrites, rawSocket } from "../../server/src/http/ws-coalesce.js";

// A real ws server and client over a loopback socket; the server side's TCP writes are counted.
describe("coalescing a socket's writes", () => {
  let server: Server | null = null;
  afterEach(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())));

  async function pair(coalesce: boolean) {
    server = createServer();
    const wss = new WebSocketServer({ server });
    await new Promise<void>((r) => server!.listen(0, "127.0.0.1", r));
    const accepted = new Promise<WebSocket>((r) => wss.once("connection", r));
    const client = new WebSocket(`ws://127.0.0.1:${(server.address() as AddressInfo).port}`);
    const received: string[] = [];
    client.on("message", (m) => received.push(String(m)));
    await new Promise((r) => client.once("open", r));
    const socket = await accepted;
    if (coalesce) coalesceWrites(socket);
    const raw = rawSocket(socket)! as unknown as { _write: (...a: unknown[]) => void; _writev: (...a: unknown[]) => void };
    let writes = 0;
    for (const m of ["_write", "_writev"] as const) {
      const original = raw[m].bind(raw);
      raw[m] = (...a: unknown[]) => {
        writes++;
        original(...a);
      };
    }
    return { socket, client, received, writes: () => writes, close: () => (client.close(), wss.close()) };
  }


  it("sends the messages of one turn in one write, in order, and a later turn's at once", async () => {
    const p = await pair(true);
    for (const m of ["一", "two", "三"]) p.socket.send(m);
    await until("3 messages", () => p.received.length === 3, 2000, 10);
    expect(p.received).toEqual(["一", "two", "三"]);
    expect(p.writes()).toBe(1);
    p.socket.send("later");
    await until("4 messages", () => p.received.length === 4, 2000, 10);
    expect(p.received.at(-1)).toBe("later");
    expect(p.writes()).toBe(2);
    p.close();
  });

  it("writes once per message without it (what it saves)", async () => {
    const p = await pair(false);
    for (const m of ["一", "two", "三"]) p.socket.send(m);
    await until("3 messages", () => p.received.length === 3, 2000, 10);
    expect(p.writes()).toBe(3);
    p.close();
  });
});
