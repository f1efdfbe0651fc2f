// Keyword and phrase rules: what callers say. Substring matches on title and content, so the lists
// hold the words as callers actually phrase them; `none` keeps negations ("不紧急") out.

import type { TagRule } from "../types.js";

/** Life and property at stake now: very urgent, immediate handling, critical risk. */
export const DANGER_WORDS = ["着火", "起火", "火灾", "爆炸", "燃气泄漏", "煤气泄漏", "漏气", "煤气味", "被困", "困人", "触电", "塌陷", "坍塌", "救命", "生命危险"];
const URGENT_WORDS = ["紧急", "马上", "立即", "立刻", "危险", "隐患", "停水", "停电", "停气", "没暖气", "冻裂", "爆管", "漫水"];
const NOT_URGENT = ["不紧急", "不着急", "不急"];
const ANGRY_WORDS = ["气愤", "愤怒", "太过分", "忍无可忍", "不作为", "投诉到底", "什么态度", "欺负人", "受够了", "太气人", "骂人"];
const ANXIOUS_WORDS = ["着急", "急死", "担心", "害怕", "焦虑", "睡不着", "怕出事", "怕出危险", "没人管", "没人处理", "一直没", "不知道该找谁"];

const kw = (id: string, tag: string, any: readonly string[], confidence: number, note: string, extra: Partial<TagRule> = {}): TagRule => ({
  id: `keyword.${id}`,
  tag,
  when: { kind: "keyword", any },
  confidence,
  note,
  ...extra,
});

export const WORD_RULES: readonly TagRule[] = [
  // Urgency (single-valued: the strongest wins).
  kw("very_urgent", "urgency.very_urgent", DANGER_WORDS, 0.8, "Fire, gas, people trapped: danger to life now.", { priority: 2, when: { kind: "keyword", any: DANGER_WORDS, none: NOT_URGENT } }),
  kw("urgent", "urgency.urgent", URGENT_WORDS, 0.7, "Safety words and supply cuts.", { priority: 1, when: { kind: "keyword", any: URGENT_WORDS, none: NOT_URGENT } }),
  kw("normal", "urgency.normal", [], 0.5, "Default when no urgency word is said."),
  kw("immediate", "time_limit.immediate", DANGER_WORDS, 0.8, "Danger to life is handled at once, whatever the matter allows.", { priority: 4 }),
  kw("within_24h", "time_limit.within_24h", URGENT_WORDS, 0.7, "Urgent requests get a day at most.", { priority: 3, when: { kind: "keyword", any: URGENT_WORDS, none: NOT_URGENT } }),
  // Sentiment.
  kw("angry", "sentiment.angry", ANGRY_WORDS, 0.7, "Words of anger.", { priority: 2 }),
  kw("anxious", "sentiment.anxious", ANXIOUS_WORDS, 0.6, "Worry, sleepless nights, nobody responding.", { priority: 1 }),
  kw("calm", "sentiment.calm", [], 0.5, "Default when no emotional word is said."),
  // Sensitive topics: rules flag, people confirm.
  kw("petition", "sensitive_topic.petition", ["上访", "信访", "去北京", "找领导", "到市里反映"], 0.7, "Threatens to petition."),
  kw("media", "sensitive_topic.media_exposure", ["媒体", "曝光", "记者", "电视台", "抖音", "发到网上"], 0.7, "Threatens media exposure."),
  kw("mass", "sensitive_topic.mass_incident", ["聚集", "堵路", "拉横幅", "围堵", "集体去", "一起去讨说法"], 0.7, "Signs of people gathering."),
  kw("extreme", "sensitive_topic.extreme_behavior", ["跳楼", "自杀", "不想活", "同归于尽", "以死", "拼命"], 0.8, "Extreme words: escalate at once."),
  kw("accident", "sensitive_topic.safety_accident", ["事故", "伤亡", "受伤", "死亡", "爆炸", "坍塌"], 0.7, "An accident happened or is reported."),
  kw("opinion", "sensitive_topic.public_opinion", ["热搜", "微博", "网上都在传", "朋友圈", "舆论"], 0.6, "Already discussed online."),
  // Special groups.
  kw("elderly", "special_group.elderly", ["老人", "老年", "大爷", "大娘", "独居", "高龄", "养老"], 0.6, "An elderly person is affected."),
  kw("disabled", "special_group.disabled", ["残疾", "残障", "轮椅", "盲人", "聋哑"], 0.7, "A person with disability is affected."),
  kw("minor", "special_group.minor", ["孩子", "儿童", "学生", "未成年", "小孩", "幼儿园"], 0.6, "Children are affected."),
  kw("pregnant", "special_group.pregnant", ["孕妇", "怀孕", "产妇", "哺乳"], 0.7, "A pregnant woman or new mother is affected."),
  kw("veteran", "special_group.veteran", ["退役军人", "老兵", "军属"], 0.7, "A veteran or military family."),
  // Enterprises.
  kw("enterprise", "enterprise_related.yes", ["企业", "公司", "工厂", "厂区", "营业执照", "商户", "个体户", "工商", "纳税"], 0.6, "The requester or the object is a business."),
  kw("state_owned", "enterprise_type.state_owned", ["国企", "国有企业", "央企"], 0.7, "State-owned."),
  kw("private", "enterprise_type.private", ["民营", "私营", "民企"], 0.7, "Private enterprise named as such."),
  kw("private_company", "enterprise_type.private", ["有限公司"], 0.4, "Most limited companies in the district are private; weak evidence.", {
    when: { kind: "keyword", any: ["有限公司"], none: ["国有", "国企", "外资", "合资"] },
  }),
  kw("foreign", "enterprise_type.foreign", ["外资", "外企", "合资", "外商"], 0.7, "Foreign-invested."),
  kw("small_micro", "enterprise_type.small_micro", ["小微企业", "小微", "小作坊"], 0.7, "Small or micro enterprise."),
  kw("individual", "enterprise_type.individual_business", ["个体户", "个体工商户", "小商户", "摊主", "门头店"], 0.7, "Individual business."),
  kw("high_tech", "enterprise_type.high_tech", ["高新技术", "科技有限公司", "科技公司", "研发中心"], 0.6, "High-tech enterprise."),
  // Whom the request is about.
  kw("target_department", "target.department", ["工作人员", "执法人员", "窗口", "不作为", "推诿", "服务态度", "部门"], 0.5, "About a government office or its staff."),
  kw("target_enterprise", "target.enterprise", ["公司", "物业", "商家", "企业", "厂家", "工地", "开发商", "饭店", "超市"], 0.5, "About a business."),
  kw("target_person", "target.person", ["邻居", "楼上", "楼下", "房东", "租户", "个人"], 0.5, "About another person."),
  kw("target_facility", "target.public_facility", ["路灯", "井盖", "道路", "公厕", "公交站", "护栏", "红绿灯", "信号灯", "管网", "下水道", "绿地", "设施"], 0.5, "About a public facility."),
  // Events in the news.
  kw("rainstorm", "hot_event.rainstorm", ["暴雨", "大雨", "内涝", "积水", "被淹"], 0.6, "Rain and waterlogging."),
  kw("typhoon", "hot_event.typhoon", ["台风"], 0.7, "Typhoon."),
  kw("cold_wave", "hot_event.cold_wave", ["寒潮", "降温", "冻裂", "结冰"], 0.6, "Cold wave."),
  kw("heat_wave", "hot_event.heat_wave", ["高温", "中暑", "酷暑"], 0.6, "Heat wave."),
  kw("epidemic", "hot_event.epidemic", ["疫情", "传染病", "发热门诊"], 0.6, "Epidemic."),
  kw("policy", "hot_event.policy_change", ["新政策", "政策调整", "新规"], 0.5, "A policy change is asked about."),
  // Several people, or again: the words say so before the counts do.
  kw("collective", "collective.collective", ["全楼", "整栋", "整个小区", "多户", "业主们", "居民们", "联名", "大家都", "很多住户"], 0.6, "The caller speaks for many."),
  kw("repeated", "repeated.repeated", ["多次反映", "反映过", "再次反映", "不是第一次", "又来了", "还是没解决"], 0.6, "The caller says it was reported before."),
  // Risk (single-valued: the strongest wins; place rules add more in context.ts).
  kw("risk_critical", "risk_level.critical", [...DANGER_WORDS, "跳楼", "自杀", "伤亡"], 0.8, "Danger to life.", { priority: 3 }),
  kw("risk_medium", "risk_level.medium", URGENT_WORDS, 0.6, "Safety words and supply cuts.", { priority: 1, when: { kind: "keyword", any: URGENT_WORDS, none: NOT_URGENT } }),
  kw("risk_low", "risk_level.low", [], 0.5, "Default."),
];
