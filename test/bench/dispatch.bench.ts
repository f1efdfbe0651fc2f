import { sql } from "drizzle-orm";
import type { Database } from "../../server/src/db/client.js";
import { DispatchSuggester } from "../../server/src/domain/dispatch/suggester.js";
import { hashString } from "../../server/src/seed/random.js";
import { evaluateNyc } from "./dispatch-nyc.js";
import { percentile, round, type Measurement } from "./lib.js";

interface Matter {
  id: number;
  lead_department_id: number;
  name: string;
  keywords: string[];
  legal_basis: string;
  domain: string;
}
interface Hist {
  id: number;
  department_id: number;
  matter_id: number | null;
  title: string | null;
  content: string;
}

/**
 * Top-1/top-3 accuracy of dispatch suggestions on closed demo tickets held out from the history
 * the suggester learns from (every 10th by a hash of the id), against the department that finally
 * handled them. Baseline in the same run: the responsibility list alone, without history.
 */
export async function benchDispatch(database: Database, quick: boolean): Promise<Measurement[]> {
  const matters = await database.rows<Matter>(sql`select id, lead_department_id, name, keywords, legal_basis, domain from matters where valid_to is null`);
  const history = await database.rows<Hist>(
    sql`select id, department_id, matter_id, title, content from tickets where status = 'closed' and department_id is not null order by id`,
  );
  const held = (h: Hist) => hashString(String(h.id)) % 10 === 0;
  const train = history.filter((h) => !held(h));
  const test = history.filter(held).slice(0, quick ? 500 : 4000);
  const docs = matters.map((m) => ({ matterId: Number(m.id), departmentId: Number(m.lead_department_id), name: m.name, keywords: m.keywords, legalBasis: m.legal_basis, domain: m.domain }));
  const full = new DispatchSuggester();
  full.addMatters(docs);
  full.addHistory(train.map((h) => ({ departmentId: Number(h.department_id), matterId: h.matter_id === null ? null : Number(h.matter_id), text: `${h.title ?? ""} ${h.content}` })));
  const listOnly = new DispatchSuggester();
  listOnly.addMatters(docs);
  const evaluate = (s: DispatchSuggester) => {
    let top1 = 0;
    let top3 = 0;
    const times: number[] = [];
    for (const h of test) {
      const t0 = performance.now();
      const ranked = s.suggest(`${h.title ?? ""} ${h.content}`, 3);
      times.push(performance.now() - t0);
      const ids = ranked.map((r) => r.departmentId);
      if (ids[0] === Number(h.department_id)) top1++;
      if (ids.includes(Number(h.department_id))) top3++;
    }
    return { top1: round(top1 / test.length, 3), top3: round(top3 / test.length, 3), p95Ms: round(percentile(times, 95), 2) };
  };
  const demo = evaluate(full);
  const base = evaluate(listOnly);
  const nyc = evaluateNyc();
  return [
    {
      name: "dispatch (demo history, held out)",
      figures: { ...demo, trained: train.length, tested: test.length, matters: matters.length },
      baseline: { listOnlyTop1: base.top1, listOnlyTop3: base.top3 },
      goal: "top1 ≥ 0.9",
      met: demo.top1 >= 0.9,
    },
    {
      name: "dispatch (NYC 311, 70/30)",
      figures: { top1: round(nyc.top1, 3), top3: round(nyc.top3, 3), p95Ms: round(nyc.p95Ms, 3), trained: nyc.trainSize, tested: nyc.testSize },
      baseline: {},
      goal: "top1 ≥ 0.9",
      met: nyc.top1 >= 0.9,
      notes: "complaint type + descriptor → agency",
    },
  ];
}
