import { Field, ID, InputType, Int } from "type-graphql";
import type { Domain } from "@cityops/schema";
import { DomainG } from "../enums.js";

@InputType({ description: "权责事项（新建或修订为新版本）/ A matter: new, or a new version of an existing one" })
export class MatterInput {
  @Field(() => String, { nullable: true, description: "已有事项标识；为空则新建 / Key of an existing matter; empty for a new one" })
  key?: string;

  @Field(() => String, { description: "事项名称 / Name" })
  name!: string;

  @Field(() => DomainG, { description: "领域 / Domain" })
  domain!: Domain;

  @Field(() => ID, { description: "主办单位 / Lead department" })
  leadDepartmentId!: string;

  @Field(() => [ID], { defaultValue: [], description: "协办单位 / Co-departments" })
  coDepartmentIds!: string[];

  @Field(() => String, { description: "履职依据 / Legal basis" })
  legalBasis!: string;

  @Field(() => [String], { defaultValue: [], description: "关键词 / Keywords" })
  keywords!: string[];

  @Field(() => Int, { description: "办理时限（天）/ Time limit in days" })
  timeLimitDays!: number;

  @Field(() => String, { nullable: true, description: "变更说明 / Change note" })
  changeNote?: string;
}
