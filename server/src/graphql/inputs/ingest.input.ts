import { registerEnumType } from "type-graphql";

/** Which layout the records of an ingest call follow; values map to RecordFormat in ingest/adapters. */
export enum IngestFormatG {
  NATIVE = "native",
  TICKET = "ticket",
}
registerEnumType(IngestFormatG, {
  name: "IngestFormat",
  description: "推送记录的格式（见 docs/INGEST.md）/ Layout of pushed records (see docs/INGEST.md)",
  valuesConfig: {
    NATIVE: { description: "来源系统自身格式：热线工单、网格上报、部门推送 / The source's own format: hotline call, grid report, department push" },
    TICKET: { description: "工单模型字段（externalId、channel、content…）/ The ticket model's own fields (externalId, channel, content…)" },
  },
});
