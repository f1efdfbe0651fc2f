// COPY FROM STDIN inside a drizzle transaction, for the bulk paths: PostgreSQL decodes COPY's text
// format several times faster than it decodes a JSON parameter, and it skips the planner. drizzle
// cannot say COPY, so this reaches the driver behind the transaction: postgres.js streams the data
// over the wire (`.writable()`); PGlite, which has no COPY FROM STDIN, reads it as a blob from
// `/dev/blob` (its documented way).

import type { Tx } from "../store/write.js";
import { isoString } from "../domain/iso-time.js";

type Value = string | number | boolean | Date | null | undefined | object;

/** One value in COPY's text format: \N for null, backslash escapes for the separators. */
function field(v: Value): string {
  if (typeof v === "string") return escaped(v);
  if (v === null || v === undefined) return "\\N";
  if (typeof v === "number") {
    if (!Number.isFinite(v)) throw new Error(`cannot COPY the number ${v}`);
    return String(v);
  }
  if (typeof v === "boolean") return v ? "t" : "f";
  return escaped(v instanceof Date ? isoString(v) : JSON.stringify(v));
}

// eslint-disable-next-line no-control-regex
const SPECIAL = /[\\\t\n\r\u0000]/;
// eslint-disable-next-line no-control-regex
const NUL = /\u0000/g;

function escaped(s: string): string {
  return SPECIAL.test(s) ? s.replace(NUL, "").replace(/\\/g, "\\\\").replace(/\t/g, "\\t").replace(/\n/g, "\\n").replace(/\r/g, "\\r") : s;
}

/** Bytes per piece of COPY text. */
const PIECE = 1 << 20;

/**
 * What starts each line before the row's own values: `true`, the row's index (a staging table's
 * `ord`); an array, the row's entry in it (ids drawn for the rows).
 */
export type Lead = boolean | readonly (number | string)[];

/**
 * Rows (arrays in column order) as COPY text, in UTF-8 pieces of about a megabyte, each line started
 * by its `lead`. Each line is encoded into its piece as it is made: an import's chunk is some 15 MB
 * of text, and building it as strings first cost a second copy of it, and a third of the encoding
 * time, when they became bytes.
 */
export function* copyPieces(rows: readonly (readonly Value[])[], lead: Lead = false): Generator<Buffer<ArrayBuffer>> {
  let piece = Buffer.allocUnsafe(PIECE);
  let at = 0;
  for (let n = 0; n < rows.length; n++) {
    const r = rows[n]!;
    let line = lead === true ? String(n) : lead ? String(lead[n]) : field(r[0]);
    for (let i = lead ? 0 : 1; i < r.length; i++) line += `\t${field(r[i])}`;
    line += "\n";
    // A UTF-16 unit is at most three bytes of UTF-8.
    if (at + line.length * 3 > piece.length) {
      if (at > 0) yield piece.subarray(0, at);
      piece = Buffer.allocUnsafe(Math.max(PIECE, line.length * 3));
      at = 0;
    }
    at += piece.write(line, at);
  }
  if (at > 0) yield piece.subarray(0, at);
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
 * never user input. With a `lead`, `columns` starts with the column that gets it.
 */
export async function copyInto(tx: Tx, table: string, columns: readonly string[], rows: readonly (readonly Value[])[], lead: Lead = false): Promise<void> {
  if (rows.length === 0) return;
  const target = `${table} (${columns.join(", ")})`;
  const client = driverOf(tx);
  if ("unsafe" in client) {
    const stream = await client.unsafe(`copy ${target} from stdin`).writable();
    await new Promise<void>((resolve, reject) => {
      stream.on("error", reject);
      stream.on("finish", resolve);
      const pieces = copyPieces(rows, lead);
      // Encoded as the stream drains, so the database reads the first rows while the last are made.
      const write = () => {
        for (let p = pieces.next(); !p.done; p = pieces.next()) if (!stream.write(p.value)) return void stream.once("drain", write);
        stream.end();
      };
      try {
        write();
      } catch (err) {
        // A value COPY cannot carry: abandon the COPY (postgres.js sends CopyFail), not leave it open.
        (stream as NodeJS.WritableStream & { destroy?(e: Error): void }).destroy?.(err as Error);
        reject(err as Error);
      }
    });
    return;
  }
  await client.query(`copy ${target} from '/dev/blob'`, [], { blob: new Blob([...copyPieces(rows, lead)]) });
}
