import { Field, Float, ID, Int, ObjectType } from "type-graphql";
import type { TagOrigin, TagSetter } from "@cityops/schema";
import { TagOriginG, TagSetterG } from "../enums.js";

@ObjectType({ description: "标签 / Tag" })
export class Tag {
  @Field(() => ID)
  id!: number;

  @Field(() => String, { description: "标签编码，形如 category.value / Code, category.value" })
  code!: string;

  @Field(() => String, { description: "名称 / Name (Chinese)" })
  name!: string;

  @Field(() => String, { description: "英文名称 / Name (English)" })
  nameEn!: string;

  categoryId!: number;
}

@ObjectType({ description: "标签类别（标签体系的一个维度）/ Tag category: one dimension of the tag system" })
export class TagCategory {
  @Field(() => ID)
  id!: number;

  @Field(() => String, { description: "类别编码 / Code" })
  code!: string;

  @Field(() => String, { description: "名称 / Name (Chinese)" })
  name!: string;

  @Field(() => String, { description: "英文名称 / Name (English)" })
  nameEn!: string;

  @Field(() => TagSetterG, { description: "由规则还是人工设置 / Set by rules, people or both" })
  setBy!: TagSetter;

  @Field(() => String, { description: "说明 / Description" })
  description!: string;
}

@ObjectType({ description: "工单上的标签 / A tag on a ticket" })
export class TicketTag {
  @Field(() => Tag)
  tag!: Tag;

  @Field(() => TagCategory, { description: "所属类别 / Category" })
  category!: TagCategory;

  @Field(() => TagOriginG, { description: "来源：规则或人工 / Set by a rule or a person" })
  origin!: TagOrigin;

  @Field(() => Float, { description: "置信度 / Confidence" })
  confidence!: number;

  @Field(() => String, { nullable: true, description: "设置该标签的规则 / Rule that set it" })
  ruleId!: string | null;

  @Field(() => String, { nullable: true, description: "设置该标签的人员 / Person who set it" })
  actor!: string | null;
}

@ObjectType("RetagResult", { description: "重新打标签结果 / Outcome of re-tagging a time range" })
export class RetagResultT {
  @Field(() => String, { description: "所用规则集版本 / Version of the rule set applied" })
  ruleSetVersion!: string;

  @Field(() => Int, { description: "范围内工单数 / Tickets in the range" })
  tickets!: number;

  @Field(() => Int, { description: "规则标签有变化的工单数 / Tickets whose rule tags changed" })
  changed!: number;

  @Field(() => Int, { description: "新增规则标签 / Rule tags added" })
  added!: number;

  @Field(() => Int, { description: "移除规则标签 / Rule tags removed" })
  removed!: number;

  @Field(() => Int, { description: "规则或置信度更新的标签 / Rule tags whose rule or confidence changed" })
  updated!: number;
}
