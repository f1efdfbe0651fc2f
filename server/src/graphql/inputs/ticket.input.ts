import { Field, Float, ID, InputType, registerEnumType } from "type-graphql";
import { GraphQLDateTimeISO } from "graphql-scalars";
import type { AppealType, Channel, Domain, Satisfaction, Source, TicketStatus } from "@cityops/schema";
import { AppealTypeG, ChannelG, DomainG, SatisfactionG, SourceG, TicketStatusG } from "../enums.js";

export enum TicketOrderG {
  RECEIVED_AT_DESC = "RECEIVED_AT_DESC",
  RECEIVED_AT_ASC = "RECEIVED_AT_ASC",
  DUE_AT_ASC = "DUE_AT_ASC",
}
registerEnumType(TicketOrderG, {
  name: "TicketOrder",
  description: "工单排序 / Ticket order",
  valuesConfig: {
    RECEIVED_AT_DESC: { description: "最新受理在前 / Newest first" },
    RECEIVED_AT_ASC: { description: "最早受理在前 / Oldest first" },
    DUE_AT_ASC: { description: "时限最近在前 / Nearest due time first" },
  },
});

@InputType({ description: "工单筛选条件（各条件同时满足）/ Ticket filter; all given conditions apply" })
export class TicketFilter {
  @Field(() => [TicketStatusG], { nullable: true, description: "状态 / Status" })
  status?: TicketStatus[];

  @Field(() => [SourceG], { nullable: true, description: "来源 / Source" })
  source?: Source[];

  @Field(() => [ChannelG], { nullable: true, description: "渠道 / Channel" })
  channel?: Channel[];

  @Field(() => [AppealTypeG], { nullable: true, description: "诉求类型 / Appeal type" })
  appealType?: AppealType[];

  @Field(() => ID, { nullable: true, description: "主办或协办单位 / Lead or co-department" })
  departmentId?: string;

  @Field(() => ID, { nullable: true, description: "区域（街道、社区或网格）/ Region at any level" })
  regionId?: string;

  @Field(() => [String], { nullable: true, description: "含任一标签 / Has any of these tag codes" })
  tagsAny?: string[];

  @Field(() => [String], { nullable: true, description: "含全部标签 / Has all of these tag codes" })
  tagsAll?: string[];

  @Field(() => ID, { nullable: true, description: "权责事项（版本编号）/ Matter (version id)" })
  matterId?: string;

  @Field(() => [DomainG], { nullable: true, description: "领域 / Domain" })
  domain?: Domain[];

  @Field(() => GraphQLDateTimeISO, { nullable: true, description: "受理时间起（含）/ Received at or after" })
  from?: Date;

  @Field(() => GraphQLDateTimeISO, { nullable: true, description: "受理时间止（不含）/ Received before" })
  to?: Date;

  @Field(() => Boolean, { nullable: true, description: "是否已定位到网格 / Whether it has a grid cell" })
  located?: boolean;

  @Field(() => Boolean, { nullable: true, description: "是否超期 / Whether it is overdue" })
  overdue?: boolean;

  @Field(() => [SatisfactionG], { nullable: true, description: "满意度 / Satisfaction" })
  satisfaction?: Satisfaction[];

  @Field(() => String, { nullable: true, description: "诉求内容包含的文字 / Text in the content" })
  text?: string;
}

@InputType({ description: "新建工单 / A new ticket" })
export class CreateTicketInput {
  @Field(() => SourceG, { description: "来源 / Source" })
  source!: Source;

  @Field(() => String, { description: "来源系统编号，与来源一起保证幂等 / Id in the source system; with source, makes intake idempotent" })
  externalId!: string;

  @Field(() => ChannelG, { description: "渠道 / Channel" })
  channel!: Channel;

  @Field(() => AppealTypeG, { description: "诉求类型 / Appeal type" })
  appealType!: AppealType;

  @Field(() => String, { description: "诉求内容 / Content" })
  content!: string;

  @Field(() => String, { nullable: true, description: "标题 / Title" })
  title?: string;

  @Field(() => String, { nullable: true, description: "地址 / Address" })
  address?: string;

  @Field(() => Float, { nullable: true, description: "纬度 / Latitude" })
  lat?: number;

  @Field(() => Float, { nullable: true, description: "经度 / Longitude" })
  lng?: number;

  @Field(() => String, { nullable: true, description: "诉求人姓名 / Citizen's name" })
  citizenName?: string;

  @Field(() => String, { nullable: true, description: "诉求人电话 / Citizen's phone" })
  citizenPhone?: string;

  @Field(() => GraphQLDateTimeISO, { nullable: true, description: "受理时间，默认当前 / Received at; now by default" })
  receivedAt?: Date;
}
