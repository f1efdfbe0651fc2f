import { Field, ID, Int, ObjectType } from "type-graphql";
import { GraphQLDateTimeISO } from "graphql-scalars";
import type { Domain } from "@cityops/schema";
import { DomainG } from "../enums.js";

@ObjectType({
  description:
    "权责清单事项（某一版本）。修改生成新版本，旧版本保留可查 / A matter of the responsibility list, one version. A change makes a new version; old ones stay readable",
})
export class Matter {
  @Field(() => ID, { description: "版本记录编号 / Id of this version" })
  id!: number;

  @Field(() => String, { description: "事项标识（跨版本不变）/ Matter key, stable across versions" })
  key!: string;

  @Field(() => Int, { description: "版本号 / Version" })
  version!: number;

  @Field(() => String, { description: "事项名称 / Name" })
  name!: string;

  @Field(() => DomainG, { description: "所属领域 / Domain" })
  domain!: Domain;

  @Field(() => String, { description: "履职依据 / Legal basis" })
  legalBasis!: string;

  @Field(() => [String], { description: "关键词 / Keywords" })
  keywords!: string[];

  @Field(() => Int, { description: "办理时限（天）/ Time limit in days" })
  timeLimitDays!: number;

  @Field(() => GraphQLDateTimeISO, { description: "生效时间 / Valid from" })
  validFrom!: Date;

  @Field(() => GraphQLDateTimeISO, { nullable: true, description: "失效时间，空表示现行 / Valid to; empty while current" })
  validTo!: Date | null;

  @Field(() => String, { nullable: true, description: "变更说明 / Change note" })
  changeNote!: string | null;

  leadDepartmentId!: number;
  coDepartmentIds!: number[];
}
