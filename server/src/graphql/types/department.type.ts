import { Field, ID, ObjectType } from "type-graphql";
import type { DepartmentKind, Domain } from "@cityops/schema";
import { DepartmentKindG, DomainG } from "../enums.js";

@ObjectType({ description: "责任单位：区直部门、街道办事处、公共服务企业 / Responsible unit: bureau, street office or utility" })
export class Department {
  @Field(() => ID)
  id!: number;

  @Field(() => String, { description: "单位编码 / Code" })
  code!: string;

  @Field(() => String, { description: "单位名称 / Name (Chinese)" })
  name!: string;

  @Field(() => String, { description: "英文名称 / Name (English)" })
  nameEn!: string;

  @Field(() => DepartmentKindG, { description: "单位类型 / Kind" })
  kind!: DepartmentKind;

  @Field(() => [DomainG], { description: "主要负责领域 / Domains it mainly serves" })
  domains!: Domain[];
}
