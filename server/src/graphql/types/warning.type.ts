import { Field, ID, Int, ObjectType } from "type-graphql";
import { GraphQLDateTimeISO, GraphQLJSONObject } from "graphql-scalars";
import type { ReportKind, WarningKind, WarningSeverity, WarningStatus } from "@cityops/schema";
import { ReportKindG, WarningKindG, WarningSeverityG, WarningStatusG } from "../enums.js";
import { Connection } from "./connection.type.js";

@ObjectType({
  description:
    "预警：同一类型、同一范围只有一条未办结预警，随证据增加而升级；发布 → 签收 → 办结 / Warning: one open warning per kind and scope, escalating as evidence grows; raised → acknowledged → resolved",
})
export class Warning {
  @Field(() => ID)
  id!: number;

  @Field(() => WarningKindG, { description: "预警类型 / Kind" })
  kind!: WarningKind;

  @Field(() => WarningSeverityG, { description: "等级（只升不降）/ Severity; rises, never falls while open" })
  severity!: WarningSeverity;

  @Field(() => WarningStatusG, { description: "状态 / Status" })
  status!: WarningStatus;

  @Field(() => String, { description: "标题 / Title" })
  title!: string;

  @Field(() => Int, { description: "规模（件数、来电人数、网格数等，依类型而定）/ Size: tickets, callers or places, by kind" })
  count!: number;

  @Field(() => GraphQLDateTimeISO, { description: "发布时间 / Raised at" })
  raisedAt!: Date;

  @Field(() => GraphQLDateTimeISO, { description: "最近更新 / Last updated" })
  updatedAt!: Date;

  @Field(() => GraphQLDateTimeISO, { nullable: true, description: "最近升级时间 / Last escalated at" })
  escalatedAt!: Date | null;

  @Field(() => String, { nullable: true, description: "签收人 / Acknowledged by" })
  acknowledgedBy!: string | null;

  @Field(() => GraphQLDateTimeISO, { nullable: true, description: "签收时间 / Acknowledged at" })
  acknowledgedAt!: Date | null;

  @Field(() => String, { nullable: true, description: "办结人 / Resolved by" })
  resolvedBy!: string | null;

  @Field(() => GraphQLDateTimeISO, { nullable: true, description: "办结时间 / Resolved at" })
  resolvedAt!: Date | null;

  @Field(() => String, { nullable: true, description: "处置说明 / What was done" })
  resolutionNote!: string | null;

  @Field(() => [GraphQLJSONObject], { description: "处置记录：发布、升级、签收、办结（谁、何时）/ Trail: raised, escalated, acknowledged, resolved — who and when" })
  history!: Record<string, unknown>[];

  // Resolved by WarningResolver: scope and detail (masked for the wall), evidence, department.
  scope!: Record<string, unknown>;
  detail!: string;
  scopeKey!: string;
  evidenceTicketIds!: number[];
  departmentId!: number | null;
  pushSeq!: number | null;
}

export const WarningConnection = Connection(Warning, "Warning", "预警");

@ObjectType({ description: "报告：预警专报、领导参阅、信息动态 / Report: warning bulletin, leadership brief or information digest" })
export class Report {
  @Field(() => ID)
  id!: number;

  @Field(() => ReportKindG, { description: "报告类型 / Kind" })
  kind!: ReportKind;

  @Field(() => String, { description: "标题 / Title" })
  title!: string;

  @Field(() => GraphQLDateTimeISO, { description: "统计起 / Period from" })
  periodFrom!: Date;

  @Field(() => GraphQLDateTimeISO, { description: "统计止 / Period to" })
  periodTo!: Date;

  @Field(() => String, { description: "起草人 / Drafted by" })
  createdBy!: string;

  @Field(() => GraphQLDateTimeISO, { description: "生成时间 / Created at" })
  createdAt!: Date;

  // Resolved by ReportResolver: url (signed), html.
  body!: string;
}

export const ReportConnection = Connection(Report, "Report", "报告");
