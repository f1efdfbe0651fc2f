// The tag taxonomy ("30余类标签"). One constant list so the seed, the tagging rules, the database
// rows and the GraphQL catalogue all agree on codes. Codes are `${category}.${value}` and never
// change once issued: stored tags and analytics rollups reference them.
// Categories that tag an enum of the product take their values' names from the vocabulary.
import * as V from "./vocabulary.js";
import type { Label, TagSetter } from "./vocabulary.js";

export interface TagDef {
  code: string;
  name: string;
  nameEn: string;
}

export interface TagCategoryDef {
  code: string;
  name: string;
  nameEn: string;
  setBy: TagSetter;
  description: string;
  tags: TagDef[];
}

export function tagCode(category: string, value: string): string {
  return `${category}.${value}`;
}

/** Compact form [value, zh, en] keeps the table below readable; expanded once at load. */
type ValueRow = readonly [value: string, name: string, nameEn: string];

/** Every value of an enum as tag rows, named as the vocabulary names them. */
const named = <T extends string>(values: readonly T[], labels: Record<T, Label>): ValueRow[] => values.map((v) => [v, labels[v].zh, labels[v].en] as const);
const one = (value: string, l: Label): ValueRow[] => [[value, l.zh, l.en]];

function category(
  code: string,
  name: string,
  nameEn: string,
  setBy: TagSetter,
  description: string,
  values: readonly ValueRow[],
): TagCategoryDef {
  return {
    code,
    name,
    nameEn,
    setBy,
    description,
    tags: values.map(([value, zh, en]) => ({ code: tagCode(code, value), name: zh, nameEn: en })),
  };
}

export const TAG_TAXONOMY: readonly TagCategoryDef[] = [
  category("appeal_type", "诉求类型", "Appeal type", "both", "Kind of request, chosen at intake and corrected by rules on keywords.", named(V.APPEAL_TYPES, V.APPEAL_TYPE_LABELS)),
  category(
    "domain",
    "领域",
    "Domain",
    "both",
    "One of the ten domains of the responsibility list, derived from the dispatched matter.",
    named(V.DOMAINS, V.DOMAIN_LABELS),
  ),
  category("matter_match", "事项匹配", "Matter match", "rule", "Whether the request matched a matter of the responsibility list.", [
    ["matched", "匹配到事项", "Matched a matter"],
    ["multiple", "匹配多个事项", "Matched several matters"],
    ["unmatched", "未匹配事项", "No matter matched"],
  ]),
  category("channel", "渠道", "Channel", "rule", "How the request arrived.", named(V.CHANNELS, V.CHANNEL_LABELS)),
  category("source", "数据来源", "Source", "rule", "Which of the three data sources the record came from.", named(V.SOURCES, V.SOURCE_LABELS)),
  category("urgency", "紧急程度", "Urgency", "both", "Set by operators, raised by rules on safety keywords.", [
    ["normal", "一般", "Normal"],
    ["urgent", "紧急", "Urgent"],
    ["very_urgent", "特急", "Very urgent"],
  ]),
  category("enterprise_related", "涉企诉求", "Enterprise-related", "rule", "The requester or the object is an enterprise.", [
    ["yes", "涉企", "Enterprise-related"],
  ]),
  category("enterprise_type", "企业类型", "Enterprise type", "both", "Kind of enterprise for enterprise-related requests.", [
    ["state_owned", "国有企业", "State-owned enterprise"],
    ["private", "民营企业", "Private enterprise"],
    ["foreign", "外资企业", "Foreign-invested enterprise"],
    ["small_micro", "小微企业", "Small or micro enterprise"],
    ["individual_business", "个体工商户", "Individual business"],
    ["high_tech", "高新技术企业", "High-tech enterprise"],
  ]),
  category("repeated", V.WARNING_KIND_LABELS.repeat.zh, "Repeated request", "rule", "Same requester or place with a similar request within the look-back window.", [["repeated", V.WARNING_KIND_LABELS.repeat.zh, "Repeated request"]]),
  category("collective", V.WARNING_KIND_LABELS.collective.zh, "Collective request", "both", "Many requesters on one issue, e.g. a whole building without heating.", [["collective", V.WARNING_KIND_LABELS.collective.zh, "Collective request"]]),
  category("sensitive_topic", "敏感话题", "Sensitive topic", "both", "Topics that need care or escalation; rules flag, people confirm.", [
    ["petition", "信访倾向", "Petition tendency"],
    ["media_exposure", "媒体曝光", "Media exposure threat"],
    ["mass_incident", "群体性事件苗头", "Signs of a mass incident"],
    ["extreme_behavior", "极端言行", "Extreme words or behaviour"],
    ["safety_accident", "安全事故", "Safety accident"],
    ["public_opinion", "网络舆情", "Online public opinion"],
  ]),
  category("special_group", "特殊群体", "Special group", "both", "The requester belongs to a group that gets priority.", [
    ["elderly", "老年人", "Elderly"],
    ["disabled", "残疾人", "Person with disability"],
    ["minor", "未成年人", "Minor"],
    ["pregnant", "孕产妇", "Pregnant woman"],
    ["veteran", "退役军人", "Veteran"],
  ]),
  category("season", "季节时段", "Season", "rule", "Seasons that shape demand; derived from the date.", [
    ["flood_season", "汛期", "Flood season"],
    ["heating_season", "供暖季", "Heating season"],
    ["tourist_season", "旅游旺季", "Tourist season"],
  ]),
  category("hot_event", "热点事件", "Hot event", "manual", "Linked to an ongoing event that analysts declared.", [
    ["rainstorm", "暴雨内涝", "Rainstorm and waterlogging"],
    ["typhoon", "台风", "Typhoon"],
    ["cold_wave", "寒潮", "Cold wave"],
    ["heat_wave", "高温", "Heat wave"],
    ["epidemic", "疫情", "Epidemic"],
    ["major_event", "重大活动", "Major public event"],
    ["policy_change", "政策调整", "Policy change"],
  ]),
  category("loop", "三环处置", "Loop level", "both", "Escalation level: small, middle or big loop.", named(V.LOOPS, V.LOOP_LABELS)),
  category("location_level", "定位精度", "Location quality", "rule", "Finest area the request could be placed in.", [
    ["coordinate", "精确坐标", "Exact coordinates"],
    ["grid_cell", "定位到网格", "Located to grid cell"],
    ["community", "定位到社区", "Located to community"],
    ["street", "定位到街道", "Located to street"],
    ["none", "无法定位", "Not located"],
  ]),
  category("time_band", "受理时段", "Time band", "rule", "When the request arrived.", [
    ["working_hours", "工作时间", "Working hours"],
    ["evening", "晚间", "Evening"],
    ["night", "夜间", "Night"],
    ["weekend", "周末", "Weekend"],
    ["holiday", "节假日", "Holiday"],
  ]),
  category("time_limit", "办理时限", "Time limit type", "rule", "Handling deadline class, from urgency and appeal type.", [
    ["immediate", "即时办理", "Immediate"],
    ["within_24h", "24小时内", "Within 24 hours"],
    ["within_3d", "3个工作日", "Within 3 working days"],
    ["within_5d", "5个工作日", "Within 5 working days"],
    ["within_15d", "15个工作日", "Within 15 working days"],
    ["extended", "延期办理", "Extended"],
  ]),
  category("timeliness", "办理时效", "Timeliness", "rule", "Position against the deadline.", [
    ["on_time", "按期办结", "Closed on time"],
    ["due_soon", V.TICKET_EVENT_TYPE_LABELS.due_soon.zh, "Due soon"],
    ["overdue", V.TICKET_EVENT_TYPE_LABELS.overdue.zh, "Overdue"],
  ]),
  category("immediate_answer", "即答", "Immediate answer", "rule", "Answered at intake without dispatch.", [
    ["answered", "直接答复", "Answered at intake"],
  ]),
  category("satisfaction", "满意度", "Satisfaction", "rule", "Result of the callback.", named(V.SATISFACTIONS, V.SATISFACTION_LABELS)),
  category("reopened", V.TICKET_STATUS_LABELS.reopened.zh, "Reopened", "rule", "Sent back for handling again.", one("reopened", V.TICKET_STATUS_LABELS.reopened)),
  category("returned", V.TICKET_EVENT_TYPE_LABELS.returned.zh, "Returned", "rule", "A department returned the ticket as not its own.", one("returned", V.TICKET_EVENT_TYPE_LABELS.returned)),
  category(
    "supervision_method",
    "督办方式",
    "Supervision method",
    "rule",
    "The eight supervision methods applied to the ticket.",
    named(V.SUPERVISION_METHODS, V.SUPERVISION_METHOD_LABELS),
  ),
  category("responsibility_status", "权责状态", "Responsibility status", "both", "How clear the responsible department is.", [
    ["clear", "权责清晰", "Clear"],
    ["disputed", "权责争议", "Disputed"],
    ["determined", "已明责", "Determined by staffing office"],
    ["unlisted", "清单未覆盖", "Not covered by the list"],
  ]),
  category("consultation", "一键会商", "Consultation", "rule", "Multi-department consultation on the ticket.", [
    ["opened", "已发起会商", "Consultation opened"],
    ["concluded", "会商已结论", "Consultation concluded"],
  ]),
  category("leader_clinic", "领导坐诊", "Leader clinic", "manual", "Settled by a leader in person.", [
    ["settled", "领导坐诊解决", "Settled at a leader clinic"],
  ]),
  category("diagnosis_stage", "四诊机制", "Four-step diagnosis", "manual", "Stage of the recurring-problem mechanism.", [
    ["diagnose", "问诊", "Diagnose"],
    ["decide", "坐诊", "Decide"],
    ["treat", "应诊", "Treat"],
    ["follow_up", "回诊", "Follow up"],
  ]),
  category("revisit_campaign", "回头看", "Revisit campaign", "manual", "Re-checked in a revisit campaign.", [
    ["revisited", "已回头看", "Revisited"],
    ["resolved_on_revisit", "回头看解决", "Resolved on revisit"],
  ]),
  category("proactive_handling", V.WARNING_KIND_LABELS.proactive.zh, "Proactive handling", "both", "Acted on before complaints arrived.", [
    ["proactive", V.WARNING_KIND_LABELS.proactive.zh, "Handled proactively"],
    ["warning_triggered", "预警触发", "Triggered by a warning"],
  ]),
  category("target", "诉求对象", "Target of request", "both", "Whom the request is about.", [
    ["department", "政府部门", "Government department"],
    ["enterprise", "企业", "Enterprise"],
    ["person", "个人", "Individual"],
    ["public_facility", "公共设施", "Public facility"],
  ]),
  category("sentiment", "情绪", "Sentiment", "both", "Requester's mood, from keywords and the operator.", [
    ["calm", "平稳", "Calm"],
    ["anxious", "焦虑", "Anxious"],
    ["angry", "激动", "Angry"],
  ]),
  category("risk_level", "风险等级", "Risk level", "both", "Risk of escalation or harm.", [
    ["low", "低风险", "Low"],
    ["medium", "中风险", "Medium"],
    ["high", "高风险", "High"],
    ["critical", "重大风险", "Critical"],
  ]),
  category("precedent_used", "判例应用", "Precedent used", "rule", "Dispatch followed or created a precedent.", [
    ["applied", "按判例派单", "Dispatched by precedent"],
    ["created", "形成判例", "Became a precedent"],
  ]),
  category("enterprise_clarification", "为企正名", "Enterprise clarification", "manual", "Complaint found false; the enterprise was cleared.", [
    ["cleared", "已为企正名", "Enterprise cleared"],
  ]),
  category("hotline_liaison", "热线服务专员", "Hotline liaison", "rule", "Handled through a hotline liaison placed in the department.", [
    ["involved", "专员参与", "Liaison involved"],
  ]),
  category("assessment", "考核", "Assessment", "both", "Effect on the department's score.", [
    ["deducted", "扣分", "Points deducted"],
    ["exempted", "免于考核", "Exempted from assessment"],
  ]),
];
