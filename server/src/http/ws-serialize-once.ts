import type { WebSocket } from "ws";
import { isSharedResult } from "../realtime/shared-execution.js";

/**
 * graphql-ws stringifies every `next` message per subscriber. With shared execution
 * (realtime/shared-execution.ts) all subscribers of one document, variables and role already get
 * the same result object, so serializing it again for each socket is the remaining per-subscriber
 * cost — for 2,000 walls that is 2,000 `JSON.stringify` calls of the same frame each second.
 *
 * graphql-ws only lets us shape the text through its JSON replacer, so: the replacer swaps a shared
 * payload for a short token, and the socket's `send` swaps the token for the payload's bytes,
 * encoded once per result and kept as long as the result object lives.
 */

const encoded = new WeakMap<object, { token: string; bytes: Buffer }>();
const byToken = new Map<string, WeakRef<object>>();
// Drop the token when its result is collected, so the map does not grow with every event.
const forget = new FinalizationRegistry<string>((token) => byToken.delete(token));
let nextToken = 0;

/** Payloads encoded so far, in this process: one per shared result, however many sockets get it. */
export function sharedEncodings(): number {
  return nextToken;
}

const PREFIX = "\u0001cityops-shared:";
/**
 * How a token looks in graphql-ws's text: `{"id":…,"type":"next","payload":"\u0001cityops-shared:7"}`.
 * Only the first `"payload":` is looked at — the message's own key, since the id before it is an
 * escaped string — so a citizen's text that imitates a token (or an alias named payload) is never
 * taken for one.
 */
const KEY = '"payload":';
const QUOTED_PREFIX = JSON.stringify(PREFIX).slice(0, -1);

/** The replacer given to graphql-ws (`jsonMessageReplacer`). */
export function sharedPayloadReplacer(key: string, value: unknown): unknown {
  if (key !== "payload" || typeof value !== "object" || value === null || !isSharedResult(value)) return value;
  let entry = encoded.get(value);
  if (!entry) {
    entry = { token: `${PREFIX}${nextToken++}`, bytes: Buffer.from(JSON.stringify(value)) };
    encoded.set(value, entry);
    byToken.set(entry.token, new WeakRef(value));
    forget.register(value, entry.token);
  }
  return entry.token;
}

/** Turns graphql-ws's message text back into the full message, reusing the encoded payload. */
export function expandShared(data: string): string | Buffer {
  const key = data.indexOf(KEY);
  const at = key + KEY.length;
  if (key < 0 || !data.startsWith(QUOTED_PREFIX, at)) return data;
  const end = data.indexOf('"', at + QUOTED_PREFIX.length);
  const token = JSON.parse(data.slice(at, end + 1)) as string;
  const result = byToken.get(token)?.deref();
  const bytes = result ? encoded.get(result)?.bytes : undefined;
  // Cannot happen while graphql-ws holds the result it is sending; fail loudly rather than send a token.
  if (!bytes) throw new Error(`shared payload ${token} is gone`);
  return Buffer.concat([Buffer.from(data.slice(0, at)), bytes, Buffer.from(data.slice(end + 1))]);
}

/** Wraps one socket's `send` so shared payloads go out as their pre-encoded bytes, as text frames. */
export function sendSharedPayloads(socket: WebSocket): void {
  const send = socket.send.bind(socket);
  socket.send = ((data: unknown, ...rest: unknown[]) => {
    if (typeof data !== "string") return (send as (...a: unknown[]) => void)(data, ...rest);
    const out = expandShared(data);
    if (typeof out === "string") return (send as (...a: unknown[]) => void)(out, ...rest);
    const cb = typeof rest[0] === "function" ? rest[0] : rest[1];
    return send(out, { binary: false }, cb as (err?: Error) => void);
  }) as WebSocket["send"];
}
