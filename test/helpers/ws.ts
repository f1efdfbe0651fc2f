import WebSocket from "ws";
import { createClient, type Client } from "graphql-ws";

/** A real graphql-ws client over a real socket. */
export function wsClient(httpUrl: string, token: string | null, opts: { retryAttempts?: number } = {}): Client {
  return createClient({
    url: httpUrl.replace(/^http/, "ws") + "/graphql",
    webSocketImpl: WebSocket,
    connectionParams: token ? { authorization: `Bearer ${token}` } : {},
    retryAttempts: opts.retryAttempts ?? 0,
    lazy: true,
  });
}

/** Collects a subscription's results until `stop()`; errors are kept, not thrown. */
export function collect<T>(client: Client, query: string, variables: Record<string, unknown> = {}) {
  const items: T[] = [];
  const errors: unknown[] = [];
  let completed = false;
  const waiters: (() => void)[] = [];
  const notify = () => waiters.splice(0).forEach((w) => w());
  const dispose = client.subscribe<T>(
    { query, variables },
    {
      next: (v) => {
        if (v.errors) errors.push(...v.errors);
        if (v.data) items.push(v.data as T);
        notify();
      },
      error: (e) => {
        errors.push(e);
        notify();
      },
      complete: () => {
        completed = true;
        notify();
      },
    },
  );
  return {
    items,
    errors,
    get completed() {
      return completed;
    },
    stop: dispose,
    /** Waits until `pred` holds (checked after every message) or fails after `ms`. */
    async until(pred: () => boolean, ms = 15_000): Promise<void> {
      const deadline = Date.now() + ms;
      while (!pred()) {
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`timed out after ${ms} ms with ${items.length} items, errors ${JSON.stringify(errors)}`);
        await new Promise<void>((r) => {
          const t = setTimeout(r, Math.min(left, 200));
          waiters.push(() => {
            clearTimeout(t);
            r();
          });
        });
      }
    },
  };
}

/** A raw socket speaking the graphql-transport-ws subprotocol, for protocol-violation tests. */
export function rawSocket(httpUrl: string): Promise<{ ws: WebSocket; closed: Promise<{ code: number; reason: string }>; messages: unknown[] }> {
  const ws = new WebSocket(httpUrl.replace(/^http/, "ws") + "/graphql", "graphql-transport-ws");
  const messages: unknown[] = [];
  ws.on("message", (m) => messages.push(JSON.parse(String(m))));
  const closed = new Promise<{ code: number; reason: string }>((r) => ws.on("close", (code, reason) => r({ code, reason: String(reason) })));
  return new Promise((resolve, reject) => {
    ws.once("open", () => resolve({ ws, closed, messages }));
    ws.once("error", reject);
  });
}
