import { getOperationAST, type DocumentNode } from "graphql";
import { createClient, type Client } from "graphql-ws";
import type { GraphiQLProps } from "graphiql";
import { GRAPHQL_PATH, postGraphQL } from "./api";

export type Fetcher = GraphiQLProps["fetcher"];
type FetcherResult = ReturnType<Fetcher>;

/** Current value of the Authorization header chosen in the role bar; null for anonymous. */
export type AuthorizationSource = () => string | null;

function isSubscription(documentAST: DocumentNode | undefined, operationName: string | null | undefined): boolean {
  if (!documentAST) return false;
  return getOperationAST(documentAST, operationName ?? undefined)?.operation === "subscription";
}

function wsUrl(): string {
  const url = new URL(GRAPHQL_PATH, window.location.href);
  url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
  return url.toString();
}

/**
 * A fetch-based fetcher (@graphiql/toolkit is not a direct dependency of the wall package, so
 * its createGraphiQLFetcher cannot be imported). The role bar's token goes on every request;
 * an Authorization typed into GraphiQL's own headers editor wins, as the more explicit choice.
 * Subscriptions, should the schema gain any, go over graphql-ws on the same path.
 */
export function createHubFetcher(authorization: AuthorizationSource): Fetcher {
  let ws: { client: Client; auth: string | null } | null = null;
  const wsClient = (auth: string | null): Client => {
    if (ws && ws.auth === auth) return ws.client;
    // A socket authenticates once at connect time, so a new identity needs a new socket.
    void ws?.client.dispose();
    const client = createClient({ url: wsUrl(), lazy: true, connectionParams: () => (auth ? { authorization: auth } : {}) });
    ws = { client, auth };
    return client;
  };

  return (params, opts) => {
    const request = {
      query: params.query,
      variables: (params.variables as Record<string, unknown> | undefined) ?? null,
      operationName: params.operationName ?? null,
    };
    const headers: Record<string, string> = {};
    const auth = authorization();
    if (auth) headers.authorization = auth;
    for (const [name, value] of Object.entries(opts?.headers ?? {})) {
      if (value === undefined || value === null) continue;
      // Header names are case-insensitive; drop ours before the editor's spelling replaces it.
      if (name.toLowerCase() === "authorization") delete headers.authorization;
      headers[name] = String(value);
    }
    if (isSubscription(opts?.documentAST, params.operationName)) {
      const effectiveAuth = Object.entries(headers).find(([name]) => name.toLowerCase() === "authorization")?.[1] ?? null;
      // GraphiQL's types ask for graphql-js error objects; at runtime it only prints the
      // formatted ones that arrive over the wire, which is what both transports yield.
      return wsClient(effectiveAuth).iterate(request) as unknown as FetcherResult;
    }
    return postGraphQL(request, headers) as unknown as FetcherResult;
  };
}
