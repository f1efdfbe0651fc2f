import { Ctx, Field, ID, ObjectType, Query, Resolver } from "type-graphql";
import type { Role } from "@cityops/schema";
import { RoleG } from "../enums.js";
import { Department } from "../types/department.type.js";
import type { Context } from "../context.js";

@ObjectType({ description: "当前身份 / Who the token says you are" })
export class Me {
  @Field(() => ID)
  id!: string;

  @Field(() => RoleG)
  role!: Role;

  @Field(() => Department, { nullable: true, description: "所属单位（责任单位角色）/ Department, for the department role" })
  department!: Department | null;
}

@Resolver()
export class MeResolver {
  @Query(() => Me, { nullable: true, description: "当前身份；未登录为空 / The caller; null without a token" })
  me(@Ctx() ctx: Context): Me | null {
    if (!ctx.actor) return null;
    const d = ctx.actor.departmentId === null ? null : (ctx.services.ref.departments.get(ctx.actor.departmentId) ?? null);
    return { id: ctx.actor.id, role: ctx.actor.role, department: d as Department | null };
  }
}
