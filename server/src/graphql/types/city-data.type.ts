import { Field, Int, ObjectType } from "type-graphql";
import { GraphQLDateTimeISO, GraphQLJSONObject } from "graphql-scalars";

@ObjectType({ description: "一次城市数据导入 / One load of a city's reference data" })
export class CityLoad {
  @Field(() => String, { description: "文件名 / File name" })
  fileName!: string;

  @Field(() => String, { description: "导入人 / Loaded by" })
  loadedBy!: string;

  @Field(() => GraphQLDateTimeISO, { description: "导入时间 / Loaded at" })
  loadedAt!: Date;

  @Field(() => GraphQLJSONObject, { description: "摘要：新增、修改、废止、未变、修复 / Summary: added, changed, retired, unchanged, repairs" })
  summary!: Record<string, unknown>;
}

@ObjectType({ description: "一类城市数据：数量与最近一次导入 / One kind of city data: how many, and its last load" })
export class CityDataKind {
  @Field(() => String, { description: "类别：regions、departments、matters、knowledge / Kind" })
  kind!: string;

  @Field(() => String, { description: "类别名称 / Kind's name" })
  label!: string;

  @Field(() => Int, { description: "现有数量（权责事项为现行版本）/ How many are held (matters: current versions)" })
  count!: number;

  @Field(() => CityLoad, { nullable: true, description: "最近一次导入 / The last load" })
  lastLoad!: CityLoad | null;
}

@ObjectType({ description: "城市数据概况：已导入什么、缺什么、下一步 / What city data is loaded, what is missing, what to do next" })
export class CityData {
  @Field(() => [CityDataKind])
  kinds!: CityDataKind[];

  @Field(() => [String], { description: "缺少的类别，按导入顺序 / Missing kinds, in the order to load them" })
  missing!: string[];

  @Field(() => String, { nullable: true, description: "下一步命令 / The next command to run" })
  nextStep!: string | null;
}
