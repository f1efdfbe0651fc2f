import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import { GraphQLDateTimeISO } from "graphql-scalars";
import type { Domain } from "@cityops/schema";
import { Matter } from "../types/matter.type.js";
import { MatterConnection } from "../types/matter-connection.type.js";
import { Department } from "../types/department.type.js";
import { MatterInput } from "../inputs/matter.input.js";
import { DomainG } from "../enums.js";
import { actorOf, type Context } from "../context.js";
import { optId, pageSize, toId } from "../ids.js";
import { toConnection } from "../types/connection.type.js";
import { invalidInput } from "../../domain/errors.js";

@Resolver(() => Matter)
export class MatterResolver {
  @Authorized()
  @Query(() => MatterConnection, {
    description: "检索权责清单（中文关键词，空格分隔多个词）/ Search the responsibility list by Chinese text",
  })
  async matters(
    @Ctx() ctx: Context,
    @Arg("search", () => String, { nullable: true, description: "检索词 / Search text" }) search?: string,
    @Arg("domain", () => DomainG, { nullable: true, description: "领域 / Domain" }) domain?: Domain,
    @Arg("departmentId", () => ID, { nullable: true, description: "主办或协办单位 / Lead or co-department" }) departmentId?: string,
    @Arg("asOf", () => GraphQLDateTimeISO, { nullable: true, description: "按某一时间有效的版本 / Versions valid at this time" }) asOf?: Date,
    @Arg("first", () => Int, { nullable: true }) first?: number,
    @Arg("after", () => String, { nullable: true }) after?: string,
  ) {
    const page = await ctx.services.matters.search(
      { search, domain, departmentId: optId(departmentId, "departmentId"), asOf: asOf ?? null },
      pageSize(first, ctx.services.config.maxPageSize),
      after ?? null,
    );
    return toConnection(page);
  }

  @Authorized()
  @Query(() => [Matter], { description: "某事项的全部版本（新版本在前）/ Every version of a matter, newest first" })
  matterVersions(@Arg("key", () => String) key: string, @Ctx() ctx: Context) {
    return ctx.services.matters.versions(key);
  }

  @Authorized("staffing_office", "admin")
  @Mutation(() => Matter, { description: "新增事项或修订为新版本（旧版本保留）/ Add a matter or make a new version; the old one stays" })
  async upsertMatter(@Arg("input", () => MatterInput) input: MatterInput, @Ctx() ctx: Context) {
    const lead = toId(input.leadDepartmentId, "leadDepartmentId");
    const co = input.coDepartmentIds.map((id) => toId(id, "coDepartmentIds"));
    for (const id of [lead, ...co]) {
      if (!ctx.services.ref.departments.has(id)) throw invalidInput(`Unknown department ${id} / 单位不存在`, { field: "departmentId" });
    }
    const row = await ctx.services.matters.upsert(
      { ...input, leadDepartmentId: lead, coDepartmentIds: co },
      actorOf(ctx).id,
    );
    return row;
  }

  @Authorized("staffing_office", "admin")
  @Mutation(() => Matter, { description: "废止事项（历史版本仍可查）/ Retire a matter; its versions stay readable" })
  async retireMatter(@Arg("key", () => String) key: string, @Ctx() ctx: Context) {
    const row = await ctx.services.matters.retire(key, actorOf(ctx).id);
    return row;
  }

  @FieldResolver(() => Department, { nullable: true, description: "主办单位 / Lead department" })
  leadDepartment(@Root() m: Matter, @Ctx() ctx: Context) {
    return ctx.services.ref.departments.get(m.leadDepartmentId) ?? null;
  }

  @FieldResolver(() => [Department], { description: "协办单位 / Co-departments" })
  coDepartments(@Root() m: Matter, @Ctx() ctx: Context) {
    return m.coDepartmentIds.map((id) => ctx.services.ref.departments.get(id)).filter(Boolean);
  }
}
