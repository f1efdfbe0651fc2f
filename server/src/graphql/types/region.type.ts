import { Field, Float, ID, ObjectType } from "type-graphql";
import { GraphQLJSONObject } from "graphql-scalars";
import type { RegionLevel } from "@cityops/schema";
import { RegionLevelG } from "../enums.js";

@ObjectType({ description: "区域：街道 → 社区 → 网格 / Region: street → community → grid cell" })
export class Region {
  @Field(() => ID)
  id!: number;

  @Field(() => String, { description: "区域编码 / Code" })
  code!: string;

  @Field(() => RegionLevelG, { description: "层级 / Level" })
  level!: RegionLevel;

  @Field(() => String, { description: "名称 / Name (Chinese)" })
  name!: string;

  @Field(() => String, { description: "英文名称 / Name (English)" })
  nameEn!: string;

  @Field(() => GraphQLJSONObject, { description: "GeoJSON 几何（多边形）/ GeoJSON geometry (Polygon)" })
  geometry!: object;

  @Field(() => Float, { description: "中心点纬度 / Centre latitude" })
  centerLat!: number;

  @Field(() => Float, { description: "中心点经度 / Centre longitude" })
  centerLng!: number;

  @Field(() => Boolean, { description: "是否为演示用地理数据 / Whether this is generated demo geography" })
  isDemo!: boolean;

  parentId!: number | null;
}
