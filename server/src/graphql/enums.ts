import { registerEnumType } from "type-graphql";
import * as E from "@cityops/schema";

/**
 * GraphQL enums use English capitals (contract) while the database stores lowercase values:
 * the enum object maps one to the other, so resolvers only ever see database values.
 */
function gqlEnum<T extends string>(
  values: readonly T[],
  name: string,
  description: string,
  names?: Partial<Record<T, { zh: string; en: string }>>,
): Record<string, T> {
  const obj = Object.fromEntries(values.map((v) => [v.toUpperCase(), v])) as Record<string, T>;
  registerEnumType(obj, {
    name,
    description,
    valuesConfig: names
      ? Object.fromEntries(
          values.map((v) => [v.toUpperCase(), { description: names[v] ? `${names[v]!.zh} / ${names[v]!.en}` : undefined }]),
        )
      : {},
  });
  return obj;
}

const zhen = <T extends string>(m: Record<T, [string, string]>) =>
  Object.fromEntries(Object.entries(m).map(([k, v]) => [k, { zh: (v as [string, string])[0], en: (v as [string, string])[1] }])) as Record<
    T,
    { zh: string; en: string }
  >;

export const TicketStatusG = gqlEnum(E.TICKET_STATUSES, "TicketStatus", "工单状态 / Ticket status", zhen({
  received: ["已受理", "Received"],
  dispatched: ["已派单", "Dispatched"],
  accepted: ["已签收", "Accepted"],
  returned: ["已退单", "Returned to the operators"],
  in_progress: ["办理中", "In progress"],
  replied: ["已答复", "Replied"],
  called_back: ["已回访", "Called back"],
  closed: ["已办结", "Closed"],
  reopened: ["重办", "Reopened"],
}));
export const SourceG = gqlEnum(E.SOURCES, "Source", "数据来源 / Data source", zhen({
  hotline: ["热线", "Hotline"],
  grid: ["网格", "Grid"],
  department: ["部门", "Department"],
}));
export const ChannelG = gqlEnum(E.CHANNELS, "Channel", "诉求渠道 / Channel", zhen({
  phone: ["电话", "Phone"],
  web: ["网站", "Website"],
  wechat: ["微信", "WeChat"],
  app: ["APP", "App"],
  enterprise_line: ["政企通专线", "Enterprise line"],
  grid_report: ["网格上报", "Grid report"],
  department_push: ["部门推送", "Department push"],
  sensor: ["物联感知", "Sensor"],
}));
export const AppealTypeG = gqlEnum(E.APPEAL_TYPES, "AppealType", "诉求类型 / Appeal type", zhen({
  consult: ["咨询", "Consultation"],
  help: ["求助", "Request for help"],
  complaint: ["投诉", "Complaint"],
  report: ["举报", "Report"],
  suggestion: ["建议", "Suggestion"],
  praise: ["表扬", "Praise"],
}));
export const SatisfactionG = gqlEnum(E.SATISFACTIONS, "Satisfaction", "满意度 / Satisfaction", zhen({
  satisfied: ["满意", "Satisfied"],
  basically_satisfied: ["基本满意", "Basically satisfied"],
  dissatisfied: ["不满意", "Dissatisfied"],
}));
export const LoopG = gqlEnum(E.LOOPS, "Loop", "三环处置层级 / Escalation loop", zhen({
  small: ["小环快处", "Small loop: quick single-department handling"],
  middle: ["中环协同", "Middle loop: multi-department coordination"],
  big: ["大环攻坚", "Big loop: leader-level tackling"],
}));
export const RoleG = gqlEnum(E.ROLES, "Role", "角色 / Role", zhen({
  operator: ["受理员", "Hotline operator"],
  supervisor: ["督办员", "Supervisor"],
  department: ["责任单位", "Department"],
  leader: ["领导", "Leader"],
  staffing_office: ["编办", "Staffing office"],
  admin: ["管理员", "Administrator"],
  wall: ["大屏", "Video wall"],
}));
export const RegionLevelG = gqlEnum(E.REGION_LEVELS, "RegionLevel", "区域层级 / Region level", zhen({
  street: ["街道", "Street (subdistrict)"],
  community: ["社区", "Community"],
  grid_cell: ["网格", "Grid cell"],
}));
export const DepartmentKindG = gqlEnum(E.DEPARTMENT_KINDS, "DepartmentKind", "单位类型 / Department kind", zhen({
  bureau: ["区直部门", "District bureau"],
  street_office: ["街道办事处", "Street office"],
  utility: ["公共服务企业", "Utility"],
  other: ["其他", "Other"],
}));
export const DomainG = gqlEnum(E.DOMAINS, "Domain", "权责清单十大领域 / The ten domains of the responsibility list", E.DOMAIN_NAMES);
export const TagOriginG = gqlEnum(E.TAG_ORIGINS, "TagOrigin", "标签来源 / Who set a tag", zhen({
  rule: ["规则", "A rule"],
  manual: ["人工", "A person"],
}));
export const TagSetterG = gqlEnum(E.TAG_SETTERS, "TagSetter", "标签设置方式 / Who may set a category's tags", zhen({
  rule: ["仅规则", "Rules only"],
  manual: ["仅人工", "People only"],
  both: ["规则与人工", "Rules and people"],
}));
export const TicketEventTypeG = gqlEnum(E.TICKET_EVENT_TYPES, "TicketEventType", "工单事件类型 / Ticket event type");
export const SupervisionMethodG = gqlEnum(E.SUPERVISION_METHODS, "SupervisionMethod", "督办方式 / Supervision method", E.SUPERVISION_METHOD_NAMES);
export const ConsultationStatusG = gqlEnum(E.CONSULTATION_STATUSES, "ConsultationStatus", "会商状态 / Consultation status");
export const WarningKindG = gqlEnum(E.WARNING_KINDS, "WarningKind", "预警类型 / Warning kind", zhen({
  surge: ["诉求激增（区域×领域超出自身基线）", "Surge: an area × domain far above its own baseline"],
  repeat: ["重复诉求（同一来电人或地址、同一事项）", "Repeat: the same caller or address on the same matter"],
  collective: ["集体诉求（多名来电人、同一事项、同一地点）", "Collective: several callers, one matter, one place"],
  overdue: ["工单超期", "Overdue tickets"],
  due_soon: ["工单临期", "Tickets due soon"],
  department_quality: ["部门办理质量（不满意率或重办率超阈值）", "Department quality: dissatisfaction or reopen rate over the threshold"],
  proactive: ["未诉先办（季节性诉求高发点清单）", "Proactive: places with recurring seasonal requests, before the season"],
}));
export const WarningSeverityG = gqlEnum(E.WARNING_SEVERITIES, "WarningSeverity", "预警等级（由低到高）/ Warning severity, lowest first", zhen({
  info: ["提示", "Info"],
  low: ["低", "Low"],
  medium: ["中", "Medium"],
  high: ["高", "High"],
  critical: ["紧急", "Critical"],
}));
export const WarningStatusG = gqlEnum(E.WARNING_STATUSES, "WarningStatus", "预警状态 / Warning status", zhen({
  raised: ["已发布", "Raised"],
  acknowledged: ["已签收", "Acknowledged"],
  resolved: ["已办结", "Resolved"],
}));
export const ReportKindG = gqlEnum(E.REPORT_KINDS, "ReportKind", "报告类型 / Report kind", zhen({
  warning_bulletin: ["预警专报", "Warning bulletin"],
  leadership_brief: ["领导参阅", "Leadership brief"],
  information_digest: ["信息动态", "Information digest"],
}));
