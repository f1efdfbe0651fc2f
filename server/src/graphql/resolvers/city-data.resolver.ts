import { Authorized, Ctx, Query, Resolver } from "type-graphql";
import { CityData } from "../types/city-data.type.js";
import type { Context } from "../context.js";
import { missingKinds } from "../../load/loader.js";

const LABELS: Record<string, string> = { regions: "地图（街道、社区、网格）/ Map", departments: "责任单位 / Departments", matters: "权责清单 / Responsibility list", knowledge: "知识库 / Knowledge base" };

@Resolver()
export class CityDataResolver {
  @Authorized("admin")
  @Query(() => CityData, { description: "城市数据：各类数量与最近一次导入（管理员）/ City data: counts and the last load of each kind (admin)" })
  async cityData(@Ctx() ctx: Context): Promise<CityData> {
    const status = await ctx.services.cityLoad.status();
    const missing = missingKinds(status);
    return {
      kinds: status.map((s) => ({
        kind: s.kind,
        label: LABELS[s.kind]!,
        count: s.count,
        lastLoad: s.last && { fileName: s.last.fileName, loadedBy: s.last.loadedBy, loadedAt: s.last.loadedAt, summary: s.last.summary },
      })),
      missing,
      nextStep: missing.length ? `pnpm cityops load ${missing[0]} <file>` : null,
    };
  }
}
