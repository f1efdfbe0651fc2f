import { Field, ID, InputType } from "type-graphql";
import type { TicketEventType } from "@cityops/schema";
import { TicketEventTypeG } from "../enums.js";

@InputType({ description: "工单事件订阅筛选 / Filter of the ticketEvents subscription" })
export class TicketEventFilter {
  @Field(() => ID, { nullable: true, description: "主办或协办单位 / Lead or co-department" })
  departmentId?: string;

  @Field(() => ID, { nullable: true, description: "区域（任一层级）/ Region at any level" })
  regionId?: string;

  @Field(() => [String], { nullable: true, description: "含任一标签 / Has any of these tag codes" })
  tagsAny?: string[];

  @Field(() => [TicketEventTypeG], { nullable: true, description: "事件类型 / Event types" })
  types?: TicketEventType[];
}
