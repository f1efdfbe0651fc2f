import type { AppealType, Channel, Domain, Source } from "@cityops/schema";

export interface IntakeFacts {
  source: Source;
  channel: Channel;
  appealType: AppealType;
  domain: Domain | null;
  receivedAt: Date;
  content: string;
}

export interface RuleTag {
  code: string;
  ruleId: string;
  confidence: number;
}

/** Beijing time: the district works and rests by the local clock whatever the server's zone. */
function localHour(d: Date): { hour: number; weekday: number; month: number } {
  const local = new Date(d.getTime() + 8 * 3600 * 1000);
  return { hour: local.getUTCHours(), weekday: local.getUTCDay(), month: local.getUTCMonth() + 1 };
}

export function timeBand(d: Date): "working_hours" | "evening" | "night" | "weekend" {
  const { hour, weekday } = localHour(d);
  if (hour >= 22 || hour < 7) return "night";
  if (weekday === 0 || weekday === 6) return "weekend";
  return hour >= 18 ? "evening" : "working_hours";
}

const URGENT = /(紧急|马上|立即|危险|着火|漏气|燃气泄漏|塌陷|触电|被困|救命)/;
const ENTERPRISE = /(企业|公司|厂|营业执照|商户|个体户|工商)/;

/**
 * The tags every ticket gets at intake from its own fields. The full keyword, place and history
 * rule engine builds on this; these few need nothing but the ticket itself.
 */
export function intakeTags(f: IntakeFacts): RuleTag[] {
  const out: RuleTag[] = [
    { code: `appeal_type.${f.appealType}`, ruleId: "intake.appeal_type", confidence: 1 },
    { code: `channel.${f.channel}`, ruleId: "intake.channel", confidence: 1 },
    { code: `source.${f.source}`, ruleId: "intake.source", confidence: 1 },
    { code: `time_band.${timeBand(f.receivedAt)}`, ruleId: "intake.time_band", confidence: 1 },
  ];
  if (f.domain) out.push({ code: `domain.${f.domain}`, ruleId: "intake.domain_from_matter", confidence: 0.8 });
  if (URGENT.test(f.content)) out.push({ code: "urgency.urgent", ruleId: "intake.urgency_words", confidence: 0.7 });
  if (f.channel === "enterprise_line" || ENTERPRISE.test(f.content)) {
    out.push({ code: "enterprise_related.yes", ruleId: "intake.enterprise", confidence: f.channel === "enterprise_line" ? 1 : 0.6 });
  }
  const { month } = localHour(f.receivedAt);
  if (month >= 6 && month <= 9) out.push({ code: "season.flood_season", ruleId: "intake.season", confidence: 1 });
  if (month >= 11 || month <= 3) out.push({ code: "season.heating_season", ruleId: "intake.season", confidence: 1 });
  return out;
}
