// Fuzzing the hub's inputs with fast-check: GraphQL documents and variables over HTTP, WebSocket
// frames, NDJSON and CSV import rows. The server must keep answering, answer each bad input with a
// clear error, and never leave a ticket half-written. Prints one "RELIABILITY fuzz" line per mode
// (copied into docs/RELIABILITY.md). Runs on one database mode (PostgreSQL unless CITYOPS_TEST_DB
// narrows it to pglite): the HTTP, WebSocket and parsing layers under test are the same on both.
// A failure prints fast-check's seed; CITYOPS_FUZZ_SEED=<seed> replays it, CITYOPS_FUZZ_RUNS=<n>
// runs more.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createReadStream } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import fc from "fast-check";
import WebSocket from "ws";
import { sql } from "drizzle-orm";
import { modes } from "../helpers/db.js";
import { startTestHub, type TestHub } from "../helpers/hub.js";
import { BulkIntake } from "../../server/src/ingest/bulk.js";
import { csvLine, readCsv } from "../../server/src/ingest/csv.js";
import { DirectSink, runImport } from "../../server/src/ingest/import.js";
import { compileMapping } from "../../server/src/ingest/mapping.js";
import { GridLocator } from "../../server/src/domain/geo.js";

/** Runs per property: enough to find the usual parser and validation holes, small enough for < 60 s. */
const RUNS = Number(process.env.CITYOPS_FUZZ_RUNS ?? 200);
const SEED = process.env.CITYOPS_FUZZ_SEED ? Number(process.env.CITYOPS_FUZZ_SEED) : undefined;
// Longer runs (pnpm bench --only=faults) get time in proportion.
vi.setConfig({ testTimeout: Math.max(60_000, RUNS * 400) });
const params = (numRuns = RUNS) => ({ numRuns, ...(SEED !== undefined ? { seed: SEED } : {}), endOnFailure: true });

interface Reply {
  status: number;
  body: { data?: unknown; errors?: { message?: string; extensions?: { code?: string } }[] } | null;
  text: string;
}

/** A GraphQL error answer is clear when every error has a message and a code, and the code is not an internal error. */
function expectClear(r: Reply, what: string): void {
  expect(r.status, `${what}: ${r.text.slice(0, 500)}`).toBeLessThan(500);
  if (r.body?.errors) {
    for (const e of r.body.errors) {
      expect(typeof e.message, what).toBe("string");
      expect(e.extensions?.code, `${what}: ${r.text.slice(0, 500)}`).toMatch(/^[A-Z_]+$/);
      expect(e.extensions?.code, `${what}: ${r.text.slice(0, 500)}`).not.toBe("INTERNAL_SERVER_ERROR");
    }
  } else {
    // No errors: a successful answer with data.
    expect(r.status, `${what}: ${r.text.slice(0, 500)}`).toBe(200);
    expect(r.body?.data, what).toBeTruthy();
  }
}

const VALID_DOCS: { query: string; variables: Record<string, unknown> }[] = [
  { query: `query($first: Int, $after: String) { tickets(first: $first, after: $after) { edges { node { id externalId status content department { id name } tags { tag { code } } } } pageInfo { hasNextPage endCursor } } }`, variables: { first: 5 } },
  { query: `query($id: ID!) { ticket(id: $id) { id status events { type at } } }`, variables: { id: "1" } },
  { query: `mutation($e: String!, $c: String!) { createTicket(input: { source: HOTLINE, externalId: $e, channel: PHONE, appealType: COMPLAINT, content: $c }) { id externalId } }`, variables: { e: "fz-seed", c: "路灯不亮" } },
  { query: `mutation($records: [JSONObject!]!) { ingestTickets(source: GRID, format: TICKET, records: $records) { created duplicates invalid errors { line reason } } }`, variables: { records: [{ externalId: "fz-i", content: "井盖缺失", channel: "grid_report", appealType: "report" }] } },
  { query: `query($from: DateTimeISO!, $to: DateTimeISO!) { overview(from: $from, to: $to) { received } }`, variables: { from: "2025-01-01T00:00:00Z", to: "2025-01-02T00:00:00Z" } },
  { query: `{ departments { id code name } regions(level: STREET) { id name } }`, variables: {} },
];

/** A valid document with a random edit: characters dropped, inserted, duplicated or swapped. */
const mutatedDoc = fc
  .record({
    doc: fc.constantFrom(...VALID_DOCS),
    edits: fc.array(
      fc.record({
        kind: fc.constantFrom("drop", "insert", "dup", "swap"),
        at: fc.nat(),
        len: fc.integer({ min: 1, max: 12 }),
        text: fc.constantFrom("{", "}", "(", ")", "$", "!", ":", "...", "@skip", "#", '"', "\\", "__typename", "fragment", "query", "1e999", "null", "\u0000", "名"),
      }),
      { minLength: 1, maxLength: 4 },
    ),
  })
  .map(({ doc, edits }) => {
    let q = doc.query;
    for (const e of edits) {
      const at = e.at % (q.length + 1);
      if (e.kind === "drop") q = q.slice(0, at) + q.slice(at + e.len);
      else if (e.kind === "insert") q = q.slice(0, at) + e.text + q.slice(at);
      else if (e.kind === "dup") q = q.slice(0, at) + q.slice(at, at + e.len) + q.slice(at);
      else {
        const b = (at + e.len) % (q.length + 1);
        const [x, y] = [Math.min(at, b), Math.max(at, b)];
        q = q.slice(0, x) + q.slice(y, y + 1) + q.slice(x + 1, y) + q.slice(x, x + 1) + q.slice(y + 1);
      }
    }
    return { query: q, variables: doc.variables };
  });

/** Any JSON, including the values that trip up coercion: huge numbers, long strings, deep nesting. */
const anyJson = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }),
  fc.constantFrom(1e308, -0, 2 ** 53 + 1, "", "0", "true", "2025-13-45T99:99:99Z", "9".repeat(400), [], {}, [[[[[]]]]]),
);

describe.each([modes().at(-1)!])("fuzzed inputs on %s", (mode) => {
  let t: TestHub;
  let operator: string;
  let leader: string;
  let dir: string;
  const tried: Record<string, number> = {};
  const count = (target: string) => (tried[target] = (tried[target] ?? 0) + 1);
  let before: { tickets: number; created: number; rollup: number };

  const counts = async () => {
    const [r] = await t.db.database.rows<{ tickets: number; created: number; rollup: number }>(sql`
      select (select count(*)::int from tickets) as tickets,
             (select count(*)::int from ticket_events where type = 'created') as created,
             (select coalesce(sum(received), 0)::int from ticket_rollup_hourly) as rollup`);
    return { tickets: Number(r!.tickets), created: Number(r!.created), rollup: Number(r!.rollup) };
  };

  const post = async (body: string, token: string | null = operator, contentType = "application/json"): Promise<Reply> => {
    const res = await fetch(`${t.url}/graphql`, {
      method: "POST",
      headers: { "content-type": contentType, accept: "application/graphql-response+json, application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body,
    });
    const text = await res.text();
    let parsed: Reply["body"] = null;
    try {
      parsed = JSON.parse(text) as Reply["body"];
    } catch {
      /* checked by the caller */
    }
    return { status: res.status, body: parsed, text };
  };
  const gqlReply = (query: unknown, variables?: unknown, token: string | null = operator) => post(JSON.stringify({ query, variables }), token);

  /** The server still answers a plain query correctly. */
  const alive = async () => {
    const r = await gqlReply(`{ departments { id } }`);
    expect(r.status).toBe(200);
    expect(r.body?.errors).toBeUndefined();
  };

  beforeAll(async () => {
    t = await startTestHub(mode, { seedOptions: { days: 3, ticketsPerYear: 20_000, seed: 11 } });
    operator = await t.token("operator");
    leader = await t.token("leader");
    dir = mkdtempSync(path.join(tmpdir(), "cityops-fuzz-"));
    before = await counts();
  });
  afterAll(async () => {
    console.log(
      `RELIABILITY fuzz mode=${mode} ${Object.entries(tried)
        .map(([k, v]) => `${k}=${v}`)
        .join(" ")} total=${Object.values(tried).reduce((a, b) => a + b, 0)}`,
    );
    await t?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("answers arbitrary strings as GraphQL documents with a parse or validation error", async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string({ maxLength: 200 }), fc.string({ unit: "binary", maxLength: 200 }), fc.string({ unit: "grapheme", maxLength: 100 })), async (query) => {
        count("graphqlStrings");
        const r = await gqlReply(query);
        expectClear(r, `query ${JSON.stringify(query)}`);
      }),
      params(),
    );
    await alive();
  });

  it("answers mutated valid documents with data or a coded error", async () => {
    await fc.assert(
      fc.asyncProperty(mutatedDoc, fc.boolean(), async (doc, asLeader) => {
        count("graphqlMutatedDocs");
        const r = await gqlReply(doc.query, doc.variables, asLeader ? leader : operator);
        expectClear(r, `document ${JSON.stringify(doc.query)}`);
      }),
      params(),
    );
    await alive();
  });

  it("refuses variables of the wrong type with BAD_USER_INPUT or a coded error", async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...VALID_DOCS.filter((d) => Object.keys(d.variables).length > 0)), fc.dictionary(fc.constantFrom("first", "after", "id", "e", "c", "records", "from", "to", "extra"), anyJson), async (doc, vars) => {
        count("graphqlVariables");
        const r = await gqlReply(doc.query, { ...doc.variables, ...vars });
        expectClear(r, `variables ${JSON.stringify(vars).slice(0, 300)} for ${doc.query.slice(0, 60)}`);
      }),
      params(),
    );
    await alive();
  });

  it("refuses huge and deeply nested inputs with a coded error and stays up", async () => {
    const nestedSelection = (depth: number) => `{ tickets(first: 1) { edges { node { ${"events { ticket { ".repeat(depth)}id${" } }".repeat(depth)} } } } }`;
    const nestedJson = (depth: number): unknown => (depth === 0 ? "x" : { a: nestedJson(depth - 1), b: [depth] });
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.integer({ min: 1, max: 300 }).map((d) => ({ kind: "selection", body: JSON.stringify({ query: nestedSelection(d) }) })),
          fc.integer({ min: 1, max: 900 }).map((d) => ({ kind: "variables", body: JSON.stringify({ query: VALID_DOCS[3]!.query, variables: { records: [{ externalId: `fz-deep-${d}`, content: "深层", channel: "grid_report", appealType: "report", extra: nestedJson(d) }] } }) })),
          fc.integer({ min: 1, max: 2000 }).map((n) => ({ kind: "list", body: JSON.stringify({ query: VALID_DOCS[0]!.query, variables: { first: n } }) })),
          fc.integer({ min: 10, max: 3_000_000 }).map((n) => ({ kind: "string", body: JSON.stringify({ query: VALID_DOCS[2]!.query, variables: { e: `fz-big-${n}`, c: "长".repeat(n) } }) })),
          fc.integer({ min: 1, max: 5000 }).map((n) => ({ kind: "aliases", body: JSON.stringify({ query: `{ ${Array.from({ length: n }, (_, i) => `a${i}: departments { id }`).join(" ")} }` }) })),
          fc.integer({ min: 1, max: 3000 }).map((n) => ({ kind: "records", body: JSON.stringify({ query: VALID_DOCS[3]!.query, variables: { records: Array.from({ length: n }, (_, i) => ({ externalId: `fz-many-${n}-${i % 50}`, content: "批量", channel: "grid_report", appealType: "report" })) } }) })),
        ),
        async (input) => {
          count("graphqlHugeNested");
          const r = await post(input.body);
          if (r.status === 413) expect(r.body?.errors?.[0]?.extensions?.code).toBe("PAYLOAD_TOO_LARGE");
          else expectClear(r, `${input.kind} input of ${input.body.length} bytes`);
        },
      ),
      params(Math.max(40, Math.round(RUNS / 4))),
    );
    await alive();
  });

  it("answers request bodies that are not GraphQL requests with BAD_REQUEST", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          anyJson.map((v) => ({ body: JSON.stringify(v), type: "application/json" })),
          fc.string({ maxLength: 200 }).map((s) => ({ body: s, type: "application/json" })),
          fc.record({ query: anyJson, variables: anyJson, operationName: anyJson, extensions: anyJson }, { requiredKeys: [] }).map((v) => ({ body: JSON.stringify(v), type: "application/json" })),
        ),
        async ({ body, type }) => {
          count("graphqlBodies");
          const r = await post(body, operator, type);
          expect(r.status, r.text).toBeLessThan(500);
          expect(r.body, `not JSON: ${r.text.slice(0, 200)}`).not.toBeNull();
          expectClear(r, `body ${body.slice(0, 200)}`);
        },
      ),
      params(),
    );
    await alive();
  });

  /** One socket: optionally initialised, then the fuzzed frames; resolves how it ended. */
  const wsExchange = (frames: (string | Buffer)[], init: boolean) =>
    new Promise<{ closed: number | null; messages: { type?: string }[]; pong: boolean }>((resolve, reject) => {
      const ws = new WebSocket(t.url.replace(/^http/, "ws") + "/graphql", "graphql-transport-ws");
      const messages: { type?: string }[] = [];
      let settled = false;
      const done = (closed: number | null) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (ws.readyState === WebSocket.OPEN) ws.close(1000);
        resolve({ closed, messages, pong: messages.some((m) => m.type === "pong") });
      };
      const timer = setTimeout(() => done(null), 3000);
      ws.on("error", (err) => (settled ? undefined : reject(err)));
      ws.on("close", (code) => done(code));
      ws.on("message", (m) => {
        let msg: { type?: string };
        try {
          msg = JSON.parse(String(m)) as { type?: string };
        } catch {
          msg = { type: `unparseable:${String(m).slice(0, 40)}` };
        }
        messages.push(msg);
        if (msg.type === "connection_ack") {
          for (const f of frames) ws.send(f);
          // A ping after the fuzz: a living connection answers it with a pong.
          ws.send(JSON.stringify({ type: "ping" }));
        } else if (msg.type === "pong") done(null);
      });
      ws.on("open", () => {
        if (init) ws.send(JSON.stringify({ type: "connection_init", payload: { authorization: `Bearer ${leader}` } }));
        else {
          for (const f of frames) ws.send(f);
          ws.send(JSON.stringify({ type: "ping" }));
        }
      });
    });

  const wsFrame = fc.oneof(
    fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
    fc.string({ maxLength: 100 }),
    fc.uint8Array({ maxLength: 64 }).map((a) => Buffer.from(a)),
    fc
      .record({
        type: fc.constantFrom("connection_init", "subscribe", "complete", "next", "error", "ping", "pong", "connection_ack", "bogus"),
        id: fc.oneof(fc.string({ maxLength: 10 }), fc.integer(), fc.constant(null)),
        payload: fc.oneof(anyJson, fc.record({ query: fc.oneof(fc.string({ maxLength: 80 }), fc.constantFrom("subscription { ticketEvents { cursor } }", "subscription($a: String) { ticketEvents(after: $a) { cursor } }", "{ departments { id } }", "subscription { wallFrame { seq } }")), variables: anyJson }, { requiredKeys: ["query"] })),
      }, { requiredKeys: ["type"] })
      .map((m) => JSON.stringify(m)),
  );

  it("closes WebSockets sending bad frames with a 44xx code, or answers them and stays up", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(wsFrame, { minLength: 1, maxLength: 4 }), fc.boolean(), async (frames, init) => {
        count("websocketFrames");
        const r = await wsExchange(frames, init);
        if (r.closed !== null) {
          // 1000 when our own ping check closed it after the pong; otherwise the protocol's 4400–4499.
          if (r.closed !== 1000 && r.closed !== 1005) expect(r.closed, JSON.stringify({ frames: frames.map(String), messages: r.messages })).toBeGreaterThanOrEqual(4400);
          expect(r.closed, JSON.stringify(r.messages)).toBeLessThan(4500);
        } else {
          expect(r.pong, `neither closed nor answering: ${JSON.stringify({ frames: frames.map(String), messages: r.messages })}`).toBe(true);
        }
        for (const m of r.messages) expect(m.type ?? "", JSON.stringify(m)).not.toMatch(/^unparseable/);
      }),
      params(),
    );
    await alive();
  });

  /** An NDJSON line: garbage, any JSON, or a valid record in one of the source formats with fields broken. */
  const validTicket = (id: string) => ({ externalId: id, content: "路面坑洼", channel: "grid_report", appealType: "report", receivedAt: "2025-01-10T09:00:00+08:00" });
  const ndjsonLine = fc.oneof(
    fc.string({ maxLength: 120 }).map((s) => s.replace(/[\r\n]/g, " ")),
    fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
    fc.record({ id: fc.integer({ min: 0, max: 40 }), field: fc.constantFrom("externalId", "content", "channel", "appealType", "receivedAt", "lat", "lng", "citizenPhone", "address"), value: anyJson, drop: fc.boolean() }).map(({ id, field, value, drop }) => {
      const r: Record<string, unknown> = validTicket(`fz-nd-${id}`);
      if (drop) delete r[field];
      else r[field] = value;
      return JSON.stringify(r);
    }),
    fc.integer({ min: 0, max: 40 }).map((id) => JSON.stringify(validTicket(`fz-nd-${id}`))),
  );

  it("takes arbitrary NDJSON bodies: every bad line reported with its line and reason, the rest written once", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(ndjsonLine, { minLength: 1, maxLength: 20 }), fc.constantFrom("\n", "\r\n"), async (lines, eol) => {
        count("ndjsonBodies");
        const before = await counts();
        const res = await fetch(`${t.url}/ingest/ndjson?source=grid&format=ticket`, { method: "POST", headers: { "content-type": "application/x-ndjson", authorization: `Bearer ${operator}` }, body: lines.join(eol) });
        const text = await res.text();
        expect(res.status, text).toBe(200);
        const out = JSON.parse(text) as { created: number; duplicates: number; invalid: number; errors: { line: number; reason: string }[] };
        const nonBlank = lines.filter((l) => l.trim() !== "").length;
        expect(out.created + out.duplicates + out.invalid, text).toBe(nonBlank);
        expect(out.errors).toHaveLength(out.invalid);
        for (const e of out.errors) {
          expect(e.line).toBeGreaterThanOrEqual(1);
          expect(e.line).toBeLessThanOrEqual(lines.length);
          expect(lines[e.line - 1]!.trim(), text).not.toBe("");
          expect(e.reason.length, text).toBeGreaterThan(0);
        }
        const after = await counts();
        expect(after.tickets - before.tickets).toBe(out.created);
        expect(after.created - before.created).toBe(out.created);
      }),
      params(),
    );
    await alive();
  });

  it("imports arbitrary CSV rows: rejects carry line and reason, the rest land once", async () => {
    const bus = t.hub.services.realtime.bus;
    const ref = t.hub.services.ref;
    let locator: GridLocator | null = null;
    const bulk = new BulkIntake(t.db.database.db, ref, () => (locator ??= new GridLocator(ref.regionsAt("grid_cell"))), t.hub.services.dispatch, bus, { suggest: false });
    const sink = new DirectSink(bulk, { id: "import:fuzz", role: "admin", departmentId: null });
    const mapping = compileMapping({ source: "hotline", dateFormat: "YYYY-MM-DD HH:mm", fields: { externalId: "id", content: "text", receivedAt: "at", lat: "lat", lng: "lng" } });
    const header = ["id", "text", "at", "lat", "lng"];
    const good = (id: number) => [`fz-csv-${id}`, "噪音扰民", "2025-01-02 21:00", "", ""];
    const field = fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom("", "2025-02-30 25:61", "2025-01-02 21:00", "91", "-181", "37.5", "NaN", "1e999", '"', '""', ",", "\n", "名"));
    const row = fc.oneof(
      fc.integer({ min: 0, max: 60 }).map((id) => ({ fields: good(id), quote: true })),
      fc.record({ id: fc.integer({ min: 0, max: 60 }), col: fc.integer({ min: 0, max: 4 }), value: field }).map(({ id, col, value }) => {
        const f = good(id);
        f[col] = value;
        return { fields: f, quote: true };
      }),
      fc.record({ fields: fc.array(field, { minLength: 0, maxLength: 8 }), quote: fc.boolean() }),
    );
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(row, { minLength: 1, maxLength: 15 }), async (rows) => {
        count("csvRows");
        const file = path.join(dir, `rows-${n}.csv`);
        const rejectsFile = path.join(dir, `rows-${n++}-rejects.csv`);
        // Quoted rows go through csvLine; the rest are joined raw, broken quotes and all.
        writeFileSync(file, [csvLine(header), ...rows.map((r) => (r.quote ? csvLine(r.fields) : r.fields.map((x) => x.replace(/[\r\n]/g, " ")).join(",")))].join("\n") + "\n");
        const before = await counts();
        const s = await runImport({ file, format: "csv", mapping, sink, rejectsFile, chunkSize: 7 });
        expect(s.imported + s.duplicates + s.rejected).toBe(s.rows);
        const after = await counts();
        expect(after.tickets - before.tickets).toBe(s.imported);
        expect(after.created - before.created).toBe(s.imported);
        const rejects: string[][] = [];
        for await (const r of readCsv(createReadStream(rejectsFile))) rejects.push(r.fields);
        expect(rejects[0]!.slice(0, 2)).toEqual(["line", "reason"]);
        expect(rejects.length - 1).toBe(s.rejected);
        for (const r of rejects.slice(1)) {
          expect(Number(r[0]), JSON.stringify(r)).toBeGreaterThanOrEqual(2);
          expect(r[1]!.length, JSON.stringify(r)).toBeGreaterThan(0);
        }
      }),
      params(Math.max(50, Math.round(RUNS / 2))),
    );
    expect(readFileSync(path.join(dir, "rows-0.csv"), "utf8").startsWith("id,text")).toBe(true);
  });

  it("leaves nothing half-written: every ticket has its created event and its rollup count", async () => {
    const after = await counts();
    const [orphans] = await t.db.database.rows<{ n: number }>(sql`
      select count(*)::int as n from tickets t where (select count(*) from ticket_events e where e.ticket_id = t.id and e.type = 'created') <> 1`);
    expect(Number(orphans!.n)).toBe(0);
    const [dups] = await t.db.database.rows<{ n: number }>(sql`select count(*)::int as n from (select 1 from tickets group by source, external_id having count(*) > 1) d`);
    expect(Number(dups!.n)).toBe(0);
    expect(after.created - before.created).toBe(after.tickets - before.tickets);
    expect(after.rollup - before.rollup).toBe(after.tickets - before.tickets);
    await alive();
  });
});
