import { Arg, Authorized, Ctx, Mutation, Resolver } from "type-graphql";
import { GraphQLJSONObject } from "graphql-scalars";
import type { Source } from "@cityops/schema";
import { SourceG } from "../enums.js";
import { IngestFormatG } from "../inputs/ingest.input.js";
import { IngestResultT } from "../types/ingest.type.js";
import { actorOf, type Context } from "../context.js";
import { invalidInput } from "../../domain/errors.js";

/** Larger pushes belong on POST /ingest/ndjson, which streams. */
export const MAX_INGEST_RECORDS = 5000;

@Resolver()
export class IngestResolver {
  @Authorized("operator", "admin")
  @Mutation(() => IngestResultT, {
    description:
      "批量接入：按来源格式映射为工单，按（来源, 来源编号）幂等；无效记录逐条说明原因，有效记录照常入库 / " +
      "Batch ingest from a pushing system: records in the source's format become tickets, idempotent on (source, externalId); " +
      "each invalid record is reported with its position and reason while the valid ones are stored",
  })
  async ingestTickets(
    @Arg("source", () => SourceG, { description: "来源 / Source" }) source: Source,
    @Arg("records", () => [GraphQLJSONObject], { description: `记录（每次最多 ${MAX_INGEST_RECORDS} 条）/ Records, at most ${MAX_INGEST_RECORDS} per call` })
    records: Record<string, unknown>[],
    @Ctx() ctx: Context,
    @Arg("format", () => IngestFormatG, { nullable: true, defaultValue: IngestFormatG.NATIVE, description: "记录格式 / Record layout" })
    format?: IngestFormatG,
  ): Promise<IngestResultT> {
    if (records.length > MAX_INGEST_RECORDS) {
      throw invalidInput(`At most ${MAX_INGEST_RECORDS} records per call; use POST /ingest/ndjson for more / 每次最多 ${MAX_INGEST_RECORDS} 条`, { field: "records" });
    }
    const incoming = records.map((record, i) => ({ line: i + 1, record }));
    return ctx.services.ingest.ingest(actorOf(ctx), source, format ?? IngestFormatG.NATIVE, incoming);
  }
}
