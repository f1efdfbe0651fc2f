import type { Server } from "node:http";
import { WebSocketServer, type WebSocket } from "ws";
import { useServer } from "graphql-ws/use/ws";
import { GraphQLError, getOperationAST, parse, specifiedRules, validate, type DocumentNode, type ExecutionResult, type GraphQLSchema } from "graphql";
import type { Services } from "../services.js";
import type { Logger } from "../log.js";
import type { Actor } from "../domain/actor.js";
import { authenticate } from "../auth/authenticate.js";
import { createContext } from "../graphql/context.js";
import { toPublicGraphQLError } from "../graphql/errors.js";
import { sharedSubscribe } from "../realtime/shared-execution.js";
import { isSharedResult } from "../realtime/shared-execution.js";
import { complexityError, depthRule } from "../graphql/limits.js";
import { sendSharedPayloads, sharedPayloadReplacer } from "./ws-serialize-once.js";
import { coalesceWrites } from "./ws-coalesce.js";
import { Broadcasts, dropSlowReader, isBroadcast } from "./ws-broadcast.js";

type Extra = { socket: WebSocket; actor?: Actor | null } & Record<PropertyKey, unknown>;

/**
 * graphql-ws on the same port and path as HTTP. The protocol's own close codes cover bad input
 * (4400 invalid message, 4401 subscribe before ack, 4403 forbidden, 4408 init timeout,
 * 4409 duplicate id, 4429 second init); keep-alive pings drop dead sockets.
 *
 * Slow readers: graphql-ws waits for each message to be written before sending the next, so a
 * subscription holds at most one message in the socket; event streams queue at most MAX_QUEUE
 * events (realtime/stream.ts) and frames only the newest. A socket whose unsent bytes still pass
 * the budget (many subscriptions on one socket) is closed with 4413; one that stops reading
 * altogether stops answering pings and is dropped by the keep-alive.
 */
/** Message types only a server sends: graphql-ws accepts their shape, then fails on them with 4500. */
const SERVER_ONLY_TYPES = new Set(["connection_ack", "next", "error"]);

/**
 * A client sending `connection_ack`, `next` or `error` breaks the protocol, which asks for 4400;
 * graphql-ws instead throws on them, logs "Internal error" and closes with 4500. Such a message
 * is stopped here, before graphql-ws sees it, and the socket closed with 4400.
 */
function refuseServerMessages(socket: WebSocket): void {
  const emit = socket.emit.bind(socket) as (event: string | symbol, ...args: unknown[]) => boolean;
  socket.emit = ((event: string | symbol, ...args: unknown[]) => {
    if (event === "message" && !args[1]) {
      let type: unknown;
      try {
        type = (JSON.parse(String(args[0])) as { type?: unknown } | null)?.type;
      } catch {
        type = undefined;
      }
      if (typeof type === "string" && SERVER_ONLY_TYPES.has(type)) {
        socket.close(4400, `Unexpected message of type ${type} received`);
        return true;
      }
    }
    return emit(event, ...args);
  }) as typeof socket.emit;
}

/** Distinct subscription documents kept parsed and validated (walls and queues repeat a handful). */
const DOCUMENT_CACHE_SIZE = 500;
/** Longer texts are parsed every time, not kept: 500 megabyte-sized documents must not pin memory. */
const DOCUMENT_CACHE_MAX_CHARS = 16_384;

const withCode = (e: GraphQLError, code: string) =>
  new GraphQLError(e.message, { ...(e.nodes ? { nodes: e.nodes } : {}), ...(e.source ? { source: e.source, positions: e.positions ?? [] } : {}), extensions: { ...e.extensions, code } });

/**
 * Parses and validates each distinct subscription text once, with the same depth rule as HTTP:
 * thousands of walls sending one document share one AST instead of one each.
 */
function documentCache(schema: GraphQLSchema, maxDepth: number) {
  const rules = [...specifiedRules, depthRule(maxDepth)];
  const cache = new Map<string, DocumentNode | readonly GraphQLError[]>();
  return (query: string): DocumentNode | readonly GraphQLError[] => {
    let hit = cache.get(query);
    if (hit) {
      // Least recently used goes first: re-insert on every hit.
      cache.delete(query);
      cache.set(query, hit);
      return hit;
    }
    try {
      const document = parse(query);
      const errors = validate(schema, document, rules);
      // The codes Apollo gives the same refusals over HTTP.
      hit = errors.length > 0 ? errors.map((e) => withCode(e, "GRAPHQL_VALIDATION_FAILED")) : document;
    } catch (err) {
      hit = [withCode(err instanceof GraphQLError ? err : new GraphQLError(String(err)), "GRAPHQL_PARSE_FAILED")];
    }
    if (query.length > DOCUMENT_CACHE_MAX_CHARS) return hit;
    if (cache.size >= DOCUMENT_CACHE_SIZE) cache.delete(cache.keys().next().value as string);
    cache.set(query, hit);
    return hit;
  };
}

/** The result with its errors as HTTP would show them (graphql/errors.ts: publicError); itself when it has none. */
function withPublicErrors(result: ExecutionResult, log: (err: unknown) => void): ExecutionResult {
  if (!result.errors?.length) return result;
  return { ...result, errors: result.errors.map((e) => toPublicGraphQLError(e, log)) };
}

export function attachWebSocket(opts: { server: Server; schema: GraphQLSchema; services: Services; secret: Uint8Array; log: Logger }) {
  const { server, schema, services, secret, log } = opts;
  const metrics = services.realtime.metrics;
  const wss = new WebSocketServer({ server, path: "/graphql", maxPayload: 1024 * 1024 });
  const documents = documentCache(schema, services.config.maxDepth);
  const logError = (err: unknown) => log.error({ err }, "unexpected error in a subscription");
  const broadcasts = new Broadcasts(services.realtime, (r) => JSON.stringify(withPublicErrors(r, logError)), services.config.wsMaxBufferedBytes, (err) => log.error({ err }, "broadcast failed"));
  // Registered before graphql-ws's own listener, so the socket is wrapped before it sends anything.
  wss.on("connection", (socket) => {
    refuseServerMessages(socket);
    coalesceWrites(socket);
    sendSharedPayloads(socket);
    metrics.sockets.inc();
    socket.once("close", () => metrics.sockets.dec());
  });
  const disposable = useServer<Record<string, unknown>, Extra>(
    {
      schema,
      subscribe: sharedSubscribe,
      jsonMessageReplacer: sharedPayloadReplacer,
      connectionInitWaitTimeout: 3000,
      onConnect: async (ctx) => {
        try {
          const actor = await authenticate(secret, services.ref, ctx.connectionParams?.authorization);
          if (!actor) return false;
          ctx.extra.actor = actor;
          // The upgrade request (headers and all) would otherwise live as long as the socket.
          delete (ctx.extra as { request?: unknown }).request;
          return true;
        } catch {
          return false;
        }
      },
      onSubscribe: (_ctx, _id, payload) => {
        const document = documents(payload.query);
        if (!("kind" in document)) return [...document];
        const tooComplex = complexityError(schema, document, payload.variables ?? undefined, payload.operationName, services.config.maxComplexity);
        if (tooComplex) return [tooComplex];
        return { schema, document, operationName: payload.operationName ?? null, variableValues: payload.variables ?? null };
      },
      context: (ctx) => createContext(services, ctx.extra.actor ?? null),
      onError: (_ctx, _id, _payload, errors) => errors.map((e) => toPublicGraphQLError(e, logError)),
      onNext: (ctx, _id, _payload, _args, result) => {
        // A reader that does not keep up would make us buffer without bound: cut it loose.
        if (ctx.extra.socket.bufferedAmount > services.config.wsMaxBufferedBytes) {
          metrics.dropped.inc();
          dropSlowReader(ctx.extra.socket);
        }
        // Errors raised while subscribing carry the same extensions.code as over HTTP.
        if (result.errors?.length) return withPublicErrors(result, logError);
        // graphql-ws copies the result unless this hook returns one: a shared result must keep its
        // identity to be recognised and serialized once (ws-serialize-once.ts).
        return isSharedResult(result) ? result : undefined;
      },
      onOperation: (ctx, id, _payload, args, result) => {
        if (result && typeof result === "object" && "errors" in result && result.errors) {
          log.debug({ errors: result.errors }, "subscription refused");
          return undefined;
        }
        const operation = getOperationAST(args.document, args.operationName);
        // A subscription the client completed meanwhile is graphql-ws's to close; others join their broadcast.
        if (!operation || !isBroadcast(operation) || !(id in ctx.subscriptions) || !ctx.extra.actor || !(Symbol.asyncIterator in result)) return undefined;
        // The resolver ran (roles checked); its own per-socket stream is not needed.
        void (result as unknown as AsyncIterableIterator<unknown>).return?.();
        return broadcasts.join(ctx.extra.socket, id, ctx.extra.actor.role, args);
      },
    },
    wss,
    services.config.wsKeepAliveMs,
  );
  return {
    wss,
    async close() {
      await disposable.dispose();
      for (const c of wss.clients) c.terminate();
      await new Promise<void>((r) => wss.close(() => r()));
    },
  };
}
