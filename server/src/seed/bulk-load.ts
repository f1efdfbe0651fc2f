// Fast bulk loading for the seeder, in one transaction, in both database modes.
//
// Measured on the embedded PGlite (2 cores, 37k tickets / 275k events / 330k tags): COPY from a
// blob is the fastest (≈2× multi-row VALUES), then INSERT … SELECT FROM json(b)_populate_recordset
// with one JSON parameter per chunk (≈1.3× VALUES). PGlite can COPY from a blob; postgres.js goes
// through drizzle, where the JSON form keeps each statement to a single bind parameter, far from
// PostgreSQL's 65,535-parameter limit.

import type { PGlite, Transaction } from "@electric-sql/pglite";
import { sql, type SQL } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import type { Database } from "../db/client.js";

export type Row = Record<string, unknown>;

export interface BulkTarget {
  /** Runs one statement and returns its rows. */
  execute<T = Row>(query: SQL): Promise<T[]>;
  /** Appends rows; `progress` gets the number of rows loaded so far. */
  load(table: string, columns: readonly string[], rows: readonly Row[], progress?: (done: number) => void): Promise<void>;
}

const JSON_CHUNK = 20_000;
const COPY_CHUNK = 60_000;

/** Result rows in both drivers: postgres.js returns an array, PGlite an object with `rows`. */
function rowsOf<T>(result: unknown): T[] {
  return Array.isArray(result) ? (result as T[]) : ((result as { rows?: T[] }).rows ?? []);
}

export function jsonInsert(table: string, columns: readonly string[], rows: readonly Row[], suffix = ""): SQL {
  const cols = sql.raw(columns.map((c) => `"${c}"`).join(", "));
  const t = sql.identifier(table);
  return sql`insert into ${t} (${cols}) select ${cols} from json_populate_recordset(null::${t}, ${JSON.stringify(rows)}::json) ${sql.raw(suffix)}`;
}

const NEEDS_ESCAPE = /[\\\t\n\r]/;

/** One field in COPY text format. */
function copyField(v: unknown): string {
  if (v === null || v === undefined) return "\\N";
  let s: string;
  if (typeof v === "string") s = v;
  else if (typeof v === "number" || typeof v === "boolean") return String(v);
  else if (Array.isArray(v)) s = `{${v.map((x) => (typeof x === "number" ? String(x) : `"${String(x).replace(/["\\]/g, "\\$&")}"`)).join(",")}}`;
  else s = JSON.stringify(v);
  return NEEDS_ESCAPE.test(s) ? s.replace(/\\/g, "\\\\").replace(/\t/g, "\\t").replace(/\n/g, "\\n").replace(/\r/g, "\\r") : s;
}

function copyText(columns: readonly string[], rows: readonly Row[]): string {
  const parts: string[] = [];
  for (const row of rows) {
    let line = "";
    for (let i = 0; i < columns.length; i++) {
      if (i > 0) line += "\t";
      line += copyField(row[columns[i] as string]);
    }
    parts.push(line);
  }
  return `${parts.join("\n")}\n`;
}

function pgliteTarget(tx: Transaction): BulkTarget {
  const dialect = new PgDialect();
  return {
    async execute<T>(query: SQL) {
      const q = dialect.sqlToQuery(query);
      return (await tx.query<T>(q.sql, q.params)).rows;
    },
    async load(table, columns, rows, progress) {
      const cols = columns.map((c) => `"${c}"`).join(", ");
      for (let i = 0; i < rows.length; i += COPY_CHUNK) {
        const text = copyText(columns, rows.slice(i, i + COPY_CHUNK));
        await tx.query(`copy "${table}" (${cols}) from '/dev/blob'`, [], { blob: new Blob([text]) });
        progress?.(Math.min(rows.length, i + COPY_CHUNK));
      }
    },
  };
}

function drizzleTarget(tx: { execute(query: SQL): Promise<unknown> }): BulkTarget {
  return {
    async execute<T>(query: SQL) {
      return rowsOf<T>(await tx.execute(query));
    },
    async load(table, columns, rows, progress) {
      for (let i = 0; i < rows.length; i += JSON_CHUNK) {
        await tx.execute(jsonInsert(table, columns, rows.slice(i, i + JSON_CHUNK)));
        progress?.(Math.min(rows.length, i + JSON_CHUNK));
      }
    },
  };
}

/** Runs `body` in one transaction with the fastest loader the database mode offers. */
export async function inBulkTransaction<T>(database: Database, body: (target: BulkTarget) => Promise<T>): Promise<T> {
  if (database.mode === "embedded") {
    const client = (database.db as unknown as { $client?: PGlite }).$client;
    if (client && typeof client.transaction === "function") return client.transaction((tx) => body(pgliteTarget(tx)));
  }
  return database.db.transaction((tx) => body(drizzleTarget(tx)));
}

/**
 * Runs a bulk load with the tables' foreign keys and secondary indexes dropped, then puts them back
 * exactly as they were (definitions read from the catalog, so migrations stay the only source).
 * Per-row foreign-key triggers and index maintenance cost more than the inserts themselves; one
 * validating join and one index build per table at the end are several times cheaper. It all runs
 * inside the caller's transaction, so a failure leaves every constraint in place.
 */
export async function withoutConstraints(target: BulkTarget, tables: readonly string[], load: () => Promise<void>): Promise<void> {
  const list = sql.join(
    tables.map((t) => sql`${t}::regclass`),
    sql`, `,
  );
  const foreignKeys = await target.execute<{ tbl: string; name: string; def: string }>(
    sql`select conrelid::regclass::text as tbl, conname as name, pg_get_constraintdef(oid) as def
        from pg_constraint where contype = 'f' and conrelid in (${list}) order by conname`,
  );
  const indexes = await target.execute<{ name: string; def: string }>(
    sql`select i.indexrelid::regclass::text as name, pg_get_indexdef(i.indexrelid) as def
        from pg_index i where i.indrelid in (${list}) and not i.indisprimary
          and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid)
        order by 1`,
  );
  for (const fk of foreignKeys) await target.execute(sql`alter table ${sql.raw(fk.tbl)} drop constraint ${sql.identifier(fk.name)}`);
  for (const ix of indexes) await target.execute(sql`drop index ${sql.raw(ix.name)}`);
  await load();
  // A partitioned table's index reads back as `ON ONLY` (the parent alone, invalid until every
  // partition has one): built again as `ON`, it is built on every partition and is valid.
  for (const ix of indexes) await target.execute(sql.raw(ix.def.replace(/ ON ONLY /, " ON ")));
  for (const fk of foreignKeys) await target.execute(sql`alter table ${sql.raw(fk.tbl)} add constraint ${sql.identifier(fk.name)} ${sql.raw(fk.def)}`);
}
