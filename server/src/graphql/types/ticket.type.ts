import { Field, ID, Int, ObjectType } from "type-graphql";
import { GraphQLDateTimeISO } from "graphql-scalars";
import type { AppealType, Channel, Domain, Loop, Role, Satisfaction, Source, TicketEventType, TicketStatus } from "@cityops/schema";
import { AppealTypeG, ChannelG, DomainG, LoopG, RoleG, SatisfactionG, SourceG, TicketEventTypeG, TicketStatusG } from "../enums.js";
import { Connection } from "./connection.type.js";

@ObjectType({ description: "工单事件（审计日志，只增不改）/ Ticket event: the append-only audit log" })
export class TicketEvent {
  @Field(() => ID)
  id!: number;

  @Field(() => TicketEventTypeG, { description: "事件类型 / Type" })
  type!: TicketEventType;

  @Field(() => GraphQLDateTimeISO, { description: "发生时间 / When" })
  at!: Date;

  @Field(() => String, { description: "操作人 / Who" })
  actor!: string;

  @Field(() => RoleG, { nullable: true, description: "操作人角色 / Actor's role" })
  actorRole!: Role | null;

  @Field(() => TicketStatusG, { nullable: true, description: "变更前状态 / Status before" })
  fromStatus!: TicketStatus | null;

  @Field(() => TicketStatusG, { nullable: true, description: "变更后状态 / Status after" })
  toStatus!: TicketStatus | null;

  // Resolved by TicketEventResolver: its text goes through the privacy policy.
  payload!: Record<string, unknown>;

  ticketId!: number;
  departmentId!: number | null;
}

@ObjectType({ description: "处理时间线上的一步 / One step of a ticket's timeline" })
export class TimelineStep {
  @Field(() => TicketStatusG, { description: "进入的状态 / The status entered" })
  status!: TicketStatus;

  @Field(() => GraphQLDateTimeISO, { description: "时间 / When" })
  at!: Date;
}

@ObjectType({ description: "工单：一条市民或企业诉求 / Ticket: one citizen or enterprise request" })
export class Ticket {
  @Field(() => ID)
  id!: number;

  @Field(() => SourceG, { description: "来源 / Source" })
  source!: Source;

  @Field(() => String, { description: "来源系统中的编号 / Id in the source system" })
  externalId!: string;

  @Field(() => ChannelG, { description: "渠道 / Channel" })
  channel!: Channel;

  @Field(() => AppealTypeG, { description: "诉求类型 / Appeal type" })
  appealType!: AppealType;

  title!: string | null;

  content!: string;
  address!: string | null;

  lat!: number | null;

  lng!: number | null;

  @Field(() => TicketStatusG, { description: "状态 / Status" })
  status!: TicketStatus;

  @Field(() => DomainG, { nullable: true, description: "领域 / Domain" })
  domain!: Domain | null;

  @Field(() => LoopG, { description: "处置层级 / Loop" })
  loop!: Loop;

  @Field(() => GraphQLDateTimeISO, { description: "受理时间 / Received at" })
  receivedAt!: Date;

  @Field(() => GraphQLDateTimeISO, { nullable: true, description: "派单时间 / Dispatched at" })
  dispatchedAt!: Date | null;

  @Field(() => GraphQLDateTimeISO, { nullable: true, description: "办理时限 / Due at" })
  dueAt!: Date | null;

  @Field(() => GraphQLDateTimeISO, { nullable: true, description: "签收时间 / Accepted at" })
  acceptedAt!: Date | null;

  @Field(() => GraphQLDateTimeISO, { nullable: true, description: "答复时间 / Replied at" })
  repliedAt!: Date | null;

  @Field(() => GraphQLDateTimeISO, { nullable: true, description: "办结时间 / Closed at" })
  closedAt!: Date | null;

  reply!: string | null;

  @Field(() => SatisfactionG, { nullable: true, description: "回访满意度 / Satisfaction at callback" })
  satisfaction!: Satisfaction | null;

  @Field(() => Int, { description: "重办次数 / Times reopened" })
  reopenCount!: number;

  @Field(() => Int, { description: "退单次数 / Times returned" })
  returnCount!: number;

  @Field(() => Int, { description: "督办次数 / Times supervised" })
  supervisionCount!: number;

  @Field(() => GraphQLDateTimeISO, { nullable: true, description: "历史导入时间（在其他系统中办理的历史工单）/ When a history import brought it in; null for tickets handled here" })
  importedAt!: Date | null;

  /** An imported ticket's recorded steps (tickets.timeline); resolved into `timeline`. */
  timeline!: { steps: { status: string; at: string }[] } | null;

  // Resolved by TicketResolver: department, coDepartments, region, tags, matter, events,
  // overdue, remainingSeconds, citizenName, citizenPhone, suggestion.
  tagIds!: number[];
  tagRules!: number[];
  tagActors!: string[];
  departmentId!: number | null;
  coDepartmentIds!: number[];
  gridCellId!: number | null;
  communityId!: number | null;
  streetId!: number | null;
  matterId!: number | null;
  suggestedDepartmentId!: number | null;
  suggestedMatterId!: number | null;
  citizenName!: string | null;
  citizenPhone!: string | null;
}

export const TicketConnection = Connection(Ticket, "Ticket", "工单");
