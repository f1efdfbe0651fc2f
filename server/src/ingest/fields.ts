// Reading fields out of records that other systems wrote: strings that should be numbers, Chinese
// or English names for our codes, timestamps with or without a zone. Every reader either returns a
// value or throws a RowError whose message says which field and why, in both languages.

import { APPEAL_TYPES, CHANNELS, type AppealType, type Channel } from "@cityops/schema";
import { DISTRICT_UTC_OFFSET_ISO } from "@cityops/schema/vocabulary";

/** A record that cannot become a ticket; the message is what the sender sees next to the line. */
export class RowError extends Error {
  override readonly name = "RowError";
}

export type JsonRecord = Record<string, unknown>;

export function isRecord(v: unknown): v is JsonRecord {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** A present, non-blank value as a trimmed string; numbers are accepted as their decimal text. */
export function optString(r: JsonRecord, field: string): string | undefined {
  const v = r[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v === "number" && Number.isFinite(v)) return String(v);
  if (typeof v !== "string") throw new RowError(`${field} must be a string / ${field} 须为文本`);
  const s = v.trim();
  return s === "" ? undefined : s;
}

export function reqString(r: JsonRecord, field: string): string {
  const s = optString(r, field);
  if (s === undefined) throw new RowError(`${field} is required / 缺少 ${field}`);
  return s;
}

export function optNumber(r: JsonRecord, field: string): number | undefined {
  const v = r[field];
  if (v === undefined || v === null || v === "") return undefined;
  const n = typeof v === "number" ? v : typeof v === "string" ? Number(v.trim()) : NaN;
  if (!Number.isFinite(n)) throw new RowError(`${field} must be a number, got ${JSON.stringify(v)} / ${field} 须为数字`);
  return n;
}

/** Latitude and longitude, both or neither: a half-given position is an error, not a guess. */
export function position(r: JsonRecord, latField = "lat", lngField = "lng"): { lat?: number; lng?: number } {
  const lat = optNumber(r, latField);
  const lng = optNumber(r, lngField);
  if ((lat === undefined) !== (lng === undefined)) throw new RowError(`${latField} and ${lngField} must be given together / 经纬度须同时提供`);
  // 0,0 is the "no fix" value of many GPS devices, not a place in the sea off Africa.
  if (lat === 0 && lng === 0) return {};
  return lat === undefined ? {} : { lat, lng };
}

const ISO = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * ISO-8601 timestamps, or epoch milliseconds. A time without a zone is Beijing time (+08:00): the
 * district's own systems write local time.
 */
export function optTime(r: JsonRecord, field: string): Date | undefined {
  const v = r[field];
  if (v === undefined || v === null || v === "") return undefined;
  if (typeof v === "number") {
    const d = new Date(v);
    if (Number.isNaN(d.getTime())) throw new RowError(`${field} is not a valid time / ${field} 时间无效`);
    return d;
  }
  if (typeof v !== "string" || !ISO.test(v.trim())) {
    throw new RowError(`${field} must be an ISO-8601 time such as 2025-06-12T09:31:00+08:00, got ${JSON.stringify(v)} / ${field} 时间格式错误`);
  }
  let s = v.trim().replace(" ", "T");
  if (!/(Z|[+-]\d{2}:?\d{2})$/.test(s)) s += s.length === 10 ? `T00:00:00${DISTRICT_UTC_OFFSET_ISO}` : DISTRICT_UTC_OFFSET_ISO;
  const d = new Date(s);
  if (Number.isNaN(d.getTime())) throw new RowError(`${field} is not a valid time / ${field} 时间无效`);
  return d;
}

const CHANNEL_NAMES: Record<string, Channel> = {
  电话: "phone", 热线: "phone", 网站: "web", 网页: "web", 微信: "wechat", 小程序: "wechat", app: "app", 爱山东: "app",
  政企通: "enterprise_line", 政企通专线: "enterprise_line", 企业专线: "enterprise_line", enterprise: "enterprise_line",
  网格上报: "grid_report", 部门推送: "department_push", 物联感知: "sensor", 传感器: "sensor",
};

/** Our channel code from its code, its Chinese name or a common alias (case-insensitive). */
export function channelOf(value: string | undefined, fallback: Channel): Channel {
  if (value === undefined) return fallback;
  const v = value.trim().toLowerCase();
  if ((CHANNELS as readonly string[]).includes(v)) return v as Channel;
  const named = CHANNEL_NAMES[v] ?? CHANNEL_NAMES[value.trim()];
  if (named) return named;
  throw new RowError(`unknown channel ${JSON.stringify(value)} (expected ${CHANNELS.join(", ")} or 电话/网站/微信/APP/政企通) / 渠道无法识别`);
}

const APPEAL_NAMES: Record<string, AppealType> = { 咨询: "consult", 求助: "help", 投诉: "complaint", 举报: "report", 建议: "suggestion", 表扬: "praise", 感谢: "praise" };
const APPEAL_WORDS: readonly [RegExp, AppealType][] = [
  [/表扬|感谢|致谢|锦旗/, "praise"],
  [/举报/, "report"],
  [/投诉/, "complaint"],
  [/建议/, "suggestion"],
  [/咨询|询问|请问|怎么办理|如何办理/, "consult"],
  [/求助|帮助|帮忙/, "help"],
];

/** An appeal type from a code or Chinese name; null when the value names none. */
export function appealTypeFromName(value: string): AppealType | null {
  const v = value.trim().toLowerCase();
  if ((APPEAL_TYPES as readonly string[]).includes(v)) return v as AppealType;
  return APPEAL_NAMES[value.trim()] ?? null;
}

/**
 * The appeal type an operator's category or the request text implies. Categories such as
 * "投诉-噪音扰民" carry it as a word; otherwise the text's own words decide, and a request that
 * says none of them is a complaint, the most common kind.
 */
export function inferAppealType(category: string | undefined, content: string, fallback: AppealType = "complaint"): AppealType {
  if (category) {
    const named = appealTypeFromName(category);
    if (named) return named;
    for (const [re, type] of APPEAL_WORDS) if (re.test(category)) return type;
  }
  for (const [re, type] of APPEAL_WORDS) if (re.test(content)) return type;
  return fallback;
}

export function explicitAppealType(r: JsonRecord, field = "appealType"): AppealType | undefined {
  const v = optString(r, field);
  if (v === undefined) return undefined;
  const t = appealTypeFromName(v);
  if (!t) throw new RowError(`unknown ${field} ${JSON.stringify(v)} (expected ${APPEAL_TYPES.join(", ")} or 咨询/求助/投诉/举报/建议/表扬) / 诉求类型无法识别`);
  return t;
}
