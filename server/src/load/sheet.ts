// Reading a city's files: spreadsheets (XLSX through exceljs, CSV through csv-parse) as rows with
// their line numbers, and GeoJSON FeatureCollections as features with their index. Columns are
// mapped to our fields with the same field specs as ticket imports (ingest/mapping.ts).

import { createReadStream, readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "csv-parse";
import ExcelJS from "exceljs";
import { compileField, type FieldSpec, type Getter, type Row } from "../ingest/mapping-fields.js";

/** A load's mapping file: where each of our fields is in the city's file. */
export interface LoadMapping {
  /** Our field → a column (or property), or a field spec as in ticket imports. */
  fields?: Record<string, FieldSpec>;
  /** CSV only. */
  delimiter?: string;
  /** XLSX only: the worksheet's name (default: the first). */
  sheet?: string;
  /** GeoJSON only: the coordinates' datum; GCJ-02 (火星坐标) is converted to WGS-84. */
  crs?: "wgs84" | "gcj02";
}

export interface SheetRow {
  /** 1-based line (CSV) or row number (XLSX); for GeoJSON the 0-based feature index. */
  line: number;
  values: Record<string, string>;
  /** The row as read, for a rejects file. */
  raw: Row;
}

export class LoadFileError extends Error {
  override readonly name = "LoadFileError";
}

export function readMapping(file: string | undefined): LoadMapping {
  if (!file) return {};
  let spec: unknown;
  try {
    spec = JSON.parse(readFileSync(file, "utf8"));
  } catch (err) {
    throw new LoadFileError(`mapping ${file}: ${(err as Error).message}`);
  }
  if (!spec || typeof spec !== "object" || Array.isArray(spec)) throw new LoadFileError(`mapping ${file}: expected a JSON object`);
  return spec as LoadMapping;
}

/** Our fields' getters from the defaults and the mapping; columns the file lacks are caught by `requireColumns`. */
export function fieldGetters(defaults: Record<string, string>, mapping: LoadMapping): { get: Record<string, Getter>; columns: Set<string> } {
  const columns = new Set<string>();
  const get: Record<string, Getter> = {};
  for (const key of Object.keys(mapping.fields ?? {})) {
    if (!(key in defaults)) throw new LoadFileError(`mapping: unknown field "${key}" (fields: ${Object.keys(defaults).join(", ")})`);
  }
  for (const [field, column] of Object.entries(defaults)) {
    const spec = mapping.fields?.[field] ?? column;
    get[field] = compileField(`fields.${field}`, spec, columns);
  }
  return { get, columns };
}

/** Stops a load before its first row when the file lacks a column the mapping reads. */
export function requireColumns(header: readonly string[], columns: Set<string>, optional: ReadonlySet<string>): void {
  const have = new Set(header);
  const missing = [...columns].filter((c) => !have.has(c) && !optional.has(c));
  if (missing.length) throw new LoadFileError(`the file has no column ${missing.map((m) => `"${m}"`).join(", ")} (it has ${header.map((h) => `"${h}"`).join(", ")}); map yours with --mapping`);
}

/** XLSX cell values as text: dates as ISO dates, rich text as its text, formulas as their result. */
function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return "";
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === "object") {
    if ("richText" in v) return v.richText.map((r) => r.text).join("");
    if ("result" in v) return cellText(v.result as ExcelJS.CellValue);
    if ("text" in v) return String(v.text);
    return "";
  }
  return String(v);
}

/** A spreadsheet's header and rows, whole: a city's sheets are thousands of rows, not millions. */
export async function readSpreadsheet(file: string, mapping: LoadMapping): Promise<{ header: string[]; rows: SheetRow[] }> {
  const ext = path.extname(file).toLowerCase();
  if (ext === ".xlsx") {
    const book = new ExcelJS.Workbook();
    try {
      await book.xlsx.readFile(file);
    } catch (err) {
      throw new LoadFileError(`${path.basename(file)} is not a readable XLSX workbook: ${(err as Error).message}`);
    }
    const sheet = mapping.sheet ? book.getWorksheet(mapping.sheet) : book.worksheets[0];
    if (!sheet) throw new LoadFileError(mapping.sheet ? `no worksheet "${mapping.sheet}" (it has ${book.worksheets.map((w) => w.name).join(", ")})` : "the workbook has no worksheet");
    const header: string[] = [];
    sheet.getRow(1).eachCell({ includeEmpty: true }, (cell, col) => (header[col - 1] = cellText(cell.value).trim()));
    const rows: SheetRow[] = [];
    sheet.eachRow({ includeEmpty: false }, (row, number) => {
      if (number === 1) return;
      const raw: Row = {};
      header.forEach((h, i) => (raw[h] = cellText(row.getCell(i + 1).value).trim()));
      if (Object.values(raw).every((v) => v === "")) return;
      rows.push({ line: number, values: {}, raw });
    });
    return { header, rows };
  }
  if (ext !== ".csv" && ext !== ".tsv" && ext !== ".txt") throw new LoadFileError(`${path.basename(file)}: a spreadsheet is .xlsx or .csv`);
  const parser = createReadStream(file).pipe(
    parse({ bom: true, delimiter: mapping.delimiter ?? (ext === ".tsv" ? "\t" : ","), columns: true, skip_empty_lines: true, trim: true, info: true }),
  );
  const rows: SheetRow[] = [];
  let header: string[] = [];
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: Row; info: { lines: number; columns: { name: string }[] } }>) {
      if (header.length === 0) header = info.columns.map((c) => c.name);
      rows.push({ line: info.lines, values: {}, raw: record });
    }
  } catch (err) {
    const e = err as { lines?: number; message: string };
    throw new LoadFileError(`${path.basename(file)}${e.lines ? ` line ${e.lines}` : ""}: ${e.message}`);
  }
  if (header.length === 0) {
    const first = readFileSync(file, "utf8").split(/\r?\n/)[0] ?? "";
    header = first.replace(/^\uFEFF/, "").split(mapping.delimiter ?? ",").map((h) => h.trim());
  }
  return { header, rows };
}

/** A GeoJSON FeatureCollection's features as rows of their properties (`$id` is the feature's id). */
export function readFeatures(file: string): { header: string[]; rows: (SheetRow & { geometry: unknown })[] } {
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(file, "utf8"));
  } catch (err) {
    throw new LoadFileError(`${path.basename(file)} is not JSON: ${(err as Error).message}`);
  }
  const fc = doc as { type?: unknown; features?: unknown };
  if (!fc || fc.type !== "FeatureCollection" || !Array.isArray(fc.features)) throw new LoadFileError(`${path.basename(file)} is not a GeoJSON FeatureCollection`);
  const header = new Set<string>(["$id"]);
  const rows = fc.features.map((f: unknown, index: number) => {
    const feat = (f ?? {}) as { id?: unknown; properties?: Record<string, unknown> | null; geometry?: unknown };
    const raw: Row = { $id: feat.id === undefined || feat.id === null ? "" : String(feat.id), ...(feat.properties ?? {}) };
    Object.keys(raw).forEach((k) => header.add(k));
    return { line: index, values: {}, raw, geometry: feat.geometry ?? null };
  });
  return { header: [...header], rows };
}

/** Applies the getters to every row. */
export function mapRows<T extends SheetRow>(rows: T[], get: Record<string, Getter>): T[] {
  for (const r of rows) for (const [field, g] of Object.entries(get)) r.values[field] = g(r.raw);
  return rows;
}
