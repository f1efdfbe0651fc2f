import { Field, Int, ObjectType } from "type-graphql";
import { GraphQLDateTimeISO, GraphQLJSONObject } from "graphql-scalars";
import type { TicketEventType } from "@cityops/schema";
import { TicketEventTypeG } from "../enums.js";
import { Ticket, TicketEvent } from "./ticket.type.js";

@ObjectType({ description: "推送的工单事件 / A ticket event as pushed to subscribers" })
export class TicketStreamEvent {
  @Field(() => String, { description: "游标：断线后以 after 传回即可无缺漏续订 / Cursor: pass it back as `after` to resume without gaps" })
  cursor!: string;

  @Field(() => TicketEventTypeG, { description: "事件类型 / Type" })
  type!: TicketEventType;

  @Field(() => GraphQLDateTimeISO, { description: "发生时间 / When" })
  at!: Date;

  @Field(() => TicketEvent, { description: "事件记录 / The event record" })
  event!: TicketEvent;

  @Field(() => Ticket, { description: "工单（当前状态）/ The ticket as it is now" })
  ticket!: Ticket;
}

@ObjectType({ description: "大屏帧：服务器每秒生成一次，所有大屏共用 / Wall frame: built once a second for all walls" })
export class WallFrameType {
  @Field(() => Int, { description: "帧序号 / Sequence number" })
  seq!: number;

  @Field(() => GraphQLDateTimeISO, { description: "生成时间 / Built at" })
  at!: Date;

  @Field(() => GraphQLJSONObject, { description:
      "帧内容：KPI、今日热力、最新工单、预警，以及近24小时的时段×领域、来源→领域→单位流向和单位排名（last24h）；无个人信息 / Frame data: KPIs, today's heat, newest tickets, warnings, and the last 24 hours by hour × domain, source → domain → department and department ranking (last24h); no personal data" })
  data!: object;
}
