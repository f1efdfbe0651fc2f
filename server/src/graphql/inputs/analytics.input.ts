import { registerEnumType } from "type-graphql";

export enum IntervalG {
  HOUR = "hour",
  DAY = "day",
  WEEK = "week",
}
registerEnumType(IntervalG, {
  name: "Interval",
  description: "统计粒度（按北京时间划分日、周）/ Time bucket; days and weeks follow Beijing time",
  valuesConfig: {
    HOUR: { description: "小时 / Hour" },
    DAY: { description: "日 / Day" },
    WEEK: { description: "周（周一起）/ Week, from Monday" },
  },
});

export enum MatrixDimensionG {
  HOUR_OF_DAY = "hour_of_day",
  WEEKDAY = "weekday",
  DOMAIN = "domain",
  SOURCE = "source",
  CHANNEL = "channel",
  APPEAL_TYPE = "appeal_type",
  STREET = "street",
  DEPARTMENT = "department",
  TAG = "tag",
}
registerEnumType(MatrixDimensionG, {
  name: "MatrixDimension",
  description: "交叉分析维度 / A dimension of the matrix",
  valuesConfig: {
    HOUR_OF_DAY: { description: "时段（0–23时，北京时间）/ Hour of day, Beijing time" },
    WEEKDAY: { description: "星期 / Day of the week" },
    DOMAIN: { description: "领域 / Domain" },
    SOURCE: { description: "数据来源 / Source" },
    CHANNEL: { description: "渠道 / Channel" },
    APPEAL_TYPE: { description: "诉求类型 / Appeal type" },
    STREET: { description: "街道 / Street" },
    DEPARTMENT: { description: "主办单位 / Lead department" },
    TAG: { description: "某一标签类别（用 rowsTagCategory / colsTagCategory 指定）/ A tag category, named by rowsTagCategory or colsTagCategory" },
  },
});
