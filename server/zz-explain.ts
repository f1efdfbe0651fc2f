import { sql } from "drizzle-orm";
import { openDatabase } from "./src/db/client.js";
import { ReferenceData } from "./src/store/reference.store.js";
import { RuleTagger } from "./src/store/rule-tagger.js";
const database = await openDatabase({ databaseUrl: process.env.DATABASE_URL!, max: 2 });
const ref = await new ReferenceData(database.db).load();
const tagger = new RuleTagger(ref);
const ids = (await database.rows<{ id: number }>(sql`select id from tickets order by id desc limit 10000`)).map((r) => Number(r.id));
const exec = { execute: async (q: any) => {
  const { sql: text, params } = database.db.dialect.sqlToQuery(q);
  const client: any = (database.db as any).session.client;
  const plan = await client.unsafe(`explain (analyze, buffers off) ${text}`, params);
  console.log(plan.map((r: any) => r["QUERY PLAN"]).join("\n"));
  return database.db.execute(q);
} };
const t0 = performance.now();
await tagger.counts(exec as any, ids);
console.log("ms", performance.now() - t0);
await database.close();
