import { Field, Float, ID, Int, ObjectType } from "type-graphql";
import { GraphQLDateTimeISO } from "graphql-scalars";
import type { RegionLevel } from "@cityops/schema";
import { RegionLevelG } from "../enums.js";
import { Region } from "./region.type.js";
import { Department } from "./department.type.js";

@ObjectType({ description: "热力图单元：一个区域在时间窗内的受理量 / Heatmap cell: tickets received in one region in the window" })
export class HeatCell {
  @Field(() => ID, { description: "区域编号 / Region id" })
  regionId!: number;

  @Field(() => RegionLevelG, { description: "层级 / Level" })
  level!: RegionLevel;

  @Field(() => String, { description: "区域名称 / Region name" })
  name!: string;

  @Field(() => Int, { description: "受理量 / Tickets received" })
  count!: number;

  @Field(() => Float, { description: "占已定位工单的比例 / Share of the located tickets" })
  share!: number;

  @Field(() => Region, { description: "区域（含边界）/ The region, with its boundary" })
  region!: Region;
}

@ObjectType({ description: "维度取值 / A value of a dimension" })
export class AxisValue {
  @Field(() => String, { description: "取值编码 / Key" })
  key!: string;

  @Field(() => String, { description: "中文名称 / Label" })
  label!: string;

  @Field(() => Int, { description: "该取值的合计 / Total of this value" })
  total!: number;
}

@ObjectType({ description: "交叉矩阵：行维度 × 列维度的受理量 / Matrix: tickets received by one dimension × another" })
export class Matrix {
  @Field(() => [AxisValue], { description: "行 / Rows" })
  rows!: AxisValue[];

  @Field(() => [AxisValue], { description: "列 / Columns" })
  cols!: AxisValue[];

  @Field(() => [[Int]], { description: "values[i][j] = 第 i 行第 j 列 / values[i][j] is row i, column j" })
  values!: number[][];

  @Field(() => Int, { description: "合计（标签维度下一件工单可计入多个标签）/ Total; on a tag axis a ticket counts once per tag" })
  total!: number;
}

@ObjectType({ description: "趋势点 / A point of a trend" })
export class TrendPoint {
  @Field(() => GraphQLDateTimeISO, { description: "时段起点 / Start of the bucket" })
  at!: Date;

  @Field(() => Int, { description: "受理量 / Tickets received" })
  count!: number;
}

@ObjectType({ description: "分类计数 / A count by key" })
export class KeyCount {
  @Field(() => String, { description: "编码 / Key" })
  key!: string;

  @Field(() => String, { description: "名称 / Label" })
  label!: string;

  @Field(() => Int, { description: "数量 / Count" })
  count!: number;
}

/** The rates every performance figure shares (inherited fields); definitions in domain/metrics/performance.ts. */
@ObjectType({ description: "办理绩效各率 / Performance rates" })
export abstract class RateFields {
  @Field(() => Float, { nullable: true, description: "响应率：派单后24小时内签收的比例 / Response rate: accepted within 24 h of dispatch" })
  responseRate!: number | null;

  @Field(() => Float, { nullable: true, description: "按时办结率：时限内答复的比例（含超期未办）/ On-time closure: replied by the due time, counting overdue open ones" })
  onTimeClosureRate!: number | null;

  @Field(() => Float, { nullable: true, description: "平均办理时长（天，派单至答复）/ Average handling time in days, dispatch to reply" })
  avgHandlingDays!: number | null;

  @Field(() => Float, { nullable: true, description: "解决率：办结且未评不满意 / Resolution rate: closed and not rated dissatisfied" })
  resolutionRate!: number | null;

  @Field(() => Float, { nullable: true, description: "满意率：满意与基本满意占已回访 / Satisfaction rate among rated" })
  satisfactionRate!: number | null;

  @Field(() => Float, { nullable: true, description: "不满意率 / Dissatisfaction rate among rated" })
  dissatisfactionRate!: number | null;

  @Field(() => Float, { nullable: true, description: "重办率：已答复工单中被重办的比例 / Reopen rate among replied" })
  reopenRate!: number | null;

  @Field(() => Float, { nullable: true, description: "退单率：退单次数 / 派单次数 / Return rate: returns per dispatch" })
  returnRate!: number | null;
}

@ObjectType({ description: "总体指标：时间窗内受理的工单及当前积压 / Overview: tickets received in the window and the current backlog" })
export class Overview extends RateFields {
  @Field(() => GraphQLDateTimeISO, { description: "统计起 / From" })
  from!: Date;

  @Field(() => GraphQLDateTimeISO, { description: "统计止 / To" })
  to!: Date;

  @Field(() => GraphQLDateTimeISO, { description: "计算时刻（在办、超期按此时刻）/ When computed; open and overdue are as of this moment" })
  asOf!: Date;

  @Field(() => Int, { description: "受理量 / Received" })
  received!: number;

  @Field(() => Int, { description: "已定位到网格 / Located to a grid cell" })
  located!: number;

  @Field(() => Int, { description: "即时答复办结 / Answered and closed at intake" })
  immediateAnswered!: number;

  @Field(() => Int, { description: "已派单办理的工单 / Tickets dispatched to a department" })
  dispatchedTickets!: number;

  @Field(() => Int, { description: "已办结 / Closed" })
  closed!: number;

  @Field(() => Int, { description: "不满意件数 / Rated dissatisfied" })
  dissatisfied!: number;

  @Field(() => Int, { description: "时间窗内派单次数 / Dispatches in the window" })
  dispatches!: number;

  @Field(() => Int, { description: "时间窗内退单次数 / Returns in the window" })
  returns!: number;

  @Field(() => Int, { description: "当前在办（全部未办结）/ Open now" })
  openNow!: number;

  @Field(() => Int, { description: "当前超期 / Overdue now" })
  overdueNow!: number;

  @Field(() => [KeyCount], { description: "按来源 / By source" })
  bySource!: KeyCount[];

  @Field(() => [KeyCount], { description: "按领域 / By domain" })
  byDomain!: KeyCount[];
}

@ObjectType({ description: "部门绩效与考核得分 / Department performance and assessment score" })
export class DepartmentMetrics extends RateFields {
  @Field(() => Department, { description: "责任单位 / Department" })
  department!: Department;

  @Field(() => Int, { nullable: true, description: "按得分排名 / Rank by score" })
  rank!: number | null;

  @Field(() => GraphQLDateTimeISO, { description: "计算时刻 / When computed" })
  asOf!: Date;

  @Field(() => Int, { description: "受理量：时间窗内派给本单位的工单数 / Intake: tickets dispatched to it in the window" })
  intake!: number;

  @Field(() => Int, { description: "派单次数 / Dispatches to it" })
  dispatches!: number;

  @Field(() => Int, { description: "退单次数 / Returns by it" })
  returns!: number;

  @Field(() => Int, { description: "当前主办且在窗内派单的工单（各率的基数）/ Tickets it leads, dispatched in the window: the basis of the rates" })
  tickets!: number;

  @Field(() => Int, { description: "已答复 / Replied" })
  replied!: number;

  @Field(() => Int, { description: "已办结 / Closed" })
  closed!: number;

  @Field(() => Int, { description: "已回访 / Rated" })
  rated!: number;

  @Field(() => Int, { description: "不满意 / Dissatisfied" })
  dissatisfied!: number;

  @Field(() => Int, { description: "被重办 / Reopened" })
  reopened!: number;

  @Field(() => Int, { description: "当前超期在办 / Overdue and still held" })
  overdueOpen!: number;

  @Field(() => Float, { nullable: true, description: "考核得分（0–100）/ Assessment score, 0–100" })
  score!: number | null;

  @Field(() => Float, { nullable: true, description: "加权基础分（扣分前）/ Weighted base before deductions" })
  scoreBase!: number | null;

  @Field(() => Float, { description: "扣分（不满意、重办、超期）/ Deductions for dissatisfied, reopened and overdue tickets" })
  deduction!: number;
}
