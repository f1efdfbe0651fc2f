import type { NewTicket } from "../../store/intake.store.js";
import type { JsonRecord } from "../fields.js";

/** What an adapter may look up; kept this small so adapters stay pure and testable without a hub. */
export interface AdapterContext {
  /** The centre of a grid cell by its code, for reports that name the cell but carry no GPS fix. */
  cellCenter(code: string): { lat: number; lng: number } | null;
  now: Date;
}

/** A record mapped into the ticket model, plus the department the sender named, if any. */
export interface Adapted {
  ticket: NewTicket;
  /** A department code the source proposes; it becomes the dispatch suggestion when it is known. */
  departmentCode?: string | undefined;
}

/** Maps one record of a source's own format; throws RowError with the reason when it cannot. */
export type Adapter = (record: JsonRecord, ctx: AdapterContext) => Adapted;
