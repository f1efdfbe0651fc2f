import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { RULES, type CommandKind } from "../../server/src/domain/lifecycle.js";
import { startSimulator } from "../../server/src/services/simulator.js";
import { startHub } from "../../server/src/hub.js";
import { createLogger } from "../../server/src/log.js";
import { modes } from "../helpers/db.js";
import { startTestHub, type TestHub } from "../helpers/hub.js";
import { decide, remember, type PlanContext, type Tracked } from "../../server/src/simulate/plan.js";
import { Random } from "../../server/src/seed/random.js";

const COMMAND_OF: Record<string, CommandKind> = {
  answered_immediately: "answerImmediately",
  dispatched: "dispatch",
  accepted: "accept",
  returned: "return",
  handling_started: "startHandling",
  replied: "reply",
  callback_recorded: "recordCallback",
  closed: "close",
  reopened: "reopen",
  supervised: "supervise",
  escalated: "escalate",
};

interface EventRow {
  ticket_id: number;
  type: string;
  from_status: string | null;
  to_status: string | null;
  actor_role: string | null;
}

const count = async (t: TestHub, where: ReturnType<typeof sql>) =>
  Number((await t.db.database.rows<{ n: number }>(sql`select count(*)::int as n from tickets where ${where}`))[0]!.n);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.each(modes())("the live simulated feed on %s", (mode) => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub(mode);
  });
  afterAll(async () => t?.close());

  it("creates tickets, moves them through legal transitions only, and stops cleanly", async () => {
    const [{ max: eventsBefore }] = (await t.db.database.rows<{ max: number }>(sql`select coalesce(max(id), 0)::int as max from ticket_events`)) as [{ max: number }];
    const sim = await startSimulator(t.hub.services, { rate: 600, speedup: 150, seed: 3, adopt: 40 });
    await sleep(6000);
    await sim.stop();
    const stats = sim.summary;

    const created = await count(t, sql`external_id like 'SIM-%'`);
    expect(created).toBeGreaterThan(20);
    expect(stats.created).toBe(created);
    expect(stats.errors).toBe(0);
    expect(await count(t, sql`external_id like 'SIM-%' and status <> 'received'`)).toBeGreaterThan(5);
    // Steps of several kinds happened: dispatch, acceptance and replies at least.
    for (const kind of ["dispatch", "accept", "reply"]) expect(stats.steps[kind] ?? 0, kind).toBeGreaterThan(0);
    // Simulated callers leave coordinates that fall inside real grid cells (most calls give a place).
    expect(await count(t, sql`external_id like 'SIM-%' and grid_cell_id is not null`)).toBeGreaterThan(created / 2);

    // Every ticket the run touched: its whole history chains status to status through legal commands.
    const events = await t.db.database.rows<EventRow>(
      sql`select ticket_id::int as ticket_id, type, from_status, to_status, actor_role from ticket_events
          where ticket_id in (select distinct ticket_id from ticket_events where id > ${eventsBefore}) order by ticket_id, id`,
    );
    const finalStatus = new Map(
      (await t.db.database.rows<{ id: number; status: string }>(sql`select id::int as id, status from tickets where id in (select distinct ticket_id from ticket_events where id > ${eventsBefore})`)).map((r) => [r.id, r.status]),
    );
    const status = new Map<number, string>();
    for (const e of events) {
      const before = status.get(e.ticket_id);
      if (e.type === "created") {
        expect(e.to_status).toBe("received");
      } else {
        expect(e.from_status, `ticket ${e.ticket_id} ${e.type}`).toBe(before);
        const kind = COMMAND_OF[e.type];
        if (kind) {
          expect(RULES[kind].from, `ticket ${e.ticket_id}: ${e.type} from ${e.from_status}`).toContain(e.from_status);
          if (e.actor_role) expect(RULES[kind].roles).toContain(e.actor_role);
        }
      }
      if (e.to_status) status.set(e.ticket_id, e.to_status);
    }
    for (const [id, s] of finalStatus) expect(status.get(id), `ticket ${id}`).toBe(s);

    // Stopped means stopped: nothing more is written.
    const [{ n: after }] = (await t.db.database.rows<{ n: number }>(sql`select count(*)::int as n from ticket_events`)) as [{ n: number }];
    await sleep(1500);
    const [{ n: later }] = (await t.db.database.rows<{ n: number }>(sql`select count(*)::int as n from ticket_events`)) as [{ n: number }];
    expect(later).toBe(after);
  });

  it("runs inside a hub started with simulate, at the configured rate, and stops with it", async () => {
    const before = await count(t, sql`external_id like 'SIM-%'`);
    const hub = await startHub({ ...t.config, simulateRate: 900 }, createLogger("silent"), t.db.database, { simulate: true });
    expect(hub.simulator).not.toBeNull();
    await sleep(2500);
    await hub.close();
    const created = await count(t, sql`external_id like 'SIM-%'`);
    expect(created).toBeGreaterThan(before);
    await sleep(1000);
    expect(await count(t, sql`external_id like 'SIM-%'`)).toBe(created);
  });

  it("stays quiet in hubs that do not ask for it", () => {
    expect(t.hub.simulator).toBeNull();
  });
});

describe("the simulated people's decisions", () => {
  const ticket = (extra: Partial<Tracked> = {}): Tracked => ({
    id: 1, status: "received", departmentId: null, suggestedDepartmentId: 10, appealType: "complaint", domain: "CITY_MANAGEMENT", enterprise: false,
    answerAtIntake: false, rightDepartmentId: null, returnedBy: [], satisfaction: null, reopens: 0, revisited: false,
    texts: { reply: () => "已处理", answer: () => "已答复" }, ...extra,
  });
  const ctx: PlanContext = { wrongDepartment: () => 20, fallbackDepartment: (t) => (t.returnedBy.includes(30) ? null : 30) };

  it("dispatches to the suggestion; a wrong first dispatch is returned and re-dispatched to the right unit", () => {
    const r = new Random(1);
    const kinds = new Map<number, number>();
    for (let i = 0; i < 500; i++) {
      const d = decide(r, ticket(), ctx)!;
      expect(d.role).toBe("operator");
      if (d.step.kind === "dispatch") kinds.set(d.step.departmentId, (kinds.get(d.step.departmentId) ?? 0) + 1);
    }
    expect(kinds.get(10)!).toBeGreaterThan(400);
    expect(kinds.get(20)!).toBeGreaterThan(10);
    const t = ticket({ status: "dispatched", departmentId: 20, rightDepartmentId: 10 });
    const ret = decide(r, t, ctx)!;
    expect(ret).toMatchObject({ role: "department", step: { kind: "return" } });
    remember(t, ret.step);
    Object.assign(t, { status: "returned", departmentId: null });
    expect(decide(r, t, ctx)!.step).toEqual({ kind: "dispatch", departmentId: 10 });
  });

  it("sends a ticket the right unit returned elsewhere, and that unit then accepts it", () => {
    const r = new Random(2);
    const t = ticket({ status: "returned", rightDepartmentId: 10, returnedBy: [10] });
    expect(decide(r, t, ctx)!.step).toEqual({ kind: "dispatch", departmentId: 30 });
    Object.assign(t, { status: "dispatched", departmentId: 30 });
    expect(decide(r, t, ctx)!.step.kind).toBe("accept");
  });

  it("leaves tickets without a suggestion to real operators", () => {
    expect(decide(new Random(3), ticket({ suggestedDepartmentId: null }), ctx)).toBeNull();
  });

  it("hears about nine callers in ten say satisfied or basically satisfied", () => {
    const r = new Random(4);
    let ok = 0;
    for (let i = 0; i < 2000; i++) {
      const d = decide(r, ticket({ status: "replied" }), ctx)!;
      if (d.step.kind === "recordCallback" && d.step.satisfaction !== "dissatisfied") ok++;
    }
    expect(ok / 2000).toBeGreaterThan(0.86);
    expect(ok / 2000).toBeLessThan(0.94);
  });
});
