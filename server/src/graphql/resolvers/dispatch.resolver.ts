import { Arg, Authorized, Ctx, Int, Query, Resolver } from "type-graphql";
import { DispatchSuggestion, Precedent } from "../types/responsibility.type.js";
import { Department } from "../types/department.type.js";
import type { Context } from "../context.js";
import { invalidInput } from "../../domain/errors.js";

/** Dispatch suggestions (派单建议) for a request's text: what operators see before they dispatch. */
@Resolver()
export class DispatchResolver {
  @Authorized()
  @Query(() => [DispatchSuggestion], {
    description:
      "派单建议：依据权责清单、判例和历史办理结果排序 / Ranked dispatch suggestions from the responsibility list, precedents and resolved history",
  })
  async suggestDispatch(
    @Arg("text", () => String, { description: "诉求内容 / Request text" }) text: string,
    @Ctx() ctx: Context,
    @Arg("limit", () => Int, { nullable: true, defaultValue: 5 }) limit?: number,
  ): Promise<DispatchSuggestion[]> {
    if (!text.trim()) throw invalidInput("text must not be empty / 诉求内容不能为空", { field: "text" });
    if (limit !== undefined && (limit < 1 || limit > 20)) throw invalidInput("limit must be 1–20", { field: "limit" });
    const suggestions = await ctx.services.dispatch.suggest(text, limit ?? 5);
    const precedents = new Map((await ctx.services.responsibility.listPrecedents()).map((p) => [p.id, p]));
    const out: DispatchSuggestion[] = [];
    for (const s of suggestions) {
      const department = ctx.services.ref.departments.get(s.departmentId);
      if (!department) continue;
      out.push({
        department: department as Department,
        matter: s.matterId ? await ctx.loaders.matters.load(s.matterId) : null,
        legalBasis: s.legalBasis,
        precedent: s.precedentId ? ((precedents.get(s.precedentId) as Precedent | undefined) ?? null) : null,
        score: s.score,
        reason: s.reason,
      });
    }
    return out;
  }

}
