import { registerEnumType } from "type-graphql";
import { bilingual, describeValue, VOCABULARY, type EnumVocabulary } from "@cityops/schema/vocabulary";

/**
 * GraphQL enums use English capitals (contract) while the database stores lowercase values:
 * the enum object maps one to the other, so resolvers only ever see database values. Names and
 * descriptions come from the vocabulary, so the docs panel says what the wall and reports say.
 */
function gqlEnum<T extends string>(v: EnumVocabulary<T>): Record<string, T> {
  const obj = Object.fromEntries(v.values.map((value) => [value.toUpperCase(), value])) as Record<string, T>;
  registerEnumType(obj, {
    name: v.name,
    description: bilingual(v.title),
    valuesConfig: Object.fromEntries(v.values.map((value) => [value.toUpperCase(), { description: describeValue(v, value) }])),
  });
  return obj;
}

export const TicketStatusG = gqlEnum(VOCABULARY.TicketStatus);
export const SourceG = gqlEnum(VOCABULARY.Source);
export const ChannelG = gqlEnum(VOCABULARY.Channel);
export const AppealTypeG = gqlEnum(VOCABULARY.AppealType);
export const SatisfactionG = gqlEnum(VOCABULARY.Satisfaction);
export const LoopG = gqlEnum(VOCABULARY.Loop);
export const RoleG = gqlEnum(VOCABULARY.Role);
export const RegionLevelG = gqlEnum(VOCABULARY.RegionLevel);
export const DepartmentKindG = gqlEnum(VOCABULARY.DepartmentKind);
export const DomainG = gqlEnum(VOCABULARY.Domain);
export const TagOriginG = gqlEnum(VOCABULARY.TagOrigin);
export const TagSetterG = gqlEnum(VOCABULARY.TagSetter);
export const TicketEventTypeG = gqlEnum(VOCABULARY.TicketEventType);
export const SupervisionMethodG = gqlEnum(VOCABULARY.SupervisionMethod);
export const ConsultationStatusG = gqlEnum(VOCABULARY.ConsultationStatus);
export const WarningKindG = gqlEnum(VOCABULARY.WarningKind);
export const WarningSeverityG = gqlEnum(VOCABULARY.WarningSeverity);
export const WarningStatusG = gqlEnum(VOCABULARY.WarningStatus);
export const ReportKindG = gqlEnum(VOCABULARY.ReportKind);
