// Talking to a running hub from the CLI: where it is, a token for it, and the import sink that sends
// rows through its NDJSON endpoint (the only way in while the hub holds the embedded data folder).

import { existsSync } from "node:fs";
import path from "node:path";
import type { Role } from "@cityops/schema";
import type { Config } from "../config.js";
import { resolveSecret, signToken } from "../auth/tokens.js";
import type { BulkItem } from "./bulk.js";
import type { ImportSink, SinkResult } from "./import.js";
import type { IngestResult } from "./ingest.js";
import { historyRecord } from "./mapping-history.js";

export function hubUrl(cfg: Config, given?: string): string {
  return (given ?? `http://localhost:${cfg.port}`).replace(/\/$/, "");
}

/**
 * A token for the hub: the one given, or one signed with the hub's secret (CITYOPS_JWT_SECRET, or
 * the demo secret in the data folder). Never creates a secret: a new one would not match the hub's.
 */
export async function hubToken(cfg: Config, role: Role, opts: { token?: string | undefined; department?: string } = {}): Promise<string> {
  if (opts.token) return opts.token;
  if (!cfg.jwtSecret && !existsSync(path.join(cfg.dataDir, "jwt-secret"))) {
    throw new Error(`no token for the hub: pass --token, or run with the hub's CITYOPS_DATA_DIR (no demo secret in ${cfg.dataDir}) or CITYOPS_JWT_SECRET`);
  }
  const secret = resolveSecret(cfg);
  const sub = role === "department" ? `dept:${opts.department}` : `${role}:cli`;
  return signToken(secret, { sub, role, ...(opts.department ? { dept: opts.department } : {}) }, "12h");
}

/** The ticket model's own fields (format=ticket on the NDJSON endpoint). */
export function ticketRecord(item: BulkItem): Record<string, unknown> {
  const t = item.ticket;
  return {
    externalId: t.externalId,
    channel: t.channel,
    appealType: t.appealType,
    content: t.content,
    title: t.title,
    address: t.address,
    lat: t.lat,
    lng: t.lng,
    citizenName: t.citizenName,
    citizenPhone: t.citizenPhone,
    receivedAt: t.receivedAt?.toISOString(),
    raw: t.raw,
    departmentCode: item.departmentCode,
    history: item.history ? historyRecord(item.history) : undefined,
  };
}

export class RemoteSink implements ImportSink {
  readonly name: string;

  constructor(
    private readonly url: string,
    private readonly token: string,
    /** The imported file's name: the rows are history (see BulkOptions.history). */
    private readonly file: string,
  ) {
    this.name = `${url}/ingest/ndjson`;
  }

  async write(rows: { line: number; item: BulkItem }[]): Promise<SinkResult> {
    const out: SinkResult = { created: 0, duplicates: 0, refused: [] };
    const bySource = new Map<string, { line: number; item: BulkItem }[]>();
    for (const r of rows) {
      const list = bySource.get(r.item.ticket.source) ?? [];
      list.push(r);
      bySource.set(r.item.ticket.source, list);
    }
    for (const [source, list] of bySource) {
      const body = list.map((r) => JSON.stringify(ticketRecord(r.item))).join("\n");
      let res: Response;
      try {
        res = await fetch(`${this.url}/ingest/ndjson?source=${source}&format=ticket&history=${encodeURIComponent(this.file)}`, {
          method: "POST",
          headers: { "content-type": "application/x-ndjson", authorization: `Bearer ${this.token}` },
          body,
        });
      } catch (err) {
        throw new Error(`cannot reach the hub at ${this.url}: ${(err as Error).message}`);
      }
      const text = await res.text();
      if (!res.ok) throw new Error(`the hub refused the rows (HTTP ${res.status}): ${text.slice(0, 300)}`);
      const result = JSON.parse(text) as IngestResult;
      out.created += result.created;
      out.duplicates += result.duplicates;
      // The hub numbers lines of the body it got; map them back to lines of the file.
      for (const e of result.errors) out.refused.push({ line: list[e.line - 1]?.line ?? 0, reason: e.reason });
      for (let i = result.errors.length; i < result.invalid; i++) out.refused.push({ line: 0, reason: "refused by the hub (reason not listed) / 被拒绝" });
    }
    return out;
  }
}
