// A streaming RFC 4180 reader: quoted fields may hold delimiters, doubled quotes and line breaks.
// Chunks go in, complete records come out with the physical line they start on (what a person
// opening the file sees) and their original text, so a bad row can be reported and copied to a
// rejects file as it was. Memory is bounded by the longest record, and a record longer than the
// limit (an unterminated quote swallowing the file) is reported and skipped.

import type { Readable } from "node:stream";

export interface CsvRecord {
  /** 1-based physical line on which the record starts. */
  line: number;
  fields: string[];
  /** The record as it was in the file, without its line break. */
  text: string;
  /** Why the record is malformed, if it is. */
  error?: string;
}

const QUOTE = 34;
const CR = 13;
const LF = 10;
export const MAX_RECORD_CHARS = 1_000_000;

interface Parsed {
  fields: string[];
  next: number;
  /** Index where the record's text ends (before its line break). */
  textEnd: number;
  lines: number;
  error?: string;
}

function countLf(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = s.indexOf("\n", from); i !== -1 && i < to; i = s.indexOf("\n", i + 1)) n++;
  return n;
}

/** One record starting at `pos`, or null if the buffer ends before the record does (and more may come). */
function parseRecord(s: string, pos: number, final: boolean, delim: number): Parsed | null {
  const fields: string[] = [];
  let i = pos;
  let error: string | undefined;
  for (;;) {
    if (i < s.length && s.charCodeAt(i) === QUOTE) {
      let value = "";
      let seg = i + 1;
      let j = seg;
      for (;;) {
        const q = s.indexOf('"', j);
        if (q === -1) {
          if (!final) return null;
          fields.push(value + s.slice(seg));
          return { fields, next: s.length, textEnd: s.length, lines: countLf(s, pos, s.length), error: "unterminated quoted field / 引号未闭合" };
        }
        if (q + 1 >= s.length && !final) return null;
        if (s.charCodeAt(q + 1) === QUOTE) {
          value += s.slice(seg, q + 1);
          j = seg = q + 2;
          continue;
        }
        value += s.slice(seg, q);
        i = q + 1;
        break;
      }
      // RFC 4180 allows nothing between a closing quote and the delimiter; keep the text, flag the record.
      let k = i;
      while (k < s.length) {
        const c = s.charCodeAt(k);
        if (c === delim || c === CR || c === LF) break;
        k++;
      }
      if (k >= s.length && !final) return null;
      if (k > i) {
        value += s.slice(i, k);
        error ??= "text after a closing quote / 引号后有多余字符";
      }
      fields.push(value);
      i = k;
    } else {
      let j = i;
      while (j < s.length) {
        const c = s.charCodeAt(j);
        if (c === delim || c === CR || c === LF) break;
        j++;
      }
      if (j >= s.length && !final) return null;
      fields.push(s.slice(i, j));
      i = j;
    }
    if (i >= s.length) return { fields, next: i, textEnd: i, lines: countLf(s, pos, i), ...(error ? { error } : {}) };
    const c = s.charCodeAt(i);
    if (c === delim) {
      i++;
      continue;
    }
    if (c === CR && i + 1 >= s.length && !final) return null;
    const next = c === CR && s.charCodeAt(i + 1) === LF ? i + 2 : i + 1;
    return { fields, next, textEnd: i, lines: countLf(s, pos, i) + 1, ...(error ? { error } : {}) };
  }
}

export class CsvParser {
  private buf = "";
  private line = 1;
  private started = false;
  private readonly delim: number;

  constructor(
    delimiter = ",",
    private readonly maxRecordChars = MAX_RECORD_CHARS,
  ) {
    if (delimiter.length !== 1 || delimiter === '"' || delimiter === "\n" || delimiter === "\r") throw new Error(`invalid CSV delimiter ${JSON.stringify(delimiter)}`);
    this.delim = delimiter.charCodeAt(0);
  }

  push(chunk: string): CsvRecord[] {
    if (!this.started) {
      this.started = true;
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
    }
    this.buf += chunk;
    return this.drain(false);
  }

  end(): CsvRecord[] {
    return this.drain(true);
  }

  private drain(final: boolean): CsvRecord[] {
    const out: CsvRecord[] = [];
    let pos = 0;
    const s = this.buf;
    while (pos < s.length) {
      const r = parseRecord(s, pos, final, this.delim);
      if (!r) {
        if (s.length - pos > this.maxRecordChars) {
          // Resynchronise at the last line break seen: the runaway record is lost, the rest is not.
          const cut = s.lastIndexOf("\n");
          out.push({ line: this.line, fields: [], text: s.slice(pos, pos + 200), error: `record longer than ${this.maxRecordChars} characters (unterminated quote?) / 记录过长` });
          this.line += countLf(s, pos, cut + 1);
          pos = cut + 1;
          continue;
        }
        break;
      }
      const blank = r.fields.length === 1 && r.fields[0] === "" && !r.error;
      if (!blank) out.push({ line: this.line, fields: r.fields, text: s.slice(pos, r.textEnd), ...(r.error ? { error: r.error } : {}) });
      this.line += r.lines;
      pos = r.next;
    }
    this.buf = s.slice(pos);
    return out;
  }
}

/** Records of a CSV stream, with the bytes read so far for progress. */
export async function* readCsv(stream: Readable, delimiter = ","): AsyncGenerator<CsvRecord & { bytes: number }> {
  stream.setEncoding("utf8");
  const parser = new CsvParser(delimiter);
  let bytes = 0;
  for await (const chunk of stream as AsyncIterable<string>) {
    bytes += Buffer.byteLength(chunk);
    for (const r of parser.push(chunk)) yield { ...r, bytes };
  }
  for (const r of parser.end()) yield { ...r, bytes };
}

/** One field as CSV: quoted when it must be. */
export function csvField(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

export function csvLine(fields: readonly string[]): string {
  return fields.map(csvField).join(",");
}
