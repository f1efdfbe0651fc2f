// Line-by-line reading of a byte stream in constant memory: `for await` over the stream pulls one
// chunk at a time (so a slow database slows the reader, not the other way round), and a line longer
// than the limit is reported and skipped instead of being buffered without bound.

import type { Readable } from "node:stream";

export interface Line {
  /** 1-based physical line number. */
  line: number;
  /** Without the line break (\n or \r\n). */
  text: string;
  /** Set when the line was longer than the limit; `text` is then empty. */
  tooLong?: boolean;
  /** Bytes of the stream consumed up to the end of this line (for progress). */
  bytes: number;
}

export const MAX_LINE_CHARS = 1_000_000;

export async function* readLines(stream: Readable, maxChars = MAX_LINE_CHARS): AsyncGenerator<Line> {
  stream.setEncoding("utf8");
  let buffer = "";
  let line = 0;
  let bytes = 0;
  let skipping = false;
  let first = true;
  for await (const chunk of stream as AsyncIterable<string>) {
    let text = chunk;
    if (first) {
      first = false;
      // A UTF-8 byte order mark is not part of the first record.
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    bytes += Buffer.byteLength(chunk);
    buffer += text;
    let start = 0;
    let nl: number;
    while ((nl = buffer.indexOf("\n", start)) !== -1) {
      line++;
      const end = nl > start && buffer.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      if (skipping) {
        skipping = false;
        yield { line, text: "", tooLong: true, bytes };
      } else yield { line, text: buffer.slice(start, end), bytes };
      start = nl + 1;
    }
    buffer = buffer.slice(start);
    if (buffer.length > maxChars) {
      skipping = true;
      buffer = "";
    }
  }
  if (skipping) yield { line: line + 1, text: "", tooLong: true, bytes };
  else if (buffer.length > 0) yield { line: line + 1, text: buffer.endsWith("\r") ? buffer.slice(0, -1) : buffer, bytes };
}
