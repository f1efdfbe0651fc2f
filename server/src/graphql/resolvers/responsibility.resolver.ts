import { Arg, Authorized, Ctx, ID, Mutation, Query, Resolver } from "type-graphql";
import type { Domain } from "@cityops/schema";
import { Consultation, Determination, Precedent } from "../types/responsibility.type.js";
import { Department } from "../types/department.type.js";
import { DomainG } from "../enums.js";
import { actorOf, type Context } from "../context.js";
import { toId } from "../ids.js";
import { invalidInput } from "../../domain/errors.js";
import type { ConsultationRow } from "../../store/responsibility.store.js";

function consultationView(c: ConsultationRow, ctx: Context): Consultation {
  return { ...c, departments: c.departmentIds.map((id) => ctx.services.ref.departments.get(id)).filter(Boolean) as Department[] };
}

function checkDepartments(ctx: Context, ids: number[]): void {
  for (const id of ids) if (!ctx.services.ref.departments.has(id)) throw invalidInput(`Unknown department ${id} / 单位不存在`, { field: "departmentId" });
}

@Resolver()
export class ResponsibilityResolver {
  @Authorized("operator", "supervisor", "admin")
  @Mutation(() => Consultation, { description: "一键会商：发起多部门会商 / Open a multi-department consultation" })
  async openConsultation(
    @Arg("ticketIds", () => [ID]) ticketIds: string[],
    @Arg("departmentIds", () => [ID]) departmentIds: string[],
    @Arg("topic", () => String) topic: string,
    @Ctx() ctx: Context,
  ) {
    const depts = departmentIds.map((d) => toId(d, "departmentIds"));
    checkDepartments(ctx, depts);
    const row = await ctx.services.responsibility.open(actorOf(ctx), { ticketIds: ticketIds.map((t) => toId(t, "ticketIds")), departmentIds: depts, topic });
    return consultationView(row, ctx);
  }

  @Authorized("operator", "supervisor", "admin")
  @Mutation(() => Consultation, { description: "结束会商并记录结论 / Conclude a consultation" })
  async concludeConsultation(
    @Arg("id", () => ID) id: string,
    @Arg("conclusion", () => String) conclusion: string,
    @Ctx() ctx: Context,
    @Arg("leadDepartmentId", () => ID, { nullable: true }) leadDepartmentId?: string,
  ) {
    const lead = leadDepartmentId ? toId(leadDepartmentId, "leadDepartmentId") : null;
    if (lead !== null) checkDepartments(ctx, [lead]);
    return consultationView(await ctx.services.responsibility.conclude(actorOf(ctx), toId(id, "id"), conclusion, lead), ctx);
  }

  @Authorized()
  @Query(() => Consultation, { description: "会商详情 / A consultation" })
  async consultation(@Arg("id", () => ID) id: string, @Ctx() ctx: Context) {
    return consultationView(await ctx.services.responsibility.consultation(toId(id, "id")), ctx);
  }

  @Authorized()
  @Query(() => [Precedent], { description: "现行判例 / Active precedents" })
  precedents(@Ctx() ctx: Context) {
    return ctx.services.responsibility.listPrecedents();
  }

  @Authorized("staffing_office", "admin")
  @Mutation(() => Determination, {
    description:
      "一键明责：编办认定责任，形成判例；可同时修订权责清单 / The staffing office rules on responsibility, creating a precedent and optionally amending the list",
  })
  async determineResponsibility(
    @Arg("leadDepartmentId", () => ID) leadDepartmentId: string,
    @Arg("reasoning", () => String) reasoning: string,
    @Arg("precedentTitle", () => String) precedentTitle: string,
    @Ctx() ctx: Context,
    @Arg("ticketIds", () => [ID], { nullable: true }) ticketIds?: string[],
    @Arg("consultationId", () => ID, { nullable: true }) consultationId?: string,
    @Arg("coDepartmentIds", () => [ID], { nullable: true }) coDepartmentIds?: string[],
    @Arg("keywords", () => [String], { nullable: true }) keywords?: string[],
    @Arg("matterKey", () => String, { nullable: true, description: "要修订的事项 / Matter to amend" }) matterKey?: string,
    @Arg("amendMatter", () => Boolean, { nullable: true, defaultValue: false }) amendMatter?: boolean,
    @Arg("domain", () => DomainG, { nullable: true }) domain?: Domain,
  ): Promise<Determination> {
    const actor = actorOf(ctx);
    const lead = toId(leadDepartmentId, "leadDepartmentId");
    const co = (coDepartmentIds ?? []).map((d) => toId(d, "coDepartmentIds"));
    checkDepartments(ctx, [lead, ...co]);
    const matter = matterKey ? await ctx.services.matters.current(matterKey) : null;
    if (matterKey && !matter) throw invalidInput(`Unknown or retired matter ${matterKey} / 事项不存在或已废止`, { field: "matterKey" });
    const { determination, precedent, amendedMatter } = await ctx.services.responsibility.determine(actor, {
      consultationId: consultationId ? toId(consultationId, "consultationId") : undefined,
      ticketIds: (ticketIds ?? []).map((t) => toId(t, "ticketIds")),
      leadDepartmentId: lead,
      coDepartmentIds: co,
      matterId: matter?.id,
      reasoning,
      precedentTitle,
      precedentKeywords: keywords ?? [],
      domain: domain ?? matter?.domain,
      amendMatter:
        matter && amendMatter
          ? { key: matter.key, name: matter.name, domain: matter.domain, leadDepartmentId: lead, coDepartmentIds: co, legalBasis: matter.legalBasis, keywords: matter.keywords, timeLimitDays: matter.timeLimitDays }
          : undefined,
    });
    return {
      ...determination,
      leadDepartment: ctx.services.ref.departments.get(lead) as Department,
      precedent: precedent as Precedent,
      amendedMatter,
    };
  }
}
