import { Arg, Authorized, Ctx, Field, FieldResolver, Int, ObjectType, Query, Resolver, Root } from "type-graphql";
import type { RegionLevel } from "@cityops/schema";
import { Department } from "../types/department.type.js";
import { Region } from "../types/region.type.js";
import { Tag, TagCategory } from "../types/tag.type.js";
import { RegionLevelG } from "../enums.js";
import type { Context } from "../context.js";
import { optId } from "../ids.js";

@ObjectType({ description: "城运中心 / The operations center this hub serves" })
export class Center {
  @Field(() => String, { description: "名称 / Name, in Chinese" })
  name!: string;

  @Field(() => String, { description: "英文名称 / Name, in English" })
  nameEn!: string;
}

@Resolver()
export class ReferenceResolver {
  @Authorized()
  @Query(() => Center, { description: "本城运中心的名称（大屏标题、报告落款）/ The center's name: the wall's title and the reports' signature (CITYOPS_CENTER_NAME)" })
  center(@Ctx() ctx: Context): Center {
    return { name: ctx.services.config.centerName.zh, nameEn: ctx.services.config.centerName.en };
  }

  @Authorized()
  @Query(() => [Department], { description: "全部责任单位 / All responsible units" })
  departments(@Ctx() ctx: Context): Department[] {
    return [...ctx.services.ref.departments.values()] as Department[];
  }

  @Authorized()
  @Query(() => [Region], { description: "区域及其 GeoJSON 边界 / Regions with their GeoJSON boundaries" })
  regions(
    @Ctx() ctx: Context,
    @Arg("level", () => RegionLevelG, { nullable: true, description: "层级 / Level" }) level?: RegionLevel,
    @Arg("parentId", () => String, { nullable: true, description: "上级区域 / Parent region" }) parentId?: string,
  ): Region[] {
    const parent = optId(parentId, "parentId");
    return [...ctx.services.ref.regions.values()].filter(
      (r) => (level === undefined || r.level === level) && (parent === undefined || r.parentId === parent),
    ) as Region[];
  }

  @Authorized()
  @Query(() => [TagCategory], { description: "标签体系的全部类别 / Every category of the tag system" })
  tagCategories(@Ctx() ctx: Context): TagCategory[] {
    return [...ctx.services.ref.categories.values()] as TagCategory[];
  }
}

@Resolver(() => Region)
export class RegionResolver {
  @FieldResolver(() => Region, { nullable: true, description: "上级区域 / Parent region" })
  parent(@Root() r: Region, @Ctx() ctx: Context) {
    return r.parentId === null ? null : (ctx.services.ref.regions.get(r.parentId) ?? null);
  }
}

@Resolver(() => TagCategory)
export class TagCategoryResolver {
  @FieldResolver(() => [Tag], { description: "本类别的标签 / Tags of this category" })
  tags(@Root() c: TagCategory, @Ctx() ctx: Context): Tag[] {
    return [...ctx.services.ref.tags.values()].filter((t) => t.categoryId === c.id) as Tag[];
  }
}

@Resolver(() => Tag)
export class TagResolver {
  @FieldResolver(() => Int, { description: "带此标签的工单数 / Tickets carrying this tag" })
  async count(@Root() t: Tag, @Ctx() ctx: Context): Promise<number> {
    return (await ctx.services.tagCounts()).get(t.id) ?? 0;
  }
}
