import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { RULE_SET } from "../../server/src/domain/tagging/rules/index.js";
import { modes, type Mode } from "../helpers/db.js";
import { startTestHub, type TestHub } from "../helpers/hub.js";

const CREATE = `mutation($input: CreateTicketInput!) { createTicket(input: $input) {
  id status reply events { type actor } tags { tag { code } origin ruleId confidence } } }`;
const INGEST = `mutation($records: [JSONObject!]!) { ingestTickets(source: HOTLINE, format: TICKET, records: $records) { created invalid errors { reason } } }`;

type Created = { id: string; status: string; reply: string | null; events: { type: string; actor: string }[]; tags: { tag: { code: string }; origin: string; ruleId: string | null; confidence: number }[] };

describe.each(modes())("auto-tagging and immediate answers on %s", (mode: Mode) => {
  let t: TestHub;
  let operator: string;
  let seq = 0;
  beforeAll(async () => {
    t = await startTestHub(mode);
    operator = await t.token("operator");
  });
  afterAll(async () => t?.close());

  const create = async (input: Record<string, unknown>) => {
    const r = await t.gql<{ createTicket: Created }>(CREATE, { input: { source: "HOTLINE", channel: "PHONE", externalId: `tag-${mode}-${++seq}`, ...input } }, operator);
    expect(r.errors).toBeUndefined();
    return r.data!.createTicket;
  };
  const codes = (c: Created) => c.tags.map((x) => x.tag.code);

  it("answers a consultation the knowledge base knows at intake, closed by the system with the answer in Chinese", async () => {
    const c = await create({ appealType: "CONSULT", content: "市民来电咨询：个体工商户营业执照办理相关问题，需要准备哪些材料，具体应该到哪里办理。" });
    expect(c.status).toBe("CLOSED");
    expect(c.reply).toMatch(/营业执照/);
    expect(c.reply).toMatch(/[\u4e00-\u9fff]{20,}/);
    expect(c.events.map((e) => e.type)).toEqual(["CREATED", "ANSWERED_IMMEDIATELY"]);
    expect(c.events[1]!.actor).toBe("system:knowledge-base");
    expect(codes(c)).toContain("immediate_answer.answered");
    const [kb] = await t.db.database.rows<{ answer: string }>(sql`select k.answer from knowledge_answers k join matters m on m.key = k.matter_key
      join tickets tk on tk.suggested_matter_id = m.id where tk.id = ${Number(c.id)}`);
    expect(c.reply).toBe(kb!.answer);
  });

  it("leaves a consultation without a known answer open for dispatch", async () => {
    const c = await create({ appealType: "CONSULT", content: "咨询一下小区门口的路灯坏了好几天，这种情况归谁管，应该找哪个部门反映。" });
    expect(c.status).toBe("RECEIVED");
    expect(c.reply).toBeNull();
    expect(codes(c)).not.toContain("immediate_answer.answered");
  });

  it("does not answer complaints from the knowledge base even when the matter has an answer", async () => {
    const c = await create({ appealType: "COMPLAINT", content: "个体工商户营业执照办理一直办不下来，窗口工作人员推诿，要求尽快解决。" });
    expect(c.status).toBe("RECEIVED");
  });

  it("tags at intake from the rule set, each tag recording rule id and version", async () => {
    const c = await create({ appealType: "COMPLAINT", content: "楼道里闻到很浓的煤气味，家里有老人，非常着急", citizenPhone: "13700000001" });
    expect(codes(c)).toEqual(expect.arrayContaining(["appeal_type.complaint", "channel.phone", "urgency.very_urgent", "special_group.elderly", "risk_level.critical"]));
    for (const tag of c.tags) {
      expect(tag.origin).toBe("RULE");
      expect(tag.ruleId).toMatch(new RegExp(`@${RULE_SET.version.replace(".", "\\.")}$`));
    }
  });

  it("tags a caller who calls again within 30 days as repeated, from the ticket history", async () => {
    const phone = "13700000002";
    const first = await create({ appealType: "HELP", content: "家门口下水道堵塞，污水外溢", citizenPhone: phone });
    expect(codes(first)).not.toContain("repeated.repeated");
    const second = await create({ appealType: "HELP", content: "家门口下水道还是堵着", citizenPhone: phone });
    expect(second.tags.find((x) => x.tag.code === "repeated.repeated")?.ruleId).toBe(`history.same_phone_30d@${RULE_SET.version}`);
  });

  it("tags several distinct callers on one matter in one grid cell within hours as collective, also within one ingest batch", async () => {
    const cell = t.hub.services.ref.regionsAt("grid_cell")[10]!;
    const records = [1, 2, 3].map((i) => ({
      externalId: `coll-${mode}-${i}`, channel: "phone", appealType: "complaint", content: "小区供暖温度不达标，家里暖气不热", lat: cell.centerLat, lng: cell.centerLng,
      citizenPhone: `1390000000${i}`, receivedAt: new Date(Date.now() - (4 - i) * 600_000).toISOString(),
    }));
    const r = await t.gql<{ ingestTickets: { created: number; invalid: number } }>(INGEST, { records }, operator);
    expect(r.errors).toBeUndefined();
    expect(r.data!.ingestTickets).toMatchObject({ created: 3, invalid: 0 });
    const rows = await t.db.database.rows<{ external_id: string; rule_id: string | null }>(sql`select tk.external_id,
      (select tt.rule_id from ticket_tags tt join tags g on g.id = tt.tag_id where tt.ticket_id = tk.id and g.code = 'collective.collective') as rule_id
      from tickets tk where tk.external_id like ${`coll-${mode}-%`} order by tk.received_at`);
    // The third caller makes it collective; the first two were alone when they called.
    expect(rows.map((x) => x.rule_id)).toEqual([null, null, `collective.cell_6h@${RULE_SET.version}`]);
  });
});
