import { createSourceEventStream, execute, getOperationAST, Kind, print, visit, type ArgumentNode, type DocumentNode, type ExecutionArgs, type ExecutionResult } from "graphql";
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

/**
 * The variables a subscription's results can depend on: all it uses except in the arguments of its
 * root fields. Those arguments (a department, a region, a cursor) only choose which events the
 * subscriber gets — the stream's filter — and the root resolvers hand the event on as it is
 * (graphql/resolvers/subscription.resolver.ts). So 2,000 subscribers of one document, each on its own
 * grid cell, share one execution per event instead of one each.
 */
export function variablesInResults(document: DocumentNode, operationName?: string | null): Set<string> {
  const op = getOperationAST(document, operationName);
  const rootArguments = new Set<ArgumentNode>();
  for (const s of op?.selectionSet.selections ?? []) if (s.kind === Kind.FIELD) for (const a of s.arguments ?? []) rootArguments.add(a);
  const used = new Set<string>();
  visit(document, {
    VariableDefinition: () => false,
    Argument: (node) => (rootArguments.has(node) ? false : undefined),
    Variable: (node) => void used.add(node.name.value),
  });
  return used;
}

export async function sharedSubscribe(args: ExecutionArgs): Promise<AsyncIterableIterator<ExecutionResult> | ExecutionResult> {
  const source = await createSourceEventStream(args);
  if (!isAsyncIterable(source)) return source as ExecutionResult;
  const ctx = args.contextValue as Context | undefined;
  // Computed once per subscription, not per event.
  const used = variablesInResults(args.document, args.operationName);
  const variables = Object.fromEntries(Object.entries(args.variableValues ?? {}).filter(([name]) => used.has(name)));
  const key = `${args.operationName ?? ""}\u0000${JSON.stringify(variables)}\u0000${ctx?.actor?.role ?? ""}\u0000${print(args.document)}`;
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
