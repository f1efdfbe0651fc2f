// `cityops load <kind> <file>`: a city's reference data from the files it has. Every row or feature
// is read and checked first; any problem refuses the whole load (nothing is written); otherwise the
// changes are written in one transaction with the record of the load, and every hub process is told
// over the bus (reference data is cached in each). Loading the same file again changes nothing.

import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { checkRegions, type Crs } from "../domain/city/regions.js";
import { departmentRows, diffMatters, knowledgeRows, matterRows, type RowProblem } from "../domain/city/reference-rows.js";
import type { CityLoadStore, LoadKind } from "../store/city-load.store.js";
import type { EventBus } from "../realtime/bus.js";
import { fieldGetters, mapRows, readFeatures, readSpreadsheet, requireColumns, type LoadMapping, type SheetRow } from "./sheet.js";

/** Each kind's fields and the column (or GeoJSON property) they are read from without a mapping: a contract. */
export const DEFAULT_COLUMNS: Record<LoadKind, Record<string, string>> = {
  regions: { code: "code", name: "name", level: "level", parent: "parent" },
  departments: { code: "单位编码", name: "单位名称", kind: "类型", parent: "上级单位", contact: "联系方式" },
  matters: { key: "事项编码", name: "事项名称", domain: "领域", lead: "主责部门", co: "配合部门", legalBasis: "履职依据", keywords: "关键词", timeLimit: "办理时限" },
  knowledge: { question: "问题", answer: "答复", validFrom: "生效日期", validTo: "失效日期" },
};

/** Columns a file may lack (their fields are then empty). */
const OPTIONAL: Record<LoadKind, ReadonlySet<string>> = {
  regions: new Set(["parent"]),
  departments: new Set(["上级单位", "联系方式"]),
  matters: new Set(["事项编码", "配合部门", "关键词"]),
  knowledge: new Set(["生效日期", "失效日期"]),
};

export interface LoadProblem {
  /** Line (spreadsheets) or feature index (GeoJSON). */
  line: number;
  code?: string;
  reason: string;
}

export interface LoadSummary {
  kind: LoadKind;
  file: string;
  dryRun: boolean;
  /** True when the changes were written. */
  applied: boolean;
  rows: number;
  added: number;
  changed: number;
  retired: number;
  unchanged: number;
  repairs: LoadProblem[];
  problems: LoadProblem[];
  message: string;
}

export interface LoadRequest {
  kind: LoadKind;
  file: string;
  /** The name recorded and reported (a file sent to a running hub keeps its own name). */
  fileName?: string;
  mapping: LoadMapping;
  dryRun: boolean;
  actor: string;
}

const ORDER: LoadKind[] = ["regions", "departments", "matters", "knowledge"];

export async function runLoad(req: LoadRequest, store: CityLoadStore, bus: EventBus | null): Promise<LoadSummary & { rejected: SheetRow[] }> {
  const fileName = req.fileName ?? path.basename(req.file);
  const sha256 = createHash("sha256").update(readFileSync(req.file)).digest("hex");
  const summary: LoadSummary = { kind: req.kind, file: fileName, dryRun: req.dryRun, applied: false, rows: 0, added: 0, changed: 0, retired: 0, unchanged: 0, repairs: [], problems: [], message: "" };
  const { get, columns } = fieldGetters(DEFAULT_COLUMNS[req.kind], req.mapping);
  const record = () => ({ kind: req.kind, fileName, sha256, loadedBy: req.actor, summary: { ...summary, repairs: summary.repairs.slice(0, 200) } as unknown as Record<string, unknown> });
  const refuse = (problems: (RowProblem & { code?: string })[], rows: SheetRow[]) => {
    summary.problems = problems;
    summary.message = `refused: ${problems.length} problem${problems.length === 1 ? "" : "s"}; nothing was changed`;
    const bad = new Set(problems.map((p) => p.line));
    return { ...summary, rejected: rows.filter((r) => bad.has(r.line)) };
  };

  if (req.kind === "regions") {
    const { header, rows } = readFeatures(req.file);
    requireColumns(header, columns, OPTIONAL.regions);
    mapRows(rows, get);
    summary.rows = rows.length;
    const known = await store.knownRegions();
    const crs: Crs = req.mapping.crs === "gcj02" ? "gcj02" : "wgs84";
    const check = checkRegions(rows.map((r) => ({ index: r.line, code: r.values.code!, name: r.values.name!, level: r.values.level ?? "", parent: r.values.parent ?? "", geometry: r.geometry })), known, crs);
    summary.repairs = check.repairs.map((p) => ({ line: p.index, code: p.code, reason: p.reason }));
    if (check.problems.length) return refuse(check.problems.map((p) => ({ line: p.index, code: p.code, reason: p.reason })), rows);
    const codeOf = new Map([...known.values()].map((x) => [x.id, x.code]));
    const changed = check.regions.filter((g) => {
      const k = known.get(g.code);
      if (!k) return true;
      const parent = k.parentId === null ? null : (codeOf.get(k.parentId) ?? null);
      return k.name !== g.name || k.level !== g.level || parent !== g.parentCode || JSON.stringify(k.geometry) !== JSON.stringify(g.geometry);
    });
    summary.added = changed.filter((g) => !known.has(g.code)).length;
    summary.changed = changed.length - summary.added;
    summary.unchanged = check.regions.length - changed.length;
    return finish(changed.length > 0, () => store.applyRegions(changed, record()), "reference");
  }

  const { header, rows } = await readSpreadsheet(req.file, req.mapping);
  requireColumns(header, columns, OPTIONAL[req.kind]);
  mapRows(rows, get);
  summary.rows = rows.length;

  if (req.kind === "departments") {
    const parsed = departmentRows(rows);
    const stored = await store.departmentLookup();
    const codes = new Set([...stored.byCode.keys(), ...parsed.rows.map((d) => d.code)]);
    const names = new Set([...stored.byName.keys(), ...parsed.rows.map((d) => d.name)]);
    const problems = [...parsed.problems];
    for (const d of parsed.rows) if (d.parent && !codes.has(d.parent) && !names.has(d.parent)) problems.push({ line: d.line, reason: `上级单位 "${d.parent}" is not a department of this sheet or of the hub` });
    if (problems.length) return refuse(problems.sort((a, b) => a.line - b.line), rows);
    const byCode = new Map(stored.rows.map((d) => [d.code, d]));
    const parentCode = (id: number | null) => (id === null ? null : (stored.rows.find((x) => x.id === id)?.code ?? null));
    const upsert = parsed.rows.filter((d) => {
      const s = byCode.get(d.code);
      if (!s) return true;
      const parent = d.parent ? (stored.rows.find((x) => x.code === d.parent || x.name === d.parent)?.code ?? d.parent) : null;
      return s.name !== d.name || s.kind !== d.kind || s.contact !== d.contact || parentCode(s.parentId) !== parent;
    });
    summary.added = upsert.filter((d) => !byCode.has(d.code)).length;
    summary.changed = upsert.length - summary.added;
    summary.unchanged = parsed.rows.length - upsert.length;
    return finish(upsert.length > 0, () => store.applyDepartments({ upsert }, record()), "reference");
  }

  if (req.kind === "matters") {
    const parsed = matterRows(rows, await store.departmentLookup());
    if (parsed.problems.length) return refuse(parsed.problems, rows);
    const diff = diffMatters(parsed.rows, await store.currentMatters());
    Object.assign(summary, { added: diff.added.length, changed: diff.changed.length, retired: diff.retired.length, unchanged: diff.unchanged });
    return finish(diff.added.length + diff.changed.length + diff.retired.length > 0, () => store.applyMatters(diff, record(), req.actor), "matters");
  }

  const parsed = knowledgeRows(rows);
  if (parsed.problems.length) return refuse(parsed.problems, rows);
  const stored = await store.loadedKnowledge();
  const byQuestion = new Map(stored.map((k) => [k.question, k]));
  const t = (d: Date | null) => d?.getTime() ?? null;
  const insert = parsed.rows.filter((k) => !byQuestion.has(k.question));
  const update = parsed.rows.flatMap((k) => {
    const s = byQuestion.get(k.question);
    return s && (s.answer !== k.answer || t(s.validFrom) !== t(k.validFrom) || t(s.validTo) !== t(k.validTo) || !s.active) ? [{ ...k, id: s.id }] : [];
  });
  const inSheet = new Set(parsed.rows.map((k) => k.question));
  const deactivate = stored.filter((s) => s.active && !inSheet.has(s.question)).map((s) => s.id);
  Object.assign(summary, { added: insert.length, changed: update.length, retired: deactivate.length, unchanged: parsed.rows.length - insert.length - update.length });
  return finish(insert.length + update.length + deactivate.length > 0, () => store.applyKnowledge({ insert, update, deactivate }, record()), "reference");

  async function finish(changes: boolean, apply: () => Promise<void>, topic: "reference" | "matters") {
    const counts = `${summary.added} added, ${summary.changed} changed, ${summary.retired} retired, ${summary.unchanged} unchanged`;
    if (req.dryRun) summary.message = `dry run (nothing written): would apply ${counts}`;
    else if (!changes) summary.message = `nothing to change: the hub already holds this ${req.kind} data (${counts})`;
    else {
      await apply();
      summary.applied = true;
      summary.message = `applied: ${counts}`;
      // This process's caches are fresh when the load returns; others follow when the message arrives.
      await bus?.announce(topic);
    }
    return { ...summary, rejected: [] };
  }
}

/** What a city has loaded and what it still needs, in the order it should load it. */
export function missingKinds(status: { kind: LoadKind; count: number }[]): LoadKind[] {
  const have = new Map(status.map((s) => [s.kind, s.count]));
  return ORDER.filter((k) => !have.get(k));
}
