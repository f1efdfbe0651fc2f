// POST /ingest/ndjson?source=hotline|grid|department[&format=native|ticket][&history=<file>]: one JSON record per
// line, streamed (the body is never held whole), Bearer token of an operator or admin. Answers
// { created, duplicates, invalid, errors: [{ line, reason }] } like the ingestTickets mutation;
// blank lines are skipped but counted, so `line` is the line of the body. With `history` the
// records are a history import (`cityops import` through a hub): written in their recorded state,
// one `imported` event per chunk.

import type { Request, RequestHandler, Response } from "express";
import { SOURCES, type Source } from "@cityops/schema";
import type { Services } from "../services.js";
import type { Logger } from "../log.js";
import { authenticate } from "../auth/authenticate.js";
import { DomainError } from "../domain/errors.js";
import { RECORD_FORMATS, type RecordFormat } from "../ingest/adapters/index.js";
import { emptyResult, type Incoming, type IngestResult } from "../ingest/ingest.js";
import { readLines } from "../ingest/lines.js";

export const NDJSON_ROLES = ["operator", "admin"] as const;

function fail(res: Response, status: number, code: string, message: string): void {
  res.status(status).json({ error: message, code });
}

/** Each non-blank line decoded, or the reason it could not be. */
export async function* ndjsonRecords(req: Request): AsyncGenerator<Incoming> {
  for await (const l of readLines(req)) {
    if (l.tooLong) {
      yield { line: l.line, error: "line longer than 1,000,000 characters / 行过长" };
      continue;
    }
    if (l.text.trim() === "") continue;
    try {
      yield { line: l.line, record: JSON.parse(l.text) as unknown };
    } catch (err) {
      yield { line: l.line, error: `not valid JSON: ${(err as Error).message} / 不是有效的 JSON` };
    }
  }
}

export function ndjsonIngest(opts: { services: Services; secret: Uint8Array; log: Logger }): RequestHandler {
  const { services, secret, log } = opts;
  return async (req: Request, res: Response) => {
    let actor;
    try {
      actor = await authenticate(secret, services.ref, req.headers.authorization);
    } catch (err) {
      if (err instanceof DomainError) return fail(res, 401, "UNAUTHENTICATED", err.message);
      throw err;
    }
    if (!actor) return fail(res, 401, "UNAUTHENTICATED", "A Bearer token is required / 需要令牌");
    if (!(NDJSON_ROLES as readonly string[]).includes(actor.role)) return fail(res, 403, "FORBIDDEN", `Role ${actor.role} may not ingest / 当前角色无权接入数据`);
    const source = String(req.query.source ?? "") as Source;
    if (!SOURCES.includes(source)) return fail(res, 400, "BAD_USER_INPUT", `?source= must be one of ${SOURCES.join(", ")} / 来源参数错误`);
    const format = String(req.query.format ?? "native") as RecordFormat;
    if (!RECORD_FORMATS.includes(format)) return fail(res, 400, "BAD_USER_INPUT", `?format= must be one of ${RECORD_FORMATS.join(", ")} / 格式参数错误`);

    let progress: IngestResult = emptyResult();
    try {
      const history = typeof req.query.history === "string" ? { file: req.query.history.slice(0, 200) } : undefined;
      const result = await services.ingest.ingest(actor, source, format, ndjsonRecords(req), { onChunk: (r) => (progress = { ...r, errors: [] }), ...(history ? { history } : {}) });
      log.info({ source, format, actor: actor.id, created: result.created, duplicates: result.duplicates, invalid: result.invalid }, "ndjson ingest");
      res.json(result);
    } catch (err) {
      // Chunks committed before the failure stay: a retry of the same body adds only what is missing.
      log.error({ err, source }, "ndjson ingest failed");
      if (!res.headersSent) {
        res.status(500).json({ error: "Ingest failed part-way; committed chunks are kept, retry the same body / 接入中断，已提交部分保留，可重试", code: "INTERNAL_SERVER_ERROR", committed: { created: progress.created, duplicates: progress.duplicates } });
      }
    }
  };
}
