// Mappings for `cityops import`: how the columns of someone else's CSV or NDJSON become ticket
// fields. A mapping is data (a JSON file, or a built-in such as nyc311), checked in full before the
// first row is read, so a typo in a column name stops the import at once instead of rejecting every
// row. The format is documented in docs/INGEST.md.

import { readFileSync } from "node:fs";
import { SOURCES, type AppealType, type Source } from "@cityops/schema";
import type { BulkItem } from "./bulk.js";
import { dateParser, type DateParser } from "./datetime.js";
import { appealTypeFromName, channelOf, inferAppealType, RowError } from "./fields.js";
import { compileField, parseNumber, read, type FieldSpec, type Getter, type Row } from "./mapping-fields.js";
import { compileHistory, HISTORY_TARGETS, type HistoryTarget } from "./mapping-history.js";

export type { FieldSpec, Row } from "./mapping-fields.js";

const TICKET_TARGETS = [
  "externalId", "receivedAt", "content", "title", "address", "lat", "lng", "channel", "appealType",
  "citizenName", "citizenPhone", "category",
] as const;
export const TARGETS = [...TICKET_TARGETS, ...HISTORY_TARGETS] as const;
export type Target = (typeof TARGETS)[number];
type TicketTarget = (typeof TICKET_TARGETS)[number];
/** Older mapping files name the department target departmentCode. */
const ALIASES: Record<string, Target> = { departmentCode: "department" };

export interface MappingSpec {
  name?: string;
  description?: string;
  format?: "csv" | "ndjson";
  delimiter?: string;
  source?: FieldSpec;
  dateFormat?: string;
  timeZone?: string;
  fields: Partial<Record<Target | keyof typeof ALIASES, FieldSpec>>;
  /** Columns kept in the ticket's raw record: "all" (default, non-empty ones), "none", or a list. */
  raw?: "all" | "none" | string[];
}

export interface CompiledMapping {
  spec: MappingSpec;
  /** Columns the mapping reads; a CSV header must have them all. */
  columns: string[];
  map(row: Row): BulkItem;
}

const REQUIRED: readonly Target[] = ["externalId", "content"];

export function compileMapping(spec: MappingSpec, opts: { source?: Source } = {}): CompiledMapping {
  if (typeof spec !== "object" || spec === null || typeof spec.fields !== "object" || spec.fields === null) throw new Error("a mapping needs a fields object");
  const fields: Partial<Record<Target, FieldSpec>> = {};
  for (const [k, f] of Object.entries(spec.fields)) {
    const target = ALIASES[k] ?? k;
    if (!(TARGETS as readonly string[]).includes(target)) throw new Error(`unknown target field "${k}" (targets: ${TARGETS.join(", ")})`);
    if (fields[target as Target] !== undefined) throw new Error(`fields.${k}: ${target} is mapped twice`);
    fields[target as Target] = f;
  }
  for (const k of REQUIRED) if (!fields[k]) throw new Error(`the mapping must say where ${k} comes from (fields.${k})`);
  if (spec.format !== undefined && spec.format !== "csv" && spec.format !== "ndjson") throw new Error(`format must be csv or ndjson`);
  const columns = new Set<string>();
  const get = new Map<TicketTarget, Getter>();
  for (const k of TICKET_TARGETS) if (fields[k] !== undefined) get.set(k, compileField(`fields.${k}`, fields[k], columns));
  const timeZone = spec.timeZone ?? "Asia/Shanghai";
  const parsers = new Map<string, DateParser>();
  const parserFor = (format: string) => {
    let p = parsers.get(format);
    if (!p) parsers.set(format, (p = dateParser(format, timeZone)));
    return p;
  };
  // A time target may name its own format; else the mapping's dateFormat; else ISO 8601.
  const formatOf = (f: FieldSpec | undefined) => (typeof f === "object" && f !== null && "format" in f && f.format) || spec.dateFormat || "iso";
  const received = parserFor(formatOf(fields.receivedAt));
  const history = compileHistory(fields as Partial<Record<HistoryTarget, FieldSpec>>, columns, (f) => parserFor(formatOf(f)));
  let sourceOf: (row: Row) => string;
  const fixed = opts.source ?? (typeof spec.source === "string" && (SOURCES as readonly string[]).includes(spec.source) ? spec.source : undefined);
  if (fixed) sourceOf = () => fixed;
  // Any other string names the column that holds each row's source.
  else if (spec.source !== undefined) sourceOf = compileField("source", spec.source, columns);
  else throw new Error("the mapping must give a source (hotline, grid or department), or pass --source");
  const rawSpec = spec.raw ?? "all";
  if (rawSpec !== "all" && rawSpec !== "none" && !(Array.isArray(rawSpec) && rawSpec.every((c) => typeof c === "string"))) throw new Error(`raw must be "all", "none" or a list of columns`);
  if (Array.isArray(rawSpec)) rawSpec.forEach((c) => columns.add(c));
  const val = (row: Row, k: TicketTarget) => get.get(k)?.(row) ?? "";
  const opt = (row: Row, k: TicketTarget) => val(row, k) || undefined;

  return {
    spec,
    columns: [...columns],
    map(row) {
      const src = sourceOf(row) as Source;
      if (!(SOURCES as readonly string[]).includes(src)) throw new RowError(`source ${JSON.stringify(src)} is not hotline, grid or department / 来源无法识别`);
      const externalId = val(row, "externalId");
      if (!externalId) throw new RowError("externalId is empty / 缺少来源编号");
      const content = val(row, "content");
      const receivedText = val(row, "receivedAt");
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
      const receivedAt = receivedText ? received(receivedText) : undefined;
      // History needs a received time to order its steps against; validation refuses a row without one anyway.
      const life = history.map(row, receivedAt ?? new Date());
      let raw: Record<string, unknown> | undefined;
      if (rawSpec === "all") {
        raw = {};
        for (const k in row) if (row[k] !== "" && row[k] !== null && row[k] !== undefined) raw[k] = row[k];
      }
      else if (Array.isArray(rawSpec)) raw = Object.fromEntries(rawSpec.map((c) => [c, read(row, c)]).filter(([, v]) => v !== ""));
      if (category !== undefined) raw = { ...raw, _mapped: { category } };
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
          receivedAt,
          raw,
        },
        ...(life ? { history: life } : {}),
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
