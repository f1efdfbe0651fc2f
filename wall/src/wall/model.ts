// The wall's vocabulary: the frame as the hub sends it, labels in Chinese, and district time.

export interface WallKpis {
  todayReceived: number;
  todayClosed: number;
  open: number;
  overdue: number;
  closureRate: number | null;
  satisfactionRate: number | null;
  onTimeRate: number | null;
  reopenRate: number | null;
  avgHandlingHours: number | null;
}

export interface FrameTicket {
  id: number;
  at: string;
  source: string;
  channel: string;
  appealType: string;
  domain: string | null;
  streetId: number | null;
  gridCellId: number | null;
  status: string;
  text: string;
}

export interface FrameWarning {
  id: number;
  kind: string;
  severity: string;
  title: string;
  at: string;
  // Not in the frame yet (asked of the server): where the warning is, so the map can pulse it.
  regionId?: number | null;
  lat?: number | null;
  lng?: number | null;
}

export interface WallFrame {
  seq: number;
  at: string;
  kpis: WallKpis;
  byGridCell: { regionId: number; count: number }[];
  byStreet: { regionId: number; count: number }[];
  byDomain: { domain: string; count: number }[];
  bySource: { source: string; count: number }[];
  latest: FrameTicket[];
  warnings: FrameWarning[];
}

export type Connection = "connecting" | "open" | "closed";

export const DISTRICT_NAME = "黄渤海新区城市运行管理中心";

/** The ten domains of the responsibility list, in the order DOMAIN.md gives them. */
export const DOMAINS: readonly { code: string; zh: string }[] = [
  { code: "URBAN_RURAL_CONSTRUCTION", zh: "城乡建设" },
  { code: "CITY_MANAGEMENT", zh: "城市管理" },
  { code: "ECOLOGY_ENVIRONMENT", zh: "生态环境" },
  { code: "MARKET_REGULATION", zh: "市场监管" },
  { code: "TRANSPORT", zh: "交通运输" },
  { code: "SOCIAL_SERVICES", zh: "社会事业" },
  { code: "LABOR_SOCIAL_SECURITY", zh: "人力社保" },
  { code: "PUBLIC_SAFETY", zh: "公共安全" },
  { code: "AGRICULTURE_RURAL", zh: "农业农村" },
  { code: "CIVIL_AFFAIRS_COMMUNITY", zh: "民政社区" },
];
export const UNKNOWN_DOMAIN = "UNKNOWN";

const DOMAIN_ZH = new Map(DOMAINS.map((d) => [d.code, d.zh]));
export const domainName = (code: string | null | undefined): string => (code ? (DOMAIN_ZH.get(code.toUpperCase()) ?? "未分类") : "未分类");

const SOURCE_ZH: Record<string, string> = { hotline: "热线", grid: "网格", department: "部门" };
export const SOURCES = ["hotline", "grid", "department"] as const;
export const sourceName = (code: string): string => SOURCE_ZH[code.toLowerCase()] ?? code;

const APPEAL_ZH: Record<string, string> = { consult: "咨询", help: "求助", complaint: "投诉", report: "举报", suggestion: "建议", praise: "表扬" };
export const appealName = (code: string): string => APPEAL_ZH[code.toLowerCase()] ?? code;

const STATUS_ZH: Record<string, string> = {
  received: "已受理",
  dispatched: "已派单",
  accepted: "已签收",
  in_progress: "办理中",
  returned: "已退单",
  replied: "已答复",
  called_back: "已回访",
  closed: "已办结",
  reopened: "重办",
};
export const statusName = (code: string): string => STATUS_ZH[code.toLowerCase()] ?? code;

const SEVERITY_ZH: Record<string, string> = { critical: "特急", high: "严重", medium: "较重", low: "一般", info: "提示" };
export const severityName = (code: string): string => SEVERITY_ZH[code.toLowerCase()] ?? code;
export const isSevere = (severity: string): boolean => severity === "high" || severity === "critical";

const KIND_ZH: Record<string, string> = {
  surge: "诉求激增",
  repeat: "重复诉求",
  collective: "群体诉求",
  overdue: "超期预警",
  due_soon: "临期预警",
  department_quality: "办理质量",
  proactive: "未诉先办",
};
export const warningKindName = (code: string): string => KIND_ZH[code.toLowerCase()] ?? code;

// The district is in UTC+8 all year (no daylight saving), whatever the wall machine's zone is.
const DISTRICT_OFFSET_MS = 8 * 3600_000;
const pad = (n: number) => String(n).padStart(2, "0");
const local = (ms: number) => new Date(ms + DISTRICT_OFFSET_MS);

export function clockParts(ms: number): { date: string; weekday: string; time: string } {
  const d = local(ms);
  return {
    date: `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`,
    weekday: `星期${"日一二三四五六"[d.getUTCDay()]}`,
    time: `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`,
  };
}

export const timeOfDay = (iso: string): string => clockParts(Date.parse(iso)).time;
export const hourMinute = (iso: string): string => clockParts(Date.parse(iso)).time.slice(0, 5);

/** Start of the district-time hour containing ms, as epoch ms. */
export const hourStart = (ms: number): number => Math.floor((ms + DISTRICT_OFFSET_MS) / 3600_000) * 3600_000 - DISTRICT_OFFSET_MS;
export const districtHour = (ms: number): number => local(ms).getUTCHours();

export function percent(rate: number | null): string {
  return rate === null ? "--" : (rate * 100).toFixed(1);
}
