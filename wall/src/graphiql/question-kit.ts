// What a ready-made question is, and small helpers for writing GraphQL text safely.

export interface PreparedQuery {
  query: string;
  variables: Record<string, unknown>;
}

/** Runs a helper query with the identity chosen in the role bar. */
export type Ask = <T>(query: string, variables?: Record<string, unknown>) => Promise<T>;

export interface Question {
  id: string;
  zh: string;
  en: string;
  prepare(ask: Ask): Promise<PreparedQuery>;
}

export interface Edges<T> {
  edges: { node: T }[];
}

export interface RegionRef {
  id: string;
  code: string;
  name: string;
  nameEn: string;
}

/** GraphQL aliases are ASCII names; codes and English names make them readable in the result. */
export function alias(...parts: string[]): string {
  const name = parts.map((p) => p.replace(/[^A-Za-z0-9]+/g, "_").replace(/^_+|_+$/g, "")).filter(Boolean).join("_");
  return /^[A-Za-z_]/.test(name) ? name : `r_${name}`;
}

/** A GraphQL string literal; JSON's escaping is a valid subset of GraphQL's. */
export function literal(value: string): string {
  return JSON.stringify(value);
}

/** Comments are single-line; a name with a line break must not end the comment early. */
export function oneLine(value: string): string {
  return value.replace(/\s+/g, " ");
}
