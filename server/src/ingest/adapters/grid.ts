// Grid-worker reports (网格员上报): what a worker found on patrol in their cell, with GPS and photos.
import type { Adapter } from "./types.js";
import { explicitAppealType, isRecord, optString, optTime, position, reqString, RowError, type JsonRecord } from "../fields.js";

/** GPS as lat/lng fields, a {lat, lng} object or a "lat,lng" string, as field apps variously send it. */
function gps(r: JsonRecord): { lat?: number; lng?: number } {
  const g = r.gps;
  if (g === undefined || g === null || g === "") return position(r);
  if (isRecord(g)) return position(g);
  if (typeof g === "string") {
    const m = /^\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*$/.exec(g);
    if (!m) throw new RowError(`gps must be "lat,lng", got ${JSON.stringify(g)} / GPS 格式错误`);
    return position({ lat: m[1], lng: m[2] });
  }
  throw new RowError("gps must be an object {lat, lng} or a \"lat,lng\" string / GPS 格式错误");
}

export const gridAdapter: Adapter = (r, ctx) => {
  const workerId = reqString(r, "workerId");
  const category = reqString(r, "category");
  const description = reqString(r, "description");
  const photos = r.photos === undefined || r.photos === null ? [] : r.photos;
  if (!Array.isArray(photos) || photos.some((p) => typeof p !== "string")) throw new RowError("photos must be a list of URLs / photos 须为图片地址列表");
  const gridCode = optString(r, "gridCode");
  let place = gps(r);
  // No fix (indoors, old phones): the worker's own cell is still a far better place than none.
  if (place.lat === undefined && gridCode) place = ctx.cellCenter(gridCode) ?? {};
  const who = optString(r, "workerName") ?? workerId;
  return {
    ticket: {
      source: "grid",
      externalId: reqString(r, "reportId"),
      channel: "grid_report",
      appealType: explicitAppealType(r) ?? "report",
      title: `网格上报：${category}`,
      content: `网格员${who}巡查发现（${category}）：${description}${photos.length > 0 ? `（附现场照片${photos.length}张）` : ""}`,
      address: optString(r, "address"),
      ...place,
      receivedAt: optTime(r, "foundAt"),
      raw: r,
    },
  };
};
