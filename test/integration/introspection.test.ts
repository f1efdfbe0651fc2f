import { getIntrospectionQuery } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROLES } from "@cityops/schema";
import { startTestHub, type TestHub } from "../helpers/hub.js";
import { wsClient } from "../helpers/ws.js";

/**
 * Standard clients (GraphiQL, codegen) introspect with graphql-js's own query: it must pass the
 * complexity limit for every role and anonymously in demo mode, over HTTP and WebSocket alike,
 * while a query that re-enters the schema's lists level after level is still refused.
 */
const ALL_OPTIONS = { descriptions: true, specifiedByUrl: true, directiveIsRepeatable: true, schemaDescription: true, inputValueDeprecation: true, oneOf: true };

describe("introspection", () => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub("pglite");
  });
  afterAll(async () => t?.close());

  it("answers graphql-js's introspection query, with and without its options, for every role and anonymously", async () => {
    for (const options of [undefined, ALL_OPTIONS, { descriptions: false }]) {
      for (const role of [...ROLES, null]) {
        const token = role === null ? null : await t.token(role, role === "department" ? "D001" : undefined);
        const r = await t.gql<{ __schema: { types: { name: string }[]; queryType: { name: string } } }>(getIntrospectionQuery(options), {}, token);
        expect(r.errors, `${role ?? "anonymous"} ${JSON.stringify(options)}`).toBeUndefined();
        expect(r.data!.__schema.queryType.name).toBe("Query");
        expect(r.data!.__schema.types.map((x) => x.name)).toContain("Ticket");
      }
    }
  });

  it("answers it over WebSocket too", async () => {
    const client = wsClient(t.url, await t.token("leader"));
    const result = await new Promise<{ data?: { __schema?: { queryType: { name: string } } }; errors?: unknown }>((resolve, reject) => {
      let last: { data?: { __schema?: { queryType: { name: string } } }; errors?: unknown } = {};
      client.subscribe({ query: getIntrospectionQuery(ALL_OPTIONS) }, { next: (v) => (last = v as typeof last), error: reject, complete: () => resolve(last) });
    });
    await client.dispose();
    expect(result.errors).toBeUndefined();
    expect(result.data?.__schema?.queryType.name).toBe("Query");
  });

  it("refuses introspection that walks the schema many times over, and data queries stay priced as before", async () => {
    const token = await t.token("leader");
    // Within graphql-js's own nesting rule (MaxIntrospectionDepthRule), but the whole schema forty times.
    const walk = `types { name description fields(includeDeprecated: true) { name description args { name description type { name kind ofType { name kind } } } type { name kind ofType { name kind ofType { name } } } } }`;
    const aliases = Array.from({ length: 40 }, (_, i) => `a${i}: ${walk}`).join(" ");
    const many = await t.gql(`{ __schema { ${aliases} } }`, {}, token);
    expect(many.errors?.[0]?.extensions?.code, many.errors?.[0]?.message).toBe("QUERY_TOO_COMPLEX");
    expect(many.errors?.[0]?.message).toMatch(/Introspection is too large/);
    const once = await t.gql(`{ __schema { ${walk} } }`, {}, token);
    expect(once.errors).toBeUndefined();
    const costly = await t.gql(`{ __schema { queryType { name } } tickets(first: 500) { edges { node { events { id } tags { tag { code } } coDepartments { id } matter { coDepartments { id } } } } } }`, {}, token);
    expect(costly.errors?.[0]?.extensions?.code).toBe("QUERY_TOO_COMPLEX");
  });
});
