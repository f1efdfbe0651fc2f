// `cityops import`: a CSV or NDJSON file of any layout, read line by line, mapped row by row, the
// good rows written in chunks (each chunk its own transaction, so a killed import restarted on the
// same file finishes without duplicates), the bad ones copied with their line and reason to a
// rejects file. Where the rows go is a sink: straight into the database, or through a running
// hub's NDJSON endpoint when the hub holds the embedded data folder.

import { createReadStream, createWriteStream, statSync, type WriteStream } from "node:fs";
import { once } from "node:events";
import type { Actor } from "../domain/actor.js";
import { validateNewTicket } from "../store/intake.store.js";
import type { BulkIntake, BulkItem, BulkOutcome } from "./bulk.js";
import { csvLine, readCsv } from "./csv.js";
import { RowError, isRecord } from "./fields.js";
import { readLines } from "./lines.js";
import type { CompiledMapping, Row } from "./mapping.js";

export interface SinkResult {
  created: number;
  duplicates: number;
  /** Rows the destination refused, by file line. */
  refused: { line: number; reason: string }[];
}

export interface ImportSink {
  readonly name: string;
  write(rows: { line: number; item: BulkItem }[]): Promise<SinkResult>;
  /**
   * Prepares a chunk while the one before it is still being written, and returns what writes it.
   * Chunks are staged and written in file order, each written after the one before.
   */
  stage?(rows: { line: number; item: BulkItem }[]): Promise<() => Promise<SinkResult>>;
  /** After the last chunk: whatever the sink left to do (months a history import filled). */
  finish?(): Promise<void>;
}

export class DirectSink implements ImportSink {
  readonly name = "database";
  readonly stage?: ImportSink["stage"];

  /** `overlap`: stage a chunk while the one before is written (PostgreSQL only: see BulkIntake.stage). */
  constructor(
    private readonly bulk: BulkIntake,
    private readonly actor: Actor,
    overlap = false,
  ) {
    if (overlap) {
      this.stage = async (rows) => {
        const write = await this.bulk.stage(this.actor, rows.map((r) => r.item));
        return async () => this.result(rows, await write());
      };
    }
  }

  async write(rows: { line: number; item: BulkItem }[]): Promise<SinkResult> {
    return this.result(rows, await this.bulk.write(this.actor, rows.map((r) => r.item)));
  }

  finish(): Promise<void> {
    return this.bulk.finish();
  }

  private result(rows: { line: number }[], out: BulkOutcome): SinkResult {
    return { created: out.created, duplicates: out.duplicates, refused: out.refused.map((r) => ({ line: rows[r.index]!.line, reason: r.reason })) };
  }
}

export interface ImportProgress {
  rows: number;
  imported: number;
  duplicates: number;
  rejected: number;
  bytes: number;
  totalBytes: number;
  elapsedMs: number;
  /** The final report, after the last chunk was written. */
  done?: boolean;
}

export interface ImportSummary extends ImportProgress {
  file: string;
  format: "csv" | "ndjson";
  dryRun: boolean;
  /** Valid rows (what a dry run would import, duplicates included). */
  valid: number;
  rowsPerSecond: number;
  rejectsFile: string | null;
}

export interface ImportOptions {
  file: string;
  format: "csv" | "ndjson";
  delimiter?: string;
  mapping: CompiledMapping;
  /** null: dry run, nothing is written. */
  sink: ImportSink | null;
  rejectsFile?: string | undefined;
  chunkSize?: number;
  onProgress?: (p: ImportProgress) => void;
}

/** A row as it came, to copy into the rejects file. */
interface Original {
  line: number;
  fields?: string[];
  text: string;
}

class Rejects {
  private out: WriteStream | null = null;
  private header: string[] = [];

  constructor(
    private readonly path: string | undefined,
    private readonly format: "csv" | "ndjson",
  ) {}

  setHeader(header: string[]): void {
    this.header = header;
  }

  async write(o: Original, reason: string): Promise<void> {
    if (!this.path) return;
    if (!this.out) {
      this.out = createWriteStream(this.path, { encoding: "utf8" });
      if (this.format === "csv") this.out.write(`${csvLine(["line", "reason", ...this.header])}\n`);
    }
    const text = this.format === "csv" ? csvLine([String(o.line), reason, ...(o.fields ?? [o.text])]) : JSON.stringify({ line: o.line, reason, row: o.text });
    if (!this.out.write(`${text}\n`)) await once(this.out, "drain");
  }

  async close(): Promise<void> {
    // An import without rejects still leaves a (header-only) file when one was asked for.
    if (this.path && !this.out) {
      this.out = createWriteStream(this.path, { encoding: "utf8" });
      if (this.format === "csv") this.out.write(`${csvLine(["line", "reason", ...this.header])}\n`);
    }
    if (!this.out) return;
    const out = this.out;
    await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
  }
}

type Parsed = { original: Original; row?: Row; error?: string; bytes: number };

async function* csvRows(file: string, delimiter: string, mapping: CompiledMapping, rejects: Rejects): AsyncGenerator<Parsed> {
  let header: string[] | null = null;
  for await (const r of readCsv(createReadStream(file, { highWaterMark: 1 << 18 }), delimiter)) {
    if (!header) {
      header = r.fields.map((h) => h.trim());
      const missing = mapping.columns.filter((c) => !header!.includes(c));
      if (missing.length > 0) throw new Error(`the mapping reads columns the file's header lacks: ${missing.map((c) => JSON.stringify(c)).join(", ")}`);
      rejects.setHeader(header);
      continue;
    }
    const original: Original = { line: r.line, fields: r.fields, text: r.text };
    if (r.error) yield { original, error: r.error, bytes: r.bytes };
    else if (r.fields.length !== header.length) yield { original, error: `expected ${header.length} fields, found ${r.fields.length} / 列数不符`, bytes: r.bytes };
    else {
      const row: Row = {};
      for (let i = 0; i < header.length; i++) row[header[i]!] = r.fields[i];
      yield { original, row, bytes: r.bytes };
    }
  }
  if (!header) throw new Error("the file is empty: a CSV needs a header row");
}

async function* ndjsonRows(file: string): AsyncGenerator<Parsed> {
  for await (const l of readLines(createReadStream(file, { highWaterMark: 1 << 18 }))) {
    const original: Original = { line: l.line, text: l.text };
    if (l.tooLong) {
      yield { original, error: "line longer than 1,000,000 characters / 行过长", bytes: l.bytes };
      continue;
    }
    if (l.text.trim() === "") continue;
    let value: unknown;
    try {
      value = JSON.parse(l.text);
    } catch (err) {
      yield { original, error: `not valid JSON: ${(err as Error).message} / 不是有效的 JSON`, bytes: l.bytes };
      continue;
    }
    if (!isRecord(value)) yield { original, error: "a record must be a JSON object / 每条记录须为 JSON 对象", bytes: l.bytes };
    else yield { original, row: value, bytes: l.bytes };
  }
}

export async function runImport(opts: ImportOptions): Promise<ImportSummary> {
  const started = Date.now();
  const totalBytes = statSync(opts.file).size;
  const chunkSize = opts.chunkSize ?? 10_000;
  const rejects = new Rejects(opts.rejectsFile, opts.format);
  const p: ImportProgress = { rows: 0, imported: 0, duplicates: 0, rejected: 0, bytes: 0, totalBytes, elapsedMs: 0 };
  let valid = 0;
  let chunk: { line: number; item: BulkItem; original: Original }[] = [];
  const report = () => opts.onProgress?.({ ...p, elapsedMs: Date.now() - started });

  // One chunk is written while the next is read and mapped: the database and the parser overlap.
  let inFlight: Promise<void> | null = null;
  const settle = async (rows: typeof chunk, out: SinkResult) => {
    p.imported += out.created;
    p.duplicates += out.duplicates;
    if (out.refused.length > 0) {
      const byLine = new Map(rows.map((c) => [c.line, c.original]));
      for (const r of out.refused) {
        p.rejected++;
        valid--;
        await rejects.write(byLine.get(r.line) ?? { line: r.line, text: "" }, r.reason);
      }
    }
    report();
  };
  const flush = async () => {
    const rows = chunk;
    chunk = [];
    const sink = opts.sink;
    // A sink that can stage prepares this chunk while the one before is still being written.
    const write = rows.length > 0 && sink?.stage ? await sink.stage(rows) : null;
    await inFlight;
    inFlight = null;
    if (rows.length === 0 || !sink) return;
    inFlight = (write ? write() : sink.write(rows)).then((out) => settle(rows, out));
    // A failed write must surface even if no later flush awaits it.
    inFlight.catch(() => {});
  };

  try {
    const rows = opts.format === "csv" ? csvRows(opts.file, opts.delimiter ?? ",", opts.mapping, rejects) : ndjsonRows(opts.file);
    let lastReport = Date.now();
    for await (const r of rows) {
      p.rows++;
      p.bytes = r.bytes;
      let reason = r.error;
      if (!reason && r.row) {
        try {
          const item = opts.mapping.map(r.row);
          reason = validateNewTicket(item.ticket, new Date()) ?? undefined;
          if (!reason) {
            valid++;
            chunk.push({ line: r.original.line, item, original: r.original });
          }
        } catch (err) {
          if (!(err instanceof RowError)) throw err;
          reason = err.message;
        }
      }
      if (reason) {
        p.rejected++;
        await rejects.write(r.original, reason);
      }
      if (chunk.length >= chunkSize) await flush();
      if (Date.now() - lastReport > 250) {
        lastReport = Date.now();
        report();
      }
    }
    await flush();
    await inFlight;
    await opts.sink?.finish?.();
  } finally {
    await rejects.close();
  }
  p.bytes = totalBytes;
  p.elapsedMs = Date.now() - started;
  opts.onProgress?.({ ...p, done: true });
  return {
    ...p,
    file: opts.file,
    format: opts.format,
    dryRun: opts.sink === null,
    valid,
    rowsPerSecond: Math.round(p.rows / Math.max(0.001, p.elapsedMs / 1000)),
    rejectsFile: opts.rejectsFile ?? null,
  };
}
