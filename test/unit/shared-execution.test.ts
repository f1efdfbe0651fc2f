import { describe, expect, it } from "vitest";
import { buildSchema, parse, type ExecutionResult } from "graphql";
import { sharedSubscribe, variablesInResults } from "../../server/src/realtime/shared-execution.js";

const schema = buildSchema(`
  type Query { ok: Boolean }
  type Event { id: ID! text(upper: Boolean): String! }
  type Subscription { events(cell: ID): Event! }
`);

const rootValue = (payload: object) => ({
  events: async function* () {
    yield payload;
  },
});

/** The first result each subscriber gets for one event object (the pump hands every stream the same one). */
async function results(query: string, variables: Record<string, unknown>[]): Promise<ExecutionResult[]> {
  const payload = { events: { id: "1", text: ({ upper }: { upper?: boolean }) => (upper ? "ROAD" : "road") } };
  return Promise.all(
    variables.map(async (variableValues) => {
      const it = (await sharedSubscribe({ schema, document: parse(query), rootValue: rootValue(payload), variableValues })) as AsyncIterableIterator<ExecutionResult>;
      const r = await it.next();
      await it.return?.();
      return r.value as ExecutionResult;
    }),
  );
}

describe("shared subscription execution", () => {
  it("shares one result among subscribers whose variables only choose their events", async () => {
    const [a, b] = await results("subscription($cell: ID) { events(cell: $cell) { id text } }", [{ cell: "1" }, { cell: "2" }]);
    expect(a).toBe(b);
    expect(a!.data).toEqual({ events: { id: "1", text: "road" } });
  });

  it("executes separately when a variable shapes the result", async () => {
    const [a, b] = await results("subscription($cell: ID, $u: Boolean) { events(cell: $cell) { id text(upper: $u) } }", [
      { cell: "1", u: false },
      { cell: "1", u: true },
    ]);
    expect(a).not.toBe(b);
    expect([a!.data, b!.data]).toEqual([{ events: { id: "1", text: "road" } }, { events: { id: "1", text: "ROAD" } }]);
  });

  it("counts variables in directives and fragments, not those of the root field's arguments", () => {
    const doc = parse(`subscription S($cell: ID, $u: Boolean, $show: Boolean!) {
      events(cell: $cell) { id @include(if: $show) ...F } }
      fragment F on Event { text(upper: $u) }`);
    expect([...variablesInResults(doc, "S")].sort()).toEqual(["show", "u"]);
  });
});
