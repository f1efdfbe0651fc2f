import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { modes } from "../helpers/db.js";
import { startTestHub, type TestHub } from "../helpers/hub.js";

/**
 * 一键明责 that amends the list is one write: the ruling, its precedent, the events on its tickets
 * and the matter's new version commit together or not at all.
 */
describe.each(modes())("a determination that amends the list, %s", (mode) => {
  let t: TestHub;
  let staffing: string;
  let operator: string;
  let lead: string;
  let matterKey: string;
  let ticketId: string;
  const counts = async () => {
    const [r] = await t.db.database.rows<{ d: number; p: number; e: number; m: number }>(sql`select
      (select count(*)::int from determinations) as d, (select count(*)::int from precedents) as p,
      (select count(*)::int from ticket_events where type = 'responsibility_determined') as e,
      (select count(*)::int from matters where key = ${matterKey}) as m`);
    return r;
  };
  const determine = () =>
    t.gql<{ determineResponsibility: { id: string; amendedMatter: { version: number; leadDepartment: { id: string } } | null } }>(
      `mutation($t: ID!, $d: ID!, $k: String!) { determineResponsibility(ticketIds: [$t], leadDepartmentId: $d, reasoning: "依三定方案由该单位负责", precedentTitle: "测试判例", matterKey: $k, amendMatter: true) { id amendedMatter { version leadDepartment { id } } } }`,
      { t: ticketId, d: lead, k: matterKey },
      staffing,
    );

  beforeAll(async () => {
    t = await startTestHub(mode);
    [staffing, operator] = await Promise.all([t.token("staffing_office"), t.token("operator")]);
    const r = await t.gql<{ departments: { id: string }[]; matters: { edges: { node: { key: string } }[] } }>(`{ departments { id } matters(first: 1) { edges { node { key } } } }`, {}, operator);
    lead = r.data!.departments[5]!.id;
    matterKey = r.data!.matters.edges[0]!.node.key;
    const c = await t.gql<{ createTicket: { id: string } }>(
      `mutation { createTicket(input: { source: HOTLINE, externalId: "det-atomic", channel: PHONE, appealType: COMPLAINT, content: "职责不清的诉求" }) { id } }`,
      {},
      operator,
    );
    ticketId = c.data!.createTicket.id;
  });
  afterAll(async () => t?.close());

  it("leaves nothing behind when the amendment fails", async () => {
    const before = await counts();
    // The list refuses new versions: the last step of the determination fails.
    await t.db.database.db.execute(sql`create function refuse_matter() returns trigger language plpgsql as $$ begin raise exception 'list is locked'; end $$`);
    await t.db.database.db.execute(sql`create trigger refuse_matter before insert on matters for each row execute function refuse_matter()`);
    try {
      const failed = await determine();
      expect(failed.errors?.[0]?.extensions?.code).toBe("INTERNAL_SERVER_ERROR");
      expect(await counts()).toEqual(before);
    } finally {
      await t.db.database.db.execute(sql`drop trigger refuse_matter on matters`);
    }
  });

  it("writes all of it when nothing fails", async () => {
    const before = (await counts())!;
    const ok = await determine();
    expect(ok.errors).toBeUndefined();
    expect(ok.data!.determineResponsibility.amendedMatter?.leadDepartment.id).toBe(lead);
    expect(await counts()).toEqual({ d: before.d + 1, p: before.p + 1, e: before.e + 1, m: before.m + 1 });
  });
});
