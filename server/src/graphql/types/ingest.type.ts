import { Field, Int, ObjectType } from "type-graphql";

@ObjectType("IngestError", { description: "一条无效记录 / One invalid record" })
export class IngestErrorT {
  @Field(() => Int, { description: "记录位置（从 1 起）/ Position of the record, from 1 (the line of an NDJSON body)" })
  line!: number;

  @Field(() => String, { description: "原因 / Why it was refused" })
  reason!: string;

  @Field(() => String, { nullable: true, description: "来源编号（若能读出）/ Its external id, when it could be read" })
  externalId?: string;
}

@ObjectType("IngestResult", { description: "批量接入结果 / Outcome of a batch ingest" })
export class IngestResultT {
  @Field(() => Int, { description: "新建工单数 / Tickets created" })
  created!: number;

  @Field(() => Int, { description: "重复（已存在或批内重复），未做任何修改 / Duplicates (already stored or repeated in the batch); nothing changed" })
  duplicates!: number;

  @Field(() => Int, { description: "无效记录数 / Invalid records" })
  invalid!: number;

  @Field(() => [IngestErrorT], { description: "无效记录及原因（最多列出 1000 条）/ Invalid records with their reasons (up to 1,000 listed)" })
  errors!: IngestErrorT[];

  @Field(() => Boolean, { description: "无效记录多于所列 / More records were invalid than listed" })
  errorsTruncated!: boolean;
}
