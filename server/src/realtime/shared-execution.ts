import { createSourceEventStream, execute, print, type ExecutionArgs, type ExecutionResult } from "graphql";
import type { Context } from "../graphql/context.js";

/**
 * graphql-js runs a subscription's selection once per subscriber per event. Every subscriber of
 * the same document, variables and role gets the same result (visibility is decided before, by the
 * stream's filter; masking depends on the role only), so the first execution for an event is
 * shared with all the others — and serialized once for all of them (http/ws-serialize-once.ts): with 2,000 walls on one event that is one execution instead of 2,000.
 * Events are the pump's objects, shared by every stream, so a WeakMap keyed by the event forgets
 * the results when the event is gone.
 */
const shared = new WeakSet<object>();

/** Whether several subscribers receive this very result object (so it can be serialized once). */
export function isSharedResult(result: object): boolean {
  return shared.has(result);
}

const results = new WeakMap<object, Map<string, Promise<ExecutionResult> | ExecutionResult>>();

function isAsyncIterable(x: unknown): x is AsyncIterable<unknown> {
  return typeof x === "object" && x !== null && Symbol.asyncIterator in x;
}

export async function sharedSubscribe(args: ExecutionArgs): Promise<AsyncIterableIterator<ExecutionResult> | ExecutionResult> {
  const source = await createSourceEventStream(args);
  if (!isAsyncIterable(source)) return source as ExecutionResult;
  const ctx = args.contextValue as Context | undefined;
  // Computed once per subscription, not per event.
  const key = `${args.operationName ?? ""}\u0000${JSON.stringify(args.variableValues ?? {})}\u0000${ctx?.actor?.role ?? ""}\u0000${print(args.document)}`;
  const inner = source[Symbol.asyncIterator]();
  const run = (payload: unknown) => execute({ ...args, rootValue: payload });
  const it: AsyncIterableIterator<ExecutionResult> = {
    async next() {
      const r = await inner.next();
      if (r.done) return { value: undefined, done: true };
      const payload = r.value;
      if (typeof payload !== "object" || payload === null) return { value: await run(payload), done: false };
      let byKey = results.get(payload);
      if (!byKey) results.set(payload, (byKey = new Map()));
      let result = byKey.get(key);
      if (!result) {
        result = Promise.resolve(run(payload)).then((r) => {
          shared.add(r);
          return r;
        });
        byKey.set(key, result);
      }
      return { value: await result, done: false };
    },
    async return() {
      await inner.return?.();
      return { value: undefined, done: true };
    },
    async throw(err?: unknown) {
      await inner.return?.();
      throw err;
    },
    [Symbol.asyncIterator]() {
      return it;
    },
  };
  return it;
}
