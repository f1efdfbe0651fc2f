// The product's vocabulary. Plain constant arrays (no drizzle here) so that the pure domain code,
// the database enums and the GraphQL enums all derive from one list.

export const TICKET_STATUSES = [
  "received",
  "dispatched",
  "accepted",
  "returned",
  "in_progress",
  "replied",
  "called_back",
  "closed",
  "reopened",
] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

export const SOURCES = ["hotline", "grid", "department"] as const;
export type Source = (typeof SOURCES)[number];

export const CHANNELS = [
  "phone",
  "web",
  "wechat",
  "app",
  "enterprise_line",
  "grid_report",
  "department_push",
  "sensor",
] as const;
export type Channel = (typeof CHANNELS)[number];

export const APPEAL_TYPES = ["consult", "help", "complaint", "report", "suggestion", "praise"] as const;
export type AppealType = (typeof APPEAL_TYPES)[number];

export const SATISFACTIONS = ["satisfied", "basically_satisfied", "dissatisfied"] as const;
export type Satisfaction = (typeof SATISFACTIONS)[number];

export const LOOPS = ["small", "middle", "big"] as const;
export type Loop = (typeof LOOPS)[number];

export const ROLES = ["operator", "supervisor", "department", "leader", "staffing_office", "admin", "wall"] as const;
export type Role = (typeof ROLES)[number];

export const REGION_LEVELS = ["street", "community", "grid_cell"] as const;
export type RegionLevel = (typeof REGION_LEVELS)[number];

export const DEPARTMENT_KINDS = ["bureau", "street_office", "utility", "other"] as const;
export type DepartmentKind = (typeof DEPARTMENT_KINDS)[number];

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

export const DOMAIN_NAMES: Record<Domain, { zh: string; en: string }> = {
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
};

export const TAG_ORIGINS = ["rule", "manual"] as const;
export type TagOrigin = (typeof TAG_ORIGINS)[number];

/** Who may set the tags of a category: rules only, people only, or both. */
export const TAG_SETTERS = ["rule", "manual", "both"] as const;
export type TagSetter = (typeof TAG_SETTERS)[number];

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

export const SUPERVISION_METHODS = [
  "phone",
  "written_notice",
  "on_site",
  "joint",
  "media",
  "elevated",
  "discipline_linkage",
  "leader_instruction",
] as const;
export type SupervisionMethod = (typeof SUPERVISION_METHODS)[number];

export const SUPERVISION_METHOD_NAMES: Record<SupervisionMethod, { zh: string; en: string }> = {
  phone: { zh: "电话督办", en: "Phone supervision" },
  written_notice: { zh: "书面督办", en: "Written notice" },
  on_site: { zh: "现场督办", en: "On-site supervision" },
  joint: { zh: "联合督办", en: "Joint supervision" },
  media: { zh: "媒体督办", en: "Media supervision" },
  elevated: { zh: "提级督办", en: "Elevated supervision" },
  discipline_linkage: { zh: "纪检联动督办", en: "Discipline-inspection linkage" },
  leader_instruction: { zh: "领导批示督办", en: "Leader instruction" },
};

export const CONSULTATION_STATUSES = ["open", "concluded"] as const;
export type ConsultationStatus = (typeof CONSULTATION_STATUSES)[number];

export const WARNING_KINDS = ["surge", "repeat", "collective", "overdue", "due_soon", "department_quality", "proactive"] as const;
export type WarningKind = (typeof WARNING_KINDS)[number];

export const WARNING_SEVERITIES = ["info", "low", "medium", "high", "critical"] as const;
export type WarningSeverity = (typeof WARNING_SEVERITIES)[number];

export const WARNING_STATUSES = ["raised", "acknowledged", "resolved"] as const;
export type WarningStatus = (typeof WARNING_STATUSES)[number];

export const REPORT_KINDS = ["warning_bulletin", "leadership_brief", "information_digest"] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];
