// The canonical record: the ticket model's own fields. Used by systems that already speak our model
// and by `cityops import`, whose mapping produces it, when it sends rows through a running hub.
import type { Source } from "@cityops/schema";
import type { Adapter } from "./types.js";
import { historyFromRecord } from "../mapping-history.js";
import { channelOf, explicitAppealType, inferAppealType, isRecord, optString, optTime, position, reqString, RowError } from "../fields.js";

const DEFAULT_CHANNEL: Record<Source, "phone" | "grid_report" | "department_push"> = {
  hotline: "phone",
  grid: "grid_report",
  department: "department_push",
};

export function ticketAdapter(source: Source): Adapter {
  return (r, ctx) => {
    const content = reqString(r, "content");
    if (r.raw !== undefined && r.raw !== null && !isRecord(r.raw)) throw new RowError("raw must be an object / raw 须为对象");
    const receivedAt = optTime(r, "receivedAt");
    return {
      ticket: {
        source,
        externalId: reqString(r, "externalId"),
        channel: channelOf(optString(r, "channel"), DEFAULT_CHANNEL[source]),
        appealType: explicitAppealType(r) ?? inferAppealType(undefined, content),
        content,
        title: optString(r, "title"),
        address: optString(r, "address"),
        ...position(r),
        citizenName: optString(r, "citizenName"),
        citizenPhone: optString(r, "citizenPhone"),
        receivedAt,
        raw: isRecord(r.raw) ? r.raw : undefined,
      },
      departmentCode: optString(r, "departmentCode"),
      ...(r.history !== undefined && r.history !== null ? { history: historyFromRecord(r.history, receivedAt ?? ctx.now) } : {}),
    };
  };
}
