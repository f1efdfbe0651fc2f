// Ingest for pushing systems: records in a source's own format (or the ticket model's), checked one
// by one, the good ones written through the bulk path in chunks. Used by the ingestTickets
// mutation, the NDJSON endpoint and `cityops import`; every caller gets the same answer: how many
// were new, how many were already there, and each invalid record's line and reason.

import type { Source } from "@cityops/schema";
import type { Db } from "../db/client.js";
import type { Actor } from "../domain/actor.js";
import type { EventBus } from "../realtime/bus.js";
import type { DispatchService } from "../services/dispatch.service.js";
import { validateNewTicket, type Locator } from "../store/intake.store.js";
import type { ReferenceData } from "../store/reference.store.js";
import { adapt, adapterFor, type AdapterContext, type RecordFormat } from "./adapters/index.js";
import { BulkIntake, type BulkItem, type BulkOptions } from "./bulk.js";
import { RowError } from "./fields.js";

export interface IngestError {
  /** 1-based: the line of an NDJSON body or file, the position in a GraphQL list. */
  line: number;
  reason: string;
  externalId?: string | undefined;
}

export interface IngestResult {
  created: number;
  duplicates: number;
  invalid: number;
  errors: IngestError[];
  /** More records were invalid than `errors` lists. */
  errorsTruncated: boolean;
}

/** A record as it came off the wire, or why it could not even be decoded. */
export type Incoming = { line: number; record: unknown } | { line: number; error: string };

export interface IngestOptions {
  chunkSize?: number;
  /** Invalid records listed in full; the rest are counted. */
  maxErrors?: number;
  /** Called after each chunk is committed, for progress. */
  onChunk?: (result: IngestResult) => void;
  /** The records are history from this file (`cityops import` through a hub): see BulkOptions.history. */
  history?: { file: string | null };
}

export const DEFAULT_CHUNK = 1000;
export const MAX_LISTED_ERRORS = 1000;

export function emptyResult(): IngestResult {
  return { created: 0, duplicates: 0, invalid: 0, errors: [], errorsTruncated: false };
}

export class IngestService {
  private centers: Map<string, { lat: number; lng: number }> | null = null;

  constructor(
    private readonly db: Db,
    private readonly ref: ReferenceData,
    private readonly locator: () => Locator,
    private readonly dispatch: DispatchService,
    private readonly bus: EventBus,
  ) {}

  bulk(opts: BulkOptions = {}): BulkIntake {
    return new BulkIntake(this.db, this.ref, this.locator, this.dispatch, this.bus, opts);
  }

  adapterContext(now = new Date()): AdapterContext {
    this.centers ??= new Map(this.ref.regionsAt("grid_cell").map((r) => [r.code, { lat: r.centerLat, lng: r.centerLng }]));
    const centers = this.centers;
    return { now, cellCenter: (code) => centers.get(code) ?? null };
  }

  /** Adapts, validates and writes a stream of records; constant memory whatever its length. */
  async ingest(actor: Actor, source: Source, format: RecordFormat, incoming: AsyncIterable<Incoming> | Iterable<Incoming>, opts: IngestOptions = {}): Promise<IngestResult> {
    const adapter = adapterFor(source, format);
    const bulk = this.bulk(opts.history ? { history: opts.history } : {});
    const chunkSize = opts.chunkSize ?? DEFAULT_CHUNK;
    const maxErrors = opts.maxErrors ?? MAX_LISTED_ERRORS;
    const result = emptyResult();
    const reject = (line: number, reason: string, externalId?: string) => {
      result.invalid++;
      if (result.errors.length < maxErrors) result.errors.push({ line, reason, ...(externalId ? { externalId } : {}) });
      else result.errorsTruncated = true;
    };
    let chunk: BulkItem[] = [];
    let lines: number[] = [];
    const flush = async () => {
      if (chunk.length === 0) return;
      const out = await bulk.write(actor, chunk);
      result.created += out.created;
      result.duplicates += out.duplicates;
      for (const r of out.refused) reject(lines[r.index]!, r.reason, chunk[r.index]!.ticket.externalId);
      chunk = [];
      lines = [];
      opts.onChunk?.(result);
    };
    for await (const item of incoming) {
      if ("error" in item) {
        reject(item.line, item.error);
        continue;
      }
      const now = new Date();
      try {
        const adapted = adapt(adapter, item.record, this.adapterContext(now));
        const reason = validateNewTicket(adapted.ticket, now);
        if (reason) {
          reject(item.line, reason, adapted.ticket.externalId);
          continue;
        }
        chunk.push(adapted);
        lines.push(item.line);
      } catch (err) {
        if (!(err instanceof RowError)) throw err;
        reject(item.line, err.message);
        continue;
      }
      if (chunk.length >= chunkSize) await flush();
    }
    await flush();
    return result;
  }
}
