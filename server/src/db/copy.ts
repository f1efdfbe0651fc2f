// COPY FROM STDIN inside a drizzle transaction, for the bulk paths: PostgreSQL decodes COPY's text
// format several times faster than it decodes a JSON parameter, and it skips the planner. drizzle
// cannot say COPY, so this reaches the driver behind the transaction: postgres.js streams the data
// over the wire (`.writable()`); PGlite, which has no COPY FROM STDIN, reads it as a blob from
// `/dev/blob` (its documented way).

import type { Tx } from "../store/write.js";

type Value = string | number | boolean | Date | null | undefined | object;

/** One value in COPY's text format: \N for null, backslash escapes for the separators. */
function field(v: Value): string {
  if (v === null || v === undefined) return "\\N";
  if (typeof v === "number") {
    if (!Number.isFinite(v)) throw new Error(`cannot COPY the number ${v}`);
    return String(v);
  }
  if (typeof v === "boolean") return v ? "t" : "f";
  const s = typeof v === "string" ? v : v instanceof Date ? v.toISOString() : JSON.stringify(v);
  // eslint-disable-next-line no-control-regex
  return /[\\\t\n\r\u0000]/.test(s) ? s.replace(/\u0000/g, "").replace(/\\/g, "\\\\").replace(/\t/g, "\\t").replace(/\n/g, "\\n").replace(/\r/g, "\\r") : s;
}

/** Rows (arrays in column order) as COPY text. */
export function copyText(rows: readonly (readonly Value[])[]): string {
  let out = "";
  for (const r of rows) {
    for (let i = 0; i < r.length; i++) out += (i > 0 ? "\t" : "") + field(r[i]);
    out += "\n";
  }
  return out;
}

interface PostgresJsClient {
  unsafe(query: string): { writable(): Promise<NodeJS.WritableStream> };
}
interface PgliteClient {
  query(query: string, params: unknown[], options: { blob: Blob }): Promise<unknown>;
}

/** The driver's own client behind a drizzle transaction (drizzle keeps it on the session). */
function driverOf(tx: Tx): PostgresJsClient | PgliteClient {
  const client = (tx as unknown as { session?: { client?: unknown } }).session?.client;
  if (!client || (typeof client !== "object" && typeof client !== "function")) throw new Error("COPY: no driver client behind this transaction");
  return client as PostgresJsClient | PgliteClient;
}

/**
 * COPY `rows` into `table (columns)` inside the transaction. Identifiers are the caller's constants,
 * never user input.
 */
export async function copyInto(tx: Tx, table: string, columns: readonly string[], rows: readonly (readonly Value[])[]): Promise<void> {
  if (rows.length === 0) return;
  const target = `${table} (${columns.join(", ")})`;
  const client = driverOf(tx);
  const data = copyText(rows);
  if ("unsafe" in client) {
    const stream = await client.unsafe(`copy ${target} from stdin`).writable();
    await new Promise<void>((resolve, reject) => {
      stream.on("error", reject);
      stream.on("finish", resolve);
      stream.end(data);
    });
    return;
  }
  await client.query(`copy ${target} from '/dev/blob'`, [], { blob: new Blob([data]) });
}
