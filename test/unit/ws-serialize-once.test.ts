import { describe, expect, it } from "vitest";
import { buildSchema, parse, type ExecutionResult } from "graphql";
import { expandShared, sharedPayloadReplacer } from "../../server/src/http/ws-serialize-once.js";
import { isSharedResult, sharedSubscribe } from "../../server/src/realtime/shared-execution.js";

const schema = buildSchema(`
  type Query { ok: Boolean }
  type Event { id: ID! text: String! }
  type Subscription { events: Event! }
`);

/** One source stream per subscriber, all yielding the same event object, as the pump does. */
const payloads = new WeakMap<object, object>();
function subscriber(event: object, query: string) {
  if (!payloads.has(event)) payloads.set(event, { events: event });
  async function* source() {
    yield payloads.get(event)!;
  }
  return sharedSubscribe({ schema, document: parse(query), rootValue: { events: source } });
}

async function first(query: string, event: object, subscribers: number): Promise<ExecutionResult[]> {
  return Promise.all(
    Array.from({ length: subscribers }, async () => {
      const it = (await subscriber(event, query)) as AsyncIterableIterator<ExecutionResult>;
      const r = await it.next();
      await it.return?.();
      return r.value as ExecutionResult;
    }),
  );
}

const message = (id: string, payload: unknown) => JSON.stringify({ id, type: "next", payload }, sharedPayloadReplacer);

describe("serializing a subscription result once for every socket", () => {
  it("gives subscribers of one document and one event the same result, encoded once and sent whole to each", async () => {
    const event = { id: "7", text: "路灯不亮 \"quoted\" \\ backslash" };
    const [a, b, c] = await first("subscription { events { id text } }", event, 3);
    expect(a).toBe(b);
    expect(b).toBe(c);
    expect(isSharedResult(a!)).toBe(true);
    const one = message("sub-1", a);
    const two = message("sub-2", b);
    // Both messages carry the same short token instead of the payload: the payload was encoded once.
    const token = (s: string) => JSON.parse(s).payload as string;
    expect(token(one)).toBe(token(two));
    expect(one.length).toBeLessThan(80);
    for (const [id, text] of [["sub-1", one], ["sub-2", two]] as const) {
      const sent = expandShared(text);
      expect(Buffer.isBuffer(sent)).toBe(true);
      expect(JSON.parse(sent.toString())).toEqual({ id, type: "next", payload: { data: { events: event } } });
    }
  });

  it("serializes other documents separately", async () => {
    const event = { id: "8", text: "噪音扰民" };
    const [a] = await first("subscription { events { id } }", event, 1);
    const [b] = await first("subscription { events { text } }", event, 1);
    expect(a).not.toBe(b);
    expect(JSON.parse(expandShared(message("x", b)).toString()).payload).toEqual({ data: { events: { text: "噪音扰民" } } });
  });

  it("leaves a citizen's text that imitates a token alone", async () => {
    const fake = "\u0001cityops-shared:0";
    const plain = JSON.stringify({ id: "x", type: "next", payload: { data: { events: { text: fake, payload: fake } } } });
    expect(expandShared(plain)).toBe(plain);
    const aliased = JSON.stringify({ id: "x", type: "next", payload: { data: { payload: fake } } });
    expect(expandShared(aliased)).toBe(aliased);
  });

  it("leaves results that are not shared to graphql-ws's own serialization", () => {
    const own = { data: { events: { id: "9" } } };
    const text = message("y", own);
    expect(JSON.parse(text).payload).toEqual(own);
    expect(expandShared(text)).toBe(text);
  });
});
