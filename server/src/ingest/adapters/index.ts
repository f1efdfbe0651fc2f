import type { Source } from "@cityops/schema";
import { isRecord, RowError } from "../fields.js";
import type { Adapted, Adapter, AdapterContext } from "./types.js";
import { hotlineAdapter } from "./hotline.js";
import { gridAdapter } from "./grid.js";
import { departmentAdapter } from "./department.js";
import { ticketAdapter } from "./ticket.js";

export type { Adapted, Adapter, AdapterContext } from "./types.js";

/** `native`: the source's own format (docs/INGEST.md); `ticket`: the ticket model's fields. */
export const RECORD_FORMATS = ["native", "ticket"] as const;
export type RecordFormat = (typeof RECORD_FORMATS)[number];

const NATIVE: Record<Source, Adapter> = { hotline: hotlineAdapter, grid: gridAdapter, department: departmentAdapter };

export function adapterFor(source: Source, format: RecordFormat = "native"): Adapter {
  return format === "ticket" ? ticketAdapter(source) : NATIVE[source];
}

/** Maps one decoded record; a non-object is refused like any other bad record. */
export function adapt(adapter: Adapter, record: unknown, ctx: AdapterContext): Adapted {
  if (!isRecord(record)) throw new RowError("a record must be a JSON object / 每条记录须为 JSON 对象");
  return adapter(record, ctx);
}
