import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { modes, type Mode } from "../helpers/db.js";
import { startTestHub, type TestHub } from "../helpers/hub.js";

const CREATE = `mutation($input: CreateTicketInput!) { createTicket(input: $input) { id externalId status events { type } tags { tag { code } } } }`;

type Created = { id: string; externalId: string; status: string; events: { type: string }[]; tags: { tag: { code: string } }[] };

describe.each(modes())("intake under concurrent callers on %s", (mode: Mode) => {
  let t: TestHub;
  let operator: string;
  beforeAll(async () => {
    t = await startTestHub(mode);
    operator = await t.token("operator");
  });
  afterAll(async () => t?.close());

  const create = (externalId: string, extra: Record<string, unknown> = {}) =>
    t.gql<{ createTicket: Created }>(
      CREATE,
      { input: { source: "HOTLINE", channel: "PHONE", appealType: "COMPLAINT", externalId, content: "小区门口餐馆油烟很大，晚上噪音扰民", lat: 37.553, lng: 121.253, ...extra } },
      operator,
    );
  const count = async (q: ReturnType<typeof sql>) => Number((await t.db.database.rows<{ n: number }>(q))[0]!.n);

  it("shares transactions between simultaneous callers and stores every ticket with its event, tags and rollup count", async () => {
    const run = `burst-${mode}-${Date.now()}`;
    const before = t.hub.services.intake.commitStats.batches;
    const rollupBefore = await count(sql`select coalesce(sum(received), 0)::int as n from ticket_rollup_hourly`);
    const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => create(`${run}-${i}`)));
    for (const [i, a] of answers.entries()) {
      expect(a.errors).toBeUndefined();
      expect(a.data!.createTicket.externalId).toBe(`${run}-${i}`);
      expect(a.data!.createTicket.events.map((e) => e.type)).toEqual(["CREATED"]);
      expect(a.data!.createTicket.tags.map((x) => x.tag.code)).toContain("channel.phone");
    }
    expect(new Set(answers.map((a) => a.data!.createTicket.id)).size).toBe(40);
    expect(t.hub.services.intake.commitStats.batches - before).toBeLessThan(40);
    const like = `${run}-%`;
    expect(await count(sql`select count(*)::int as n from tickets where external_id like ${like}`)).toBe(40);
    expect(await count(sql`select count(*)::int as n from ticket_events e join tickets k on k.id = e.ticket_id where k.external_id like ${like} and e.type = 'created'`)).toBe(40);
    expect(await count(sql`select coalesce(sum(received), 0)::int as n from ticket_rollup_hourly`)).toBe(rollupBefore + 40);
  });

  it("answers the same stored ticket to callers replaying one externalId at the same moment, creating it once", async () => {
    const id = `replay-${mode}-${Date.now()}`;
    const answers = await Promise.all(Array.from({ length: 6 }, () => create(id)));
    const ids = answers.map((a) => a.data!.createTicket.id);
    expect(new Set(ids).size).toBe(1);
    expect(await count(sql`select count(*)::int as n from tickets where external_id = ${id}`)).toBe(1);
    expect(await count(sql`select count(*)::int as n from ticket_events e join tickets k on k.id = e.ticket_id where k.external_id = ${id}`)).toBe(1);
  });

  it("refuses an over-long address with a clear error while the callers beside it still land", async () => {
    const run = `mixed-${mode}-${Date.now()}`;
    const answers = await Promise.all([create(`${run}-a`), create(`${run}-bad`, { address: "长".repeat(600) }), create(`${run}-b`)]);
    expect(answers[0]!.errors).toBeUndefined();
    expect(answers[2]!.errors).toBeUndefined();
    expect(answers[1]!.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(answers[1]!.errors?.[0]?.message).toMatch(/address/);
    expect(await count(sql`select count(*)::int as n from tickets where external_id like ${`${run}-%`}`)).toBe(2);
  });
});
