// Plain fetch calls to the hub, shared by the GraphiQL fetcher, the role picker and the questions.
// Everything is same-origin: the page is served by the hub itself and the network is closed.

export const GRAPHQL_PATH = "/graphql";
export const DEMO_TOKEN_PATH = "/demo/token";

export interface GraphQLErrorShape {
  message: string;
  locations?: { line: number; column: number }[];
  path?: (string | number)[];
  extensions?: Record<string, unknown>;
}

export interface GraphQLResponse<T = unknown> {
  data?: T | null;
  errors?: GraphQLErrorShape[];
  extensions?: Record<string, unknown>;
}

export interface GraphQLRequest {
  query: string;
  variables?: Record<string, unknown> | null;
  operationName?: string | null;
}

export function bearer(token: string): string {
  return `Bearer ${token}`;
}

/**
 * POSTs a GraphQL request and always resolves to a GraphQL-shaped response, so GraphiQL shows
 * proxy errors, 401 pages and the like as readable errors instead of a JSON parse failure.
 */
export async function postGraphQL<T = unknown>(
  request: GraphQLRequest,
  headers: Record<string, string>,
  signal?: AbortSignal,
): Promise<GraphQLResponse<T>> {
  let res: Response;
  try {
    res = await fetch(GRAPHQL_PATH, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/graphql-response+json, application/json", ...headers },
      body: JSON.stringify(request),
      credentials: "same-origin",
      ...(signal ? { signal } : {}),
    });
  } catch (err) {
    return { errors: [{ message: `无法连接数据中台 / Cannot reach the hub: ${String(err)}` }] };
  }
  const text = await res.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return { errors: [{ message: `HTTP ${res.status}: ${text.slice(0, 300)}` }] };
  }
  if (body && typeof body === "object" && ("data" in body || "errors" in body)) return body as GraphQLResponse<T>;
  // The hub's production token gate answers {"error": "..."} rather than a GraphQL body.
  const error = (body as { error?: unknown } | null)?.error;
  return { errors: [{ message: `HTTP ${res.status}: ${typeof error === "string" ? error : text.slice(0, 300)}` }] };
}

/** Runs a query and returns its data, or throws with every error message joined. */
export async function runQuery<T>(query: string, variables: Record<string, unknown>, token: string | null): Promise<T> {
  const result = await postGraphQL<T>({ query, variables }, token ? { authorization: bearer(token) } : {});
  if (result.errors?.length || !result.data) {
    throw new Error(result.errors?.map((e) => e.message).join("; ") || "空响应 / Empty response");
  }
  return result.data;
}

export type DemoTokenResult =
  | { kind: "ok"; token: string }
  /** 404: the hub runs in production mode and hands out no demo tokens. */
  | { kind: "unavailable" }
  | { kind: "error"; message: string };

export async function fetchDemoToken(role: string, department?: string | null): Promise<DemoTokenResult> {
  const params = new URLSearchParams({ role });
  if (department) params.set("department", department);
  try {
    const res = await fetch(`${DEMO_TOKEN_PATH}?${params.toString()}`, { credentials: "same-origin" });
    if (res.status === 404) return { kind: "unavailable" };
    const body = (await res.json().catch(() => null)) as { token?: unknown; error?: unknown } | null;
    if (res.ok && typeof body?.token === "string") return { kind: "ok", token: body.token };
    return { kind: "error", message: typeof body?.error === "string" ? body.error : `HTTP ${res.status}` };
  } catch (err) {
    return { kind: "error", message: `无法连接数据中台 / Cannot reach the hub: ${String(err)}` };
  }
}
