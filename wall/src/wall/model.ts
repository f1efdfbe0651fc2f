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
  /** Where the warning is (a region of its scope), so the map can pulse it; null when it has no place. */
  regionId?: number | null;
  lat?: number | null;
  lng?: number | null;
}

/**
 * Aggregates of the last 24 hours asked of the hub's frame (see the report of issue 7). Until
 * the frame carries them the wall lists the tickets itself every 30 seconds.
 */
export interface FrameAggregates {
  /** Hour start (ISO) × domain (UNKNOWN when not classified yet), hours of the last 24. */
  byHourDomain?: { hour: string; domain: string; count: number }[];
  /** source (hotline|grid|department) → domain → lead department (null: not dispatched yet). */
  flows?: { source: string; domain: string; departmentId: number | null; count: number }[];
  /** Top departments by tickets received in the window. */
  departmentRanking?: { departmentId: number; received: number; closed: number; overdue: number }[];
}

export interface WallFrame extends FrameAggregates {
  seq: number;
  at: string;
  /** Changes when the city's map or departments are loaded anew (cityops load). */
  geoVersion?: string;
  kpis: WallKpis;
  byGridCell: { regionId: number; count: number }[];
  byStreet: { regionId: number; count: number }[];
  byDomain: { domain: string; count: number }[];
  bySource: { source: string; count: number }[];
  latest: FrameTicket[];
  warnings: FrameWarning[];
}

export type Connection = "connecting" | "open" | "closed";

/**
 * The wall speaks Chinese; `?lang=en` switches its own words to English for visitors. Citizens'
 * text stays as written.
 */
export const ENGLISH = typeof window !== "undefined" && new URLSearchParams(window.location.search).get("lang") === "en";
export const tr = (zh: string, en: string): string => (ENGLISH ? en : zh);

export const DISTRICT_NAME = tr("黄渤海新区城市运行管理中心", "Huangbohai New Area City Operations Center");

/** The ten domains of the responsibility list, in the order DOMAIN.md gives them. */
export const DOMAINS: readonly { code: string; zh: string }[] = [
  { code: "URBAN_RURAL_CONSTRUCTION", zh: tr("城乡建设", "Urban & rural construction") },
  { code: "CITY_MANAGEMENT", zh: tr("城市管理", "City management") },
  { code: "ECOLOGY_ENVIRONMENT", zh: tr("生态环境", "Ecology & environment") },
  { code: "MARKET_REGULATION", zh: tr("市场监管", "Market regulation") },
  { code: "TRANSPORT", zh: tr("交通运输", "Transport") },
  { code: "SOCIAL_SERVICES", zh: tr("社会事业", "Social services") },
  { code: "LABOR_SOCIAL_SECURITY", zh: tr("人力社保", "Labour & social security") },
  { code: "PUBLIC_SAFETY", zh: tr("公共安全", "Public safety") },
  { code: "AGRICULTURE_RURAL", zh: tr("农业农村", "Agriculture & rural") },
  { code: "CIVIL_AFFAIRS_COMMUNITY", zh: tr("民政社区", "Civil affairs & community") },
];
export const UNKNOWN_DOMAIN = "UNKNOWN";
export const UNCLASSIFIED = tr("未分类", "Unclassified");

const DOMAIN_ZH = new Map(DOMAINS.map((d) => [d.code, d.zh]));
export const domainName = (code: string | null | undefined): string => (code ? (DOMAIN_ZH.get(code.toUpperCase()) ?? UNCLASSIFIED) : UNCLASSIFIED);

type Labels = Record<string, [zh: string, en: string]>;
const label = (labels: Labels) => (code: string): string => {
  const l = labels[code.toLowerCase()];
  return l ? tr(l[0], l[1]) : code;
};

export const SOURCES = ["hotline", "grid", "department"] as const;
export const sourceName = label({ hotline: ["热线", "Hotline"], grid: ["网格", "Grid"], department: ["部门", "Dept"] });

export const appealName = label({
  consult: ["咨询", "Consult"],
  help: ["求助", "Help"],
  complaint: ["投诉", "Complaint"],
  report: ["举报", "Report"],
  suggestion: ["建议", "Suggest"],
  praise: ["表扬", "Praise"],
});

export const statusName = label({
  received: ["已受理", "Received"],
  dispatched: ["已派单", "Dispatched"],
  accepted: ["已签收", "Accepted"],
  in_progress: ["办理中", "Handling"],
  returned: ["已退单", "Returned"],
  replied: ["已答复", "Replied"],
  called_back: ["已回访", "Called back"],
  closed: ["已办结", "Closed"],
  reopened: ["重办", "Reopened"],
});

export const severityName = label({ critical: ["特急", "Critical"], high: ["严重", "High"], medium: ["较重", "Medium"], low: ["一般", "Low"], info: ["提示", "Info"] });
export const isSevere = (severity: string): boolean => severity === "high" || severity === "critical";

export const warningKindName = label({
  surge: ["诉求激增", "Surge"],
  repeat: ["重复诉求", "Repeated"],
  collective: ["群体诉求", "Collective"],
  overdue: ["超期预警", "Overdue"],
  due_soon: ["临期预警", "Due soon"],
  department_quality: ["办理质量", "Handling quality"],
  proactive: ["未诉先办", "Proactive"],
});

// The district is in UTC+8 all year (no daylight saving), whatever the wall machine's zone is.
const DISTRICT_OFFSET_MS = 8 * 3600_000;
const pad = (n: number) => String(n).padStart(2, "0");
const local = (ms: number) => new Date(ms + DISTRICT_OFFSET_MS);

export function clockParts(ms: number): { date: string; weekday: string; time: string } {
  const d = local(ms);
  return {
    date: `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`,
    weekday: ENGLISH ? ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"][d.getUTCDay()]! : `星期${"日一二三四五六"[d.getUTCDay()]}`,
    time: `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`,
  };
}

export const timeOfDay = (iso: string): string => clockParts(Date.parse(iso)).time;
export const hourMinute = (iso: string): string => clockParts(Date.parse(iso)).time.slice(0, 5);

/** Start of the district-time hour containing ms, as epoch ms. */
export const hourStart = (ms: number): number => Math.floor((ms + DISTRICT_OFFSET_MS) / 3600_000) * 3600_000 - DISTRICT_OFFSET_MS;

export function percent(rate: number | null): string {
  return rate === null ? "--" : (rate * 100).toFixed(1);
}
