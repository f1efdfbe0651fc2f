// The product's vocabulary: every enumerated value and its names in Chinese and English. The
// database enums, the GraphQL enums and their descriptions, reports, analytics, tagging and the
// wall all read this one module, so a term is chosen once. It imports nothing that touches a
// database: the pure domain and the browser bundle load it as it is.

export * from "./time.js";

/** A name as people read it: Chinese on every surface, English beside it where a reader needs it. */
export interface Label {
  zh: string;
  en: string;
}

/** Names for every value of an enum; used with `satisfies`, so a value without names does not compile. */
export type Labels<T extends string> = Record<T, Label>;

export const TICKET_STATUSES = ["received", "dispatched", "accepted", "returned", "in_progress", "replied", "called_back", "closed", "reopened"] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];
export const TICKET_STATUS_LABELS = {
  received: { zh: "已受理", en: "Received" },
  dispatched: { zh: "已派单", en: "Dispatched" },
  accepted: { zh: "已签收", en: "Accepted" },
  returned: { zh: "已退单", en: "Returned" },
  in_progress: { zh: "办理中", en: "In progress" },
  replied: { zh: "已答复", en: "Replied" },
  called_back: { zh: "已回访", en: "Called back" },
  closed: { zh: "已办结", en: "Closed" },
  reopened: { zh: "重办", en: "Reopened" },
} satisfies Labels<TicketStatus>;

export const SOURCES = ["hotline", "grid", "department"] as const;
export type Source = (typeof SOURCES)[number];
export const SOURCE_LABELS = {
  hotline: { zh: "热线", en: "Hotline" },
  grid: { zh: "网格", en: "Grid" },
  department: { zh: "部门", en: "Department" },
} satisfies Labels<Source>;

export const CHANNELS = ["phone", "web", "wechat", "app", "enterprise_line", "grid_report", "department_push", "sensor"] as const;
export type Channel = (typeof CHANNELS)[number];
export const CHANNEL_LABELS = {
  phone: { zh: "电话", en: "Phone" },
  web: { zh: "网站", en: "Website" },
  wechat: { zh: "微信", en: "WeChat" },
  app: { zh: "APP", en: "Mobile app" },
  enterprise_line: { zh: "政企通专线", en: "Enterprise line" },
  grid_report: { zh: "网格上报", en: "Grid report" },
  department_push: { zh: "部门推送", en: "Department push" },
  sensor: { zh: "物联感知", en: "IoT sensor" },
} satisfies Labels<Channel>;

export const APPEAL_TYPES = ["consult", "help", "complaint", "report", "suggestion", "praise"] as const;
export type AppealType = (typeof APPEAL_TYPES)[number];
export const APPEAL_TYPE_LABELS = {
  consult: { zh: "咨询", en: "Consultation" },
  help: { zh: "求助", en: "Request for help" },
  complaint: { zh: "投诉", en: "Complaint" },
  report: { zh: "举报", en: "Report" },
  suggestion: { zh: "建议", en: "Suggestion" },
  praise: { zh: "表扬", en: "Praise" },
} satisfies Labels<AppealType>;

export const SATISFACTIONS = ["satisfied", "basically_satisfied", "dissatisfied"] as const;
export type Satisfaction = (typeof SATISFACTIONS)[number];
export const SATISFACTION_LABELS = {
  satisfied: { zh: "满意", en: "Satisfied" },
  basically_satisfied: { zh: "基本满意", en: "Basically satisfied" },
  dissatisfied: { zh: "不满意", en: "Dissatisfied" },
} satisfies Labels<Satisfaction>;

export const LOOPS = ["small", "middle", "big"] as const;
export type Loop = (typeof LOOPS)[number];
export const LOOP_LABELS = {
  small: { zh: "小环快处", en: "Small loop: quick handling" },
  middle: { zh: "中环协同", en: "Middle loop: coordination" },
  big: { zh: "大环攻坚", en: "Big loop: leader-level tackling" },
} satisfies Labels<Loop>;

export const ROLES = ["operator", "supervisor", "department", "leader", "staffing_office", "admin", "wall"] as const;
export type Role = (typeof ROLES)[number];
export const ROLE_LABELS = {
  operator: { zh: "受理员", en: "Hotline operator" },
  supervisor: { zh: "督办员", en: "Supervisor" },
  department: { zh: "责任单位", en: "Department" },
  leader: { zh: "领导", en: "Leader" },
  staffing_office: { zh: "编办", en: "Staffing office" },
  admin: { zh: "管理员", en: "Administrator" },
  wall: { zh: "大屏", en: "Video wall" },
} satisfies Labels<Role>;

export const REGION_LEVELS = ["street", "community", "grid_cell"] as const;
export type RegionLevel = (typeof REGION_LEVELS)[number];
export const REGION_LEVEL_LABELS = {
  street: { zh: "街道", en: "Street (subdistrict)" },
  community: { zh: "社区", en: "Community" },
  grid_cell: { zh: "网格", en: "Grid cell" },
} satisfies Labels<RegionLevel>;

export const DEPARTMENT_KINDS = ["bureau", "street_office", "utility", "other"] as const;
export type DepartmentKind = (typeof DEPARTMENT_KINDS)[number];
export const DEPARTMENT_KIND_LABELS = {
  bureau: { zh: "区直部门", en: "District bureau" },
  street_office: { zh: "街道办事处", en: "Street office" },
  utility: { zh: "公共服务企业", en: "Utility" },
  other: { zh: "其他", en: "Other" },
} satisfies Labels<DepartmentKind>;

export const DOMAINS = [
  "URBAN_RURAL_CONSTRUCTION",
  "CITY_MANAGEMENT",
  "ECOLOGY_ENVIRONMENT",
  "MARKET_REGULATION",
  "TRANSPORT",
  "SOCIAL_SERVICES",
  "LABOR_SOCIAL_SECURITY",
  "PUBLIC_SAFETY",
  "AGRICULTURE_RURAL",
  "CIVIL_AFFAIRS_COMMUNITY",
] as const;
export type Domain = (typeof DOMAINS)[number];
export const DOMAIN_LABELS = {
  URBAN_RURAL_CONSTRUCTION: { zh: "城乡建设", en: "Urban and rural construction" },
  CITY_MANAGEMENT: { zh: "城市管理", en: "City management" },
  ECOLOGY_ENVIRONMENT: { zh: "生态环境", en: "Ecology and environment" },
  MARKET_REGULATION: { zh: "市场监管", en: "Market regulation" },
  TRANSPORT: { zh: "交通运输", en: "Transport" },
  SOCIAL_SERVICES: { zh: "社会事业", en: "Social services" },
  LABOR_SOCIAL_SECURITY: { zh: "人力社保", en: "Labour and social security" },
  PUBLIC_SAFETY: { zh: "公共安全", en: "Public safety" },
  AGRICULTURE_RURAL: { zh: "农业农村", en: "Agriculture and rural affairs" },
  CIVIL_AFFAIRS_COMMUNITY: { zh: "民政社区", en: "Civil affairs and community" },
} satisfies Labels<Domain>;

/** What rollups and aggregates store for a ticket whose domain is not known yet (a key cannot be NULL). */
export const UNCLASSIFIED_DOMAIN = "UNKNOWN";
export const UNCLASSIFIED_LABEL: Label = { zh: "未分类", en: "Unclassified" };
/** Where a ticket stands that no department holds yet (the wall's flows, matrices by department). */
export const UNDISPATCHED_LABEL: Label = { zh: "待派单", en: "Not dispatched" };
/** The area of a ticket that could not be placed in any street. */
export const UNLOCATED_LABEL: Label = { zh: "未定位", en: "Not located" };

/** A domain's names, for any code a row may hold: the unclassified bucket and unknown codes included. */
export function domainLabel(code: string | null | undefined): Label {
  return (code && (DOMAIN_LABELS as Record<string, Label>)[code.toUpperCase()]) || UNCLASSIFIED_LABEL;
}

export const TAG_ORIGINS = ["rule", "manual"] as const;
export type TagOrigin = (typeof TAG_ORIGINS)[number];
export const TAG_ORIGIN_LABELS = {
  rule: { zh: "规则", en: "A rule" },
  manual: { zh: "人工", en: "A person" },
} satisfies Labels<TagOrigin>;

/** Who may set the tags of a category: rules only, people only, or both. */
export const TAG_SETTERS = ["rule", "manual", "both"] as const;
export type TagSetter = (typeof TAG_SETTERS)[number];
export const TAG_SETTER_LABELS = {
  rule: { zh: "仅规则", en: "Rules only" },
  manual: { zh: "仅人工", en: "People only" },
  both: { zh: "规则与人工", en: "Rules and people" },
} satisfies Labels<TagSetter>;

export const TICKET_EVENT_TYPES = [
  "created",
  "answered_immediately",
  "dispatched",
  "accepted",
  "returned",
  "handling_started",
  "replied",
  "callback_recorded",
  "closed",
  "reopened",
  "supervised",
  "escalated",
  "tagged",
  "untagged",
  "consultation_opened",
  "consultation_concluded",
  "responsibility_determined",
  "due_soon",
  "overdue",
  "imported",
] as const;
export type TicketEventType = (typeof TICKET_EVENT_TYPES)[number];
export const TICKET_EVENT_TYPE_LABELS = {
  created: { zh: "受理登记", en: "Created" },
  answered_immediately: { zh: "即时答复", en: "Answered immediately" },
  dispatched: { zh: "派单", en: "Dispatched" },
  accepted: { zh: "签收", en: "Accepted" },
  returned: { zh: "退单", en: "Returned" },
  handling_started: { zh: "开始办理", en: "Handling started" },
  replied: { zh: "答复", en: "Replied" },
  callback_recorded: { zh: "回访", en: "Callback recorded" },
  closed: { zh: "办结", en: "Closed" },
  reopened: { zh: "重办", en: "Reopened" },
  supervised: { zh: "督办", en: "Supervised" },
  escalated: { zh: "升级", en: "Escalated" },
  tagged: { zh: "打标签", en: "Tagged" },
  untagged: { zh: "移除标签", en: "Untagged" },
  consultation_opened: { zh: "发起会商", en: "Consultation opened" },
  consultation_concluded: { zh: "会商结论", en: "Consultation concluded" },
  responsibility_determined: { zh: "一键明责", en: "Responsibility determined" },
  due_soon: { zh: "临期", en: "Due soon" },
  overdue: { zh: "超期", en: "Overdue" },
  imported: { zh: "历史导入", en: "History imported" },
} satisfies Labels<TicketEventType>;

export const SUPERVISION_METHODS = ["phone", "written_notice", "on_site", "joint", "media", "elevated", "discipline_linkage", "leader_instruction"] as const;
export type SupervisionMethod = (typeof SUPERVISION_METHODS)[number];
export const SUPERVISION_METHOD_LABELS = {
  phone: { zh: "电话督办", en: "Phone supervision" },
  written_notice: { zh: "书面督办", en: "Written notice" },
  on_site: { zh: "现场督办", en: "On-site supervision" },
  joint: { zh: "联合督办", en: "Joint supervision" },
  media: { zh: "媒体督办", en: "Media supervision" },
  elevated: { zh: "提级督办", en: "Elevated supervision" },
  discipline_linkage: { zh: "纪检联动督办", en: "Discipline-inspection linkage" },
  leader_instruction: { zh: "领导批示督办", en: "Leader instruction" },
} satisfies Labels<SupervisionMethod>;

export const CONSULTATION_STATUSES = ["open", "concluded"] as const;
export type ConsultationStatus = (typeof CONSULTATION_STATUSES)[number];
export const CONSULTATION_STATUS_LABELS = {
  open: { zh: "会商中", en: "Open" },
  concluded: { zh: "已结论", en: "Concluded" },
} satisfies Labels<ConsultationStatus>;

export const WARNING_KINDS = ["surge", "repeat", "collective", "overdue", "due_soon", "department_quality", "proactive"] as const;
export type WarningKind = (typeof WARNING_KINDS)[number];
export const WARNING_KIND_LABELS = {
  surge: { zh: "诉求激增", en: "Surge" },
  repeat: { zh: "重复诉求", en: "Repeat requests" },
  collective: { zh: "群体诉求", en: "Collective requests" },
  overdue: { zh: "工单超期", en: "Overdue tickets" },
  due_soon: { zh: "工单临期", en: "Tickets due soon" },
  department_quality: { zh: "办理质量", en: "Handling quality" },
  proactive: { zh: "未诉先办", en: "Proactive handling" },
} satisfies Labels<WarningKind>;
/** What each kind means, for readers who meet it first (GraphiQL's docs). */
export const WARNING_KIND_DETAILS = {
  surge: { zh: "区域×领域超出自身基线", en: "an area × domain far above its own baseline" },
  repeat: { zh: "同一来电人或地址、同一事项", en: "the same caller or address on the same matter" },
  collective: { zh: "多名来电人、同一事项、同一地点", en: "several callers, one matter, one place" },
  overdue: { zh: "超过办理时限", en: "past their handling deadline" },
  due_soon: { zh: "即将到期", en: "close to their handling deadline" },
  department_quality: { zh: "部门不满意率或重办率超阈值", en: "a department's dissatisfaction or reopen rate over the threshold" },
  proactive: { zh: "季节性诉求高发点清单", en: "places with recurring seasonal requests, before the season" },
} satisfies Labels<WarningKind>;

/**
 * Lowest first. The grades are the ones the hotline and emergency warnings use: 一般, 较重 and
 * 严重 from the warning ladder, 特急 for what cannot wait (as a 特急 ticket), 提示 below them all.
 */
export const WARNING_SEVERITIES = ["info", "low", "medium", "high", "critical"] as const;
export type WarningSeverity = (typeof WARNING_SEVERITIES)[number];
export const WARNING_SEVERITY_LABELS = {
  info: { zh: "提示", en: "Info" },
  low: { zh: "一般", en: "Low" },
  medium: { zh: "较重", en: "Medium" },
  high: { zh: "严重", en: "High" },
  critical: { zh: "特急", en: "Critical" },
} satisfies Labels<WarningSeverity>;

export const WARNING_STATUSES = ["raised", "acknowledged", "resolved"] as const;
export type WarningStatus = (typeof WARNING_STATUSES)[number];
export const WARNING_STATUS_LABELS = {
  raised: { zh: "已发布", en: "Raised" },
  acknowledged: { zh: "已签收", en: "Acknowledged" },
  resolved: { zh: "已办结", en: "Resolved" },
} satisfies Labels<WarningStatus>;

export const REPORT_KINDS = ["warning_bulletin", "leadership_brief", "information_digest"] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];
export const REPORT_KIND_LABELS = {
  warning_bulletin: { zh: "预警专报", en: "Warning bulletin" },
  leadership_brief: { zh: "领导参阅", en: "Leadership brief" },
  information_digest: { zh: "信息动态", en: "Information digest" },
} satisfies Labels<ReportKind>;

/** One enum as every surface names it: its own name, its values and theirs. */
export interface EnumVocabulary<T extends string = string> {
  /** The GraphQL type name. */
  name: string;
  title: Label;
  values: readonly T[];
  labels: Labels<T>;
  /** A longer explanation of some values, for documentation. */
  details?: Labels<T>;
}

const entry = <T extends string>(name: string, title: Label, values: readonly T[], labels: Labels<T>, details?: Labels<T>): EnumVocabulary<T> =>
  details ? { name, title, values, labels, details } : { name, title, values, labels };

/** Every enum of the product, in one list: the GraphQL enums are built from it and tests walk it. */
export const VOCABULARY = {
  TicketStatus: entry("TicketStatus", { zh: "工单状态", en: "Ticket status" }, TICKET_STATUSES, TICKET_STATUS_LABELS),
  Source: entry("Source", { zh: "数据来源", en: "Data source" }, SOURCES, SOURCE_LABELS),
  Channel: entry("Channel", { zh: "诉求渠道", en: "Channel" }, CHANNELS, CHANNEL_LABELS),
  AppealType: entry("AppealType", { zh: "诉求类型", en: "Appeal type" }, APPEAL_TYPES, APPEAL_TYPE_LABELS),
  Satisfaction: entry("Satisfaction", { zh: "满意度", en: "Satisfaction" }, SATISFACTIONS, SATISFACTION_LABELS),
  Loop: entry("Loop", { zh: "三环处置层级", en: "Escalation loop" }, LOOPS, LOOP_LABELS),
  Role: entry("Role", { zh: "角色", en: "Role" }, ROLES, ROLE_LABELS),
  RegionLevel: entry("RegionLevel", { zh: "区域层级", en: "Region level" }, REGION_LEVELS, REGION_LEVEL_LABELS),
  DepartmentKind: entry("DepartmentKind", { zh: "单位类型", en: "Department kind" }, DEPARTMENT_KINDS, DEPARTMENT_KIND_LABELS),
  Domain: entry("Domain", { zh: "权责清单十大领域", en: "The ten domains of the responsibility list" }, DOMAINS, DOMAIN_LABELS),
  TagOrigin: entry("TagOrigin", { zh: "标签来源", en: "Who set a tag" }, TAG_ORIGINS, TAG_ORIGIN_LABELS),
  TagSetter: entry("TagSetter", { zh: "标签设置方式", en: "Who may set a category's tags" }, TAG_SETTERS, TAG_SETTER_LABELS),
  TicketEventType: entry("TicketEventType", { zh: "工单事件类型", en: "Ticket event type" }, TICKET_EVENT_TYPES, TICKET_EVENT_TYPE_LABELS),
  SupervisionMethod: entry("SupervisionMethod", { zh: "督办方式", en: "Supervision method" }, SUPERVISION_METHODS, SUPERVISION_METHOD_LABELS),
  ConsultationStatus: entry("ConsultationStatus", { zh: "会商状态", en: "Consultation status" }, CONSULTATION_STATUSES, CONSULTATION_STATUS_LABELS),
  WarningKind: entry("WarningKind", { zh: "预警类型", en: "Warning kind" }, WARNING_KINDS, WARNING_KIND_LABELS, WARNING_KIND_DETAILS),
  WarningSeverity: entry("WarningSeverity", { zh: "预警等级（由低到高）", en: "Warning severity, lowest first" }, WARNING_SEVERITIES, WARNING_SEVERITY_LABELS),
  WarningStatus: entry("WarningStatus", { zh: "预警状态", en: "Warning status" }, WARNING_STATUSES, WARNING_STATUS_LABELS),
  ReportKind: entry("ReportKind", { zh: "报告类型", en: "Report kind" }, REPORT_KINDS, REPORT_KIND_LABELS),
} as const;

/** "中文 / English", the form of every bilingual description in the API. */
export const bilingual = (l: Label): string => `${l.zh} / ${l.en}`;

/** A value's description in the API: its names, and its explanation where it has one. */
export function describeValue<T extends string>(v: EnumVocabulary<T>, value: T): string {
  const l = v.labels[value];
  const d = v.details?.[value];
  return d ? `${l.zh}（${d.zh}）/ ${l.en}: ${d.en}` : bilingual(l);
}

/**
 * The names of a code read from outside the type system (a frame, a row, a GraphQL enum name in
 * capitals); null when the enum has no such value.
 */
export function labelOf(v: EnumVocabulary, code: string): Label | null {
  const labels = v.labels as Record<string, Label>;
  return labels[code] ?? labels[code.toLowerCase()] ?? null;
}
