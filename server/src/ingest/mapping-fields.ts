// The column forms of a mapping: a column name, a fixed value, a template over columns, a join of
// columns, or a column read through a code table. Shared by the ticket and lifecycle targets.

import { RowError } from "./fields.js";

/** A column name, or one of the object forms. */
export type FieldSpec =
  | string
  | {
      column: string;
      codes?: Record<string, string | null>;
      default?: string | null;
      /** Time targets: the format of this column's times. */
      format?: string;
      /** The department target: create a department the hub does not know yet. */
      create?: boolean;
      /** The department target: the column holding a created department's name. */
      name?: string;
    }
  | { value: string }
  | { template: string }
  | { join: string[]; separator?: string };

export type Row = Record<string, unknown>;

/** A column's value; NDJSON records may name nested fields as a.b.c. */
export function read(row: Row, column: string): string {
  let v: unknown = row[column];
  if (v === undefined && column.includes(".")) {
    v = row;
    for (const k of column.split(".")) v = v && typeof v === "object" ? (v as Row)[k] : undefined;
  }
  if (v === undefined || v === null) return "";
  return typeof v === "string" ? v.trim() : typeof v === "object" ? JSON.stringify(v) : String(v);
}

export type Getter = (row: Row) => string;

export function compileField(where: string, spec: FieldSpec, columns: Set<string>): Getter {
  if (typeof spec === "string") {
    columns.add(spec);
    return (row) => read(row, spec);
  }
  if (typeof spec !== "object" || spec === null) throw new Error(`${where}: expected a column name or an object`);
  if ("value" in spec) {
    if (typeof spec.value !== "string") throw new Error(`${where}.value must be a string`);
    return () => spec.value;
  }
  if ("template" in spec) {
    if (typeof spec.template !== "string") throw new Error(`${where}.template must be a string`);
    const names = [...spec.template.matchAll(/\{([^{}]+)\}/g)].map((m) => m[1]!);
    if (names.length === 0) throw new Error(`${where}.template names no column; write columns as {Column Name}`);
    names.forEach((n) => columns.add(n));
    return (row) => spec.template.replace(/\{([^{}]+)\}/g, (_m, n: string) => read(row, n)).trim();
  }
  if ("join" in spec) {
    if (!Array.isArray(spec.join) || spec.join.length === 0 || spec.join.some((c) => typeof c !== "string")) throw new Error(`${where}.join must be a list of column names`);
    spec.join.forEach((c) => columns.add(c));
    const sep = spec.separator ?? " ";
    // Empty columns are skipped, so there are no dangling separators.
    return (row) => spec.join.map((c) => read(row, c)).filter((v) => v !== "").join(sep);
  }
  if ("column" in spec) {
    if (typeof spec.column !== "string") throw new Error(`${where}.column must be a string`);
    columns.add(spec.column);
    const codes = spec.codes;
    if (codes !== undefined && (typeof codes !== "object" || codes === null || Object.values(codes).some((v) => v !== null && typeof v !== "string"))) {
      throw new Error(`${where}.codes must map source values to strings (or null)`);
    }
    const lower = codes ? new Map(Object.entries(codes).map(([k, v]) => [k.toLowerCase(), v])) : null;
    const hasDefault = "default" in spec;
    return (row) => {
      const v = read(row, spec.column);
      if (!lower) return v === "" && hasDefault ? (spec.default ?? "") : v;
      const hit = lower.get(v.toLowerCase());
      if (hit !== undefined) return hit ?? "";
      // Not in the table: the default if there is one, else the value itself (checked by the field).
      return hasDefault ? (spec.default ?? "") : v;
    };
  }
  throw new Error(`${where}: expected one of column, value, template, join`);
}

export function parseNumber(field: string, v: string): number | undefined {
  if (v === "") return undefined;
  const n = Number(v);
  if (!Number.isFinite(n)) throw new RowError(`${field} is not a number: ${JSON.stringify(v)} / ${field} 须为数字`);
  return n;
}
