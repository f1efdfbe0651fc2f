import { Field, Float, ID, ObjectType } from "type-graphql";
import { GraphQLDateTimeISO } from "graphql-scalars";
import type { ConsultationStatus } from "@cityops/schema";
import { ConsultationStatusG } from "../enums.js";
import { Department } from "./department.type.js";
import { Matter } from "./matter.type.js";

@ObjectType({ description: "判例：已解决的争议，成为同类诉求的派单规则 / Precedent: a settled dispute that dispatches the same class of requests" })
export class Precedent {
  @Field(() => ID)
  id!: number;

  @Field(() => String, { description: "标题 / Title" })
  title!: string;

  @Field(() => String, { description: "摘要与依据 / Summary and reasoning" })
  summary!: string;

  @Field(() => [String], { description: "关键词 / Keywords" })
  keywords!: string[];

  @Field(() => GraphQLDateTimeISO, { description: "形成时间 / Created at" })
  createdAt!: Date;

  departmentId!: number;
  matterId!: number | null;
}

@ObjectType({ description: "派单建议 / Dispatch suggestion" })
export class DispatchSuggestion {
  @Field(() => Department, { description: "建议单位 / Suggested department" })
  department!: Department;

  @Field(() => Matter, { nullable: true, description: "匹配的权责事项 / Matched matter" })
  matter!: Matter | null;

  @Field(() => String, { nullable: true, description: "履职依据 / Legal basis" })
  legalBasis!: string | null;

  @Field(() => Precedent, { nullable: true, description: "适用的判例 / Precedent used" })
  precedent!: Precedent | null;

  @Field(() => Float, { description: "得分（越高越可信）/ Score; higher is more certain" })
  score!: number;

  @Field(() => String, { description: "理由 / Reason" })
  reason!: string;
}

@ObjectType({ description: "一键会商 / Consultation between departments" })
export class Consultation {
  @Field(() => ID)
  id!: number;

  @Field(() => ConsultationStatusG, { description: "状态 / Status" })
  status!: ConsultationStatus;

  @Field(() => String, { description: "议题 / Topic" })
  topic!: string;

  @Field(() => [ID], { description: "涉及工单 / Tickets" })
  ticketIds!: number[];

  @Field(() => [Department], { description: "参与单位 / Departments" })
  departments!: Department[];

  @Field(() => String, { nullable: true, description: "结论 / Conclusion" })
  conclusion!: string | null;

  @Field(() => GraphQLDateTimeISO, { description: "发起时间 / Opened at" })
  openedAt!: Date;

  @Field(() => GraphQLDateTimeISO, { nullable: true, description: "结束时间 / Concluded at" })
  concludedAt!: Date | null;
}

@ObjectType({ description: "一键明责：编办的责任认定 / Determination: the staffing office's ruling on responsibility" })
export class Determination {
  @Field(() => ID)
  id!: number;

  @Field(() => Department, { description: "主责单位 / Responsible department" })
  leadDepartment!: Department;

  @Field(() => [ID], { description: "涉及工单 / Tickets" })
  ticketIds!: number[];

  @Field(() => String, { description: "认定依据 / Reasoning" })
  reasoning!: string;

  @Field(() => String, { description: "认定人 / Decided by" })
  decidedBy!: string;

  @Field(() => GraphQLDateTimeISO, { description: "认定时间 / Decided at" })
  decidedAt!: Date;

  @Field(() => Precedent, { description: "由此形成的判例 / The precedent it created" })
  precedent!: Precedent;

  @Field(() => Matter, { nullable: true, description: "据此修订的权责事项新版本 / New matter version, when the list was amended" })
  amendedMatter!: Matter | null;
}
