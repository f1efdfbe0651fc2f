// Mappings for `cityops import`: how the columns of someone else's CSV or NDJSON become ticket
// fields. A mapping is data (a JSON file, or a built-in such as nyc311), checked in full before the
// first row is read, so a typo in a column name stops the import at once instead of rejecting every
// row. The format is documented in docs/INGEST.md.

import { readFileSync } from "node:fs";
import { SOURCES, TICKET_STATUSES, type AppealType, type Source } from "@cityops/schema";
import type { BulkItem } from "./bulk.js";
import { dateParser, type DateParser } from "./datetime.js";
import { appealTypeFromName, channelOf, inferAppealType, RowError } from "./fields.js";

/** A column name, or one of the object forms. */
export type FieldSpec =
  | string
  | { column: string; codes?: Record<string, string | null>; default?: string | null; format?: string }
  | { value: string }
  | { template: string }
  | { join: string[]; separator?: string };

export const TARGETS = [
  "externalId", "receivedAt", "content", "title", "address", "lat", "lng", "channel", "appealType",
  "citizenName", "citizenPhone", "departmentCode", "status", "category",
] as const;
export type Target = (typeof TARGETS)[number];

export interface MappingSpec {
  name?: string;
  description?: string;
  format?: "csv" | "ndjson";
  delimiter?: string;
  source?: FieldSpec;
  dateFormat?: string;
  timeZone?: string;
  fields: Partial<Record<Target, FieldSpec>>;
  /** Columns kept in the ticket's raw record: "all" (default, non-empty ones), "none", or a list. */
  raw?: "all" | "none" | string[];
}

export type Row = Record<string, unknown>;

export interface CompiledMapping {
  spec: MappingSpec;
  /** Columns the mapping reads; a CSV header must have them all. */
  columns: string[];
  map(row: Row): BulkItem;
}

const REQUIRED: readonly Target[] = ["externalId", "content"];

/** A column's value; NDJSON records may name nested fields as a.b.c. */
function read(row: Row, column: string): string {
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

function parseNumber(field: string, v: string): number | undefined {
  if (v === "") return undefined;
  const n = Number(v);
  if (!Number.isFinite(n)) throw new RowError(`${field} is not a number: ${JSON.stringify(v)} / ${field} 须为数字`);
  return n;
}

export function compileMapping(spec: MappingSpec, opts: { source?: Source } = {}): CompiledMapping {
  if (typeof spec !== "object" || spec === null || typeof spec.fields !== "object" || spec.fields === null) throw new Error("a mapping needs a fields object");
  for (const k of Object.keys(spec.fields)) if (!(TARGETS as readonly string[]).includes(k)) throw new Error(`unknown target field "${k}" (targets: ${TARGETS.join(", ")})`);
  for (const k of REQUIRED) if (!spec.fields[k]) throw new Error(`the mapping must say where ${k} comes from (fields.${k})`);
  if (spec.format !== undefined && spec.format !== "csv" && spec.format !== "ndjson") throw new Error(`format must be csv or ndjson`);
  const columns = new Set<string>();
  const get = new Map<Target, Getter>();
  for (const [k, f] of Object.entries(spec.fields) as [Target, FieldSpec][]) get.set(k, compileField(`fields.${k}`, f, columns));
  const timeZone = spec.timeZone ?? "Asia/Shanghai";
  const parsers = new Map<string, DateParser>();
  const parserFor = (format: string) => {
    let p = parsers.get(format);
    if (!p) parsers.set(format, (p = dateParser(format, timeZone)));
    return p;
  };
  const receivedSpec = spec.fields.receivedAt;
  const receivedFormat = (typeof receivedSpec === "object" && "format" in receivedSpec && receivedSpec.format) || spec.dateFormat || "iso";
  parserFor(receivedFormat);
  let sourceOf: (row: Row) => string;
  const fixed = opts.source ?? (typeof spec.source === "string" && (SOURCES as readonly string[]).includes(spec.source) ? spec.source : undefined);
  if (fixed) sourceOf = () => fixed;
  // Any other string names the column that holds each row's source.
  else if (spec.source !== undefined) sourceOf = compileField("source", spec.source, columns);
  else throw new Error("the mapping must give a source (hotline, grid or department), or pass --source");
  const rawSpec = spec.raw ?? "all";
  if (rawSpec !== "all" && rawSpec !== "none" && !(Array.isArray(rawSpec) && rawSpec.every((c) => typeof c === "string"))) throw new Error(`raw must be "all", "none" or a list of columns`);
  if (Array.isArray(rawSpec)) rawSpec.forEach((c) => columns.add(c));
  const val = (row: Row, k: Target) => get.get(k)?.(row) ?? "";
  const opt = (row: Row, k: Target) => val(row, k) || undefined;

  return {
    spec,
    columns: [...columns],
    map(row) {
      const src = sourceOf(row) as Source;
      if (!(SOURCES as readonly string[]).includes(src)) throw new RowError(`source ${JSON.stringify(src)} is not hotline, grid or department / 来源无法识别`);
      const externalId = val(row, "externalId");
      if (!externalId) throw new RowError("externalId is empty / 缺少来源编号");
      const content = val(row, "content");
      const received = val(row, "receivedAt");
      const lat = parseNumber("lat", val(row, "lat"));
      const lng = parseNumber("lng", val(row, "lng"));
      const appeal = val(row, "appealType");
      const category = opt(row, "category");
      let appealType: AppealType;
      if (appeal) {
        const named = appealTypeFromName(appeal);
        if (!named) throw new RowError(`appealType ${JSON.stringify(appeal)} is not an appeal type (add it to the code table) / 诉求类型无法识别`);
        appealType = named;
      } else appealType = inferAppealType(category, content);
      const channelText = opt(row, "channel");
      const status = opt(row, "status");
      if (status !== undefined && !(TICKET_STATUSES as readonly string[]).includes(status)) {
        throw new RowError(`status ${JSON.stringify(status)} is not a ticket status (add it to the status code table) / 状态无法识别`);
      }
      let raw: Record<string, unknown> | undefined;
      if (rawSpec === "all") {
        raw = {};
        for (const k in row) if (row[k] !== "" && row[k] !== null && row[k] !== undefined) raw[k] = row[k];
      }
      else if (Array.isArray(rawSpec)) raw = Object.fromEntries(rawSpec.map((c) => [c, read(row, c)]).filter(([, v]) => v !== ""));
      if (status !== undefined || category !== undefined) raw = { ...raw, _mapped: { ...(status ? { status } : {}), ...(category ? { category } : {}) } };
      return {
        ticket: {
          source: src,
          externalId,
          channel: channelOf(channelText, src === "hotline" ? "phone" : src === "grid" ? "grid_report" : "department_push"),
          appealType,
          content,
          title: opt(row, "title"),
          address: opt(row, "address"),
          // 0,0 is the "no fix" of many exports; a half-given pair is refused by validation.
          ...(lat === 0 && lng === 0 ? {} : { lat, lng }),
          citizenName: opt(row, "citizenName"),
          citizenPhone: opt(row, "citizenPhone"),
          receivedAt: received ? parserFor(receivedFormat)(received) : undefined,
          raw,
        },
        departmentCode: opt(row, "departmentCode"),
      };
    },
  };
}

/** A built-in mapping by name, or a mapping file. */
export function loadMapping(nameOrFile: string, builtins: Record<string, MappingSpec>): MappingSpec {
  const builtin = builtins[nameOrFile];
  if (builtin) return builtin;
  let text: string;
  try {
    text = readFileSync(nameOrFile, "utf8");
  } catch {
    throw new Error(`--mapping ${nameOrFile}: neither a built-in mapping (${Object.keys(builtins).join(", ")}) nor a readable file`);
  }
  try {
    return JSON.parse(text) as MappingSpec;
  } catch (err) {
    throw new Error(`--mapping ${nameOrFile} is not valid JSON: ${(err as Error).message}`);
  }
}
