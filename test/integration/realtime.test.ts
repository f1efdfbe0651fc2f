import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { modes, PG_ADMIN_URL } from "../helpers/db.js";
import { startTestHub, type TestHub } from "../helpers/hub.js";
import { collect, wsClient } from "../helpers/ws.js";
import { headCursor, readCommittedAfter } from "../../server/src/realtime/event-log.js";

interface Ev {
  cursor: string;
  type: string;
  ticket: { id: string; department: { id: string } | null };
}
const EVENTS = `subscription($after: String) { ticketEvents(after: $after) { cursor type ticket { id department { id } } } }`;

describe.each(modes())("subscriptions on %s", (mode) => {
  let t: TestHub;
  let operator: string;
  let depts: { id: string; code: string }[];
  beforeAll(async () => {
    t = await startTestHub(mode);
    operator = await t.token("operator");
    depts = (await t.gql<{ departments: { id: string; code: string }[] }>(`{ departments { id code } }`, {}, operator)).data!.departments;
  });
  afterAll(async () => t?.close());

  const createAndDispatch = async (ext: string, deptId: string) => {
    const c = await t.gql<{ createTicket: { id: string } }>(
      `mutation($e: String!) { createTicket(input: { source: HOTLINE, externalId: $e, channel: PHONE, appealType: COMPLAINT, content: "路面坑洼，车辆通行困难" }) { id } }`,
      { e: ext },
      operator,
    );
    expect(c.errors).toBeUndefined();
    const id = c.data!.createTicket.id;
    const d = await t.gql(`mutation($id: ID!, $d: ID!) { dispatchTicket(id: $id, departmentId: $d) { id } }`, { id, d: deptId }, operator);
    expect(d.errors).toBeUndefined();
    return id;
  };

  /** The committed log in delivery order, as cursors, after a given cursor. */
  async function logAfter(cursor: string): Promise<string[]> {
    const [tx, id] = cursor.split("-").map(Number);
    const rows = await t.db.database.rows<{ tx: string | number; id: string | number }>(
      sql`select tx, id from ticket_events where (tx, id) > (${tx}::bigint, ${id}::bigint) order by tx, id`,
    );
    return rows.map((r) => `${r.tx}-${r.id}`);
  }

  it("delivers a department's queue to that department only", async () => {
    const [mine, theirs] = [depts[3]!, depts[4]!];
    const client = wsClient(t.url, await t.token("department", mine.code));
    const q = collect<{ departmentQueue: Ev }>(client, `subscription($d: ID!) { departmentQueue(departmentId: $d) { cursor type ticket { id department { id } } } }`, { d: mine.id });
    const refused = collect(client, `subscription($d: ID!) { departmentQueue(departmentId: $d) { cursor } }`, { d: theirs.id });
    await new Promise((r) => setTimeout(r, 300));
    const other = await createAndDispatch(`rt-other-${Math.random()}`, theirs.id);
    const id = await createAndDispatch(`rt-mine-${Math.random()}`, mine.id);
    // Events carry the ticket as it is when delivered: on a slow run the ticket's CREATED event can
    // arrive already showing this department, so wait for the dispatch itself.
    await q.until(() => q.items.some((i) => i.departmentQueue.ticket.id === id && i.departmentQueue.type === "DISPATCHED"));
    await refused.until(() => refused.errors.length > 0);
    expect(JSON.stringify(refused.errors)).toMatch(/FORBIDDEN|own queue/);
    expect(q.items.map((i) => i.departmentQueue.ticket.id)).not.toContain(other);
    q.stop();
    await client.dispose();
  });

  it("routes a located ticket to watchers of its grid cell, community and street, and to no other street", async () => {
    const [cell] = await t.db.database.rows<{ id: number; lat: number; lng: number; community: number; street: number }>(
      sql`select g.id, g.center_lat as lat, g.center_lng as lng, c.id as community, c.parent_id as street
        from regions g join regions c on c.id = g.parent_id where g.level = 'grid_cell' order by g.id limit 1`,
    );
    const [other] = await t.db.database.rows<{ id: number }>(sql`select id from regions where level = 'street' and id <> ${cell!.street} order by id limit 1`);
    const client = wsClient(t.url, await t.token("leader"));
    const q = `subscription($r: ID!) { ticketEvents(filter: { regionId: $r, types: [CREATED] }) { ticket { externalId } } }`;
    type R = { ticketEvents: { ticket: { externalId: string } } };
    const watchers = [cell!.id, cell!.community, cell!.street, other!.id].map((r) => collect<R>(client, q, { r: String(r) }));
    await new Promise((r) => setTimeout(r, 300));
    const ext = `rt-route-${Math.random()}`;
    const c = await t.gql(
      `mutation($e: String!, $lat: Float!, $lng: Float!) { createTicket(input: { source: HOTLINE, externalId: $e, channel: PHONE, appealType: HELP, content: "路灯不亮", lat: $lat, lng: $lng }) { id } }`,
      { e: ext, lat: cell!.lat, lng: cell!.lng },
      operator,
    );
    expect(c.errors).toBeUndefined();
    const mine = watchers.slice(0, 3);
    for (const w of mine) await w.until(() => w.items.some((i) => i.ticketEvents.ticket.externalId === ext));
    // The other street's watcher had the same time to receive it.
    expect(watchers[3]!.items.map((i) => i.ticketEvents.ticket.externalId)).not.toContain(ext);
    for (const w of watchers) w.stop();
    await client.dispose();
  });

  it("passes a watcher of tags only the tickets that carry one of them, with their tags as stored", async () => {
    const client = wsClient(t.url, await t.token("leader"));
    type R = { ticketEvents: { ticket: { externalId: string; tags: { tag: { code: string } }[] } } };
    const q = collect<R>(client, `subscription { ticketEvents(filter: { tagsAny: ["appeal_type.complaint"], types: [CREATED] }) { ticket { externalId tags { tag { code } } } } }`);
    await new Promise((r) => setTimeout(r, 300));
    const make = async (ext: string, appealType: string) => {
      const c = await t.gql(
        `mutation($e: String!) { createTicket(input: { source: HOTLINE, externalId: $e, channel: PHONE, appealType: ${appealType}, content: "楼下餐馆油烟太大" }) { id } }`,
        { e: ext },
        operator,
      );
      expect(c.errors).toBeUndefined();
    };
    const [help, complaint] = [`rt-tag-help-${Math.random()}`, `rt-tag-complaint-${Math.random()}`];
    // The one without the tag first: had it passed, it would be here by the time the other is.
    await make(help, "HELP");
    await make(complaint, "COMPLAINT");
    await q.until(() => q.items.some((i) => i.ticketEvents.ticket.externalId === complaint));
    expect(q.items.map((i) => i.ticketEvents.ticket.externalId)).not.toContain(help);
    const got = q.items.find((i) => i.ticketEvents.ticket.externalId === complaint)!.ticketEvents.ticket.tags.map((x) => x.tag.code);
    expect(got).toContain("appeal_type.complaint");
    expect(got).not.toContain("appeal_type.help");
    q.stop();
    await client.dispose();
  });

  it("keeps a returned ticket in the queue of the department that returned it", async () => {
    const dept = depts[5]!;
    const token = await t.token("department", dept.code);
    const client = wsClient(t.url, token);
    const q = collect<{ departmentQueue: Ev }>(client, `subscription($d: ID!) { departmentQueue(departmentId: $d) { cursor type ticket { id department { id } } } }`, { d: dept.id });
    await new Promise((r) => setTimeout(r, 300));
    const id = await createAndDispatch(`rt-return-${Math.random()}`, dept.id);
    const r = await t.gql(`mutation($id: ID!) { returnTicket(id: $id, reason: "不属于本单位职责范围，请重新派单") { id } }`, { id }, token);
    expect(r.errors).toBeUndefined();
    // After the return the ticket belongs to no department: only the event names this one.
    await q.until(() => q.items.some((i) => i.departmentQueue.ticket.id === id && i.departmentQueue.type === "RETURNED"));
    q.stop();
    await client.dispose();
  });

  it("replays and continues with no gap and no duplicate under concurrent writers and random reconnects", async () => {
    const head = await t.gql<{ wallSnapshot: { seq: number } }>(`{ wallSnapshot { seq } }`, {}, operator);
    expect(head.errors).toBeUndefined();
    // Start from the newest committed event: take it from a first subscription's first event.
    const leader = await t.token("leader");
    const first = wsClient(t.url, leader);
    const probe = collect<{ ticketEvents: Ev }>(first, EVENTS);
    await new Promise((r) => setTimeout(r, 300));
    await createAndDispatch(`rt-probe-${Math.random()}`, depts[0]!.id);
    await probe.until(() => probe.items.length >= 1);
    const start = probe.items[0]!.ticketEvents.cursor;
    probe.stop();
    await first.dispose();

    const received: string[] = [];
    let cursor = start;
    let writing = true;
    // Concurrent writers: 4 at a time, each ticket is two transactions (create, dispatch).
    const writers = (async () => {
      const jobs: Promise<unknown>[] = [];
      for (let i = 0; i < 40; i++) {
        jobs.push(createAndDispatch(`rt-load-${i}-${Math.random()}`, depts[i % 5]!.id));
        if (jobs.length >= 4) await Promise.all(jobs.splice(0));
      }
      await Promise.all(jobs);
      writing = false;
    })();
    // A subscriber that drops and resumes from its last cursor at random moments.
    let rounds = 0;
    while (writing || rounds < 2) {
      rounds++;
      const client = wsClient(t.url, leader);
      const sub = collect<{ ticketEvents: Ev }>(client, EVENTS, { after: cursor });
      await new Promise((r) => setTimeout(r, 50 + Math.random() * 400));
      sub.stop();
      await client.dispose();
      for (const i of sub.items) received.push(i.ticketEvents.cursor);
      if (received.length) cursor = received.at(-1)!;
    }
    await writers;
    // Drain whatever is left after the writers stopped.
    const tail = wsClient(t.url, leader);
    const expected = await logAfter(start);
    const sub = collect<{ ticketEvents: Ev }>(tail, EVENTS, { after: cursor });
    const missing = expected.length - received.length;
    if (missing > 0) await sub.until(() => sub.items.length >= missing);
    await new Promise((r) => setTimeout(r, 300));
    sub.stop();
    await tail.dispose();
    for (const i of sub.items) received.push(i.ticketEvents.cursor);
    expect(new Set(received).size).toBe(received.length);
    expect(received).toEqual(expected);
    expect(received.length).toBeGreaterThanOrEqual(80);
  }, 120_000);

  it("pushes one frame a second to the wall without personal data", async () => {
    const client = wsClient(t.url, await t.token("wall"));
    const s = collect<{ wallFrame: { seq: number; data: { kpis: Record<string, unknown>; latest: { text: string }[]; byGridCell: unknown[] } } }>(
      client,
      `subscription { wallFrame { seq at data } }`,
    );
    await s.until(() => s.items.length >= 3, 10_000);
    s.stop();
    await client.dispose();
    const seqs = s.items.map((i) => i.wallFrame.seq);
    expect(seqs[2]!).toBeGreaterThan(seqs[1]!);
    const frame = s.items.at(-1)!.wallFrame.data;
    expect(frame.kpis).toHaveProperty("todayReceived");
    expect(JSON.stringify(frame)).not.toMatch(/1[3-9]\d{9}/);
    expect(JSON.stringify(frame)).not.toMatch(/citizen/i);
  });

  it("tells the wall where a warning is, so the map can pulse it", async () => {
    const [cell] = await t.db.database.rows<{ id: number }>(sql`select id from regions where level = 'grid_cell' order by id limit 1`);
    const [placed] = await t.db.database.rows<{ id: number }>(
      sql`insert into warnings (kind, severity, scope_key, scope, title) values ('surge', 'high', 'frame-place-test', ${JSON.stringify({ level: "grid_cell", regionId: Number(cell!.id) })}::jsonb, '积水激增') returning id`,
    );
    const [nowhere] = await t.db.database.rows<{ id: number }>(
      sql`insert into warnings (kind, severity, scope_key, scope, title) values ('surge', 'medium', 'frame-noplace-test', '{}'::jsonb, '无地点') returning id`,
    );
    // The snapshot is at most a second old: wait for one built after the inserts.
    await new Promise((r) => setTimeout(r, 1100));
    const r = await t.gql<{ wallSnapshot: { data: { warnings: { id: number; regionId: number | null }[] } } }>(`{ wallSnapshot { data } }`, {}, await t.token("wall"));
    const byId = new Map(r.data!.wallSnapshot.data.warnings.map((w) => [w.id, w]));
    expect(byId.get(Number(placed!.id))?.regionId).toBe(Number(cell!.id));
    expect(byId.get(Number(nowhere!.id))?.regionId).toBeNull();
    await t.db.database.rows(sql`update warnings set status = 'resolved', resolved_at = now() where id in (${Number(placed!.id)}, ${Number(nowhere!.id)})`);
  });

  it("counts the wall's KPIs as the raw tickets say", async () => {
    const r = await t.gql<{ wallSnapshot: { data: { at: string; kpis: Record<string, number | null> } } }>(`{ wallSnapshot { data } }`, {}, await t.token("wall"));
    expect(r.errors).toBeUndefined();
    const { at, kpis } = r.data!.wallSnapshot.data;
    // Beijing midnight, worked out here on its own.
    const local = new Date(Date.parse(at) + 8 * 3_600_000);
    const day = new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate()) - 8 * 3_600_000).toISOString();
    const since = new Date(Date.parse(day) - 29 * 86_400_000).toISOString();
    const [k] = await t.db.database.rows<Record<string, string | number | null>>(sql`select
        count(*) filter (where received_at >= ${day}::timestamptz) as received,
        count(*) filter (where closed_at >= ${day}::timestamptz) as closed,
        count(*) filter (where status <> 'closed') as open,
        count(*) filter (where status in ('dispatched','accepted','in_progress','reopened') and due_at < ${at}::timestamptz) as overdue,
        count(*) filter (where closed_at >= ${since}::timestamptz) as closed30,
        count(*) filter (where closed_at >= ${since}::timestamptz and satisfaction in ('satisfied','basically_satisfied')) as sat,
        count(*) filter (where closed_at >= ${since}::timestamptz and satisfaction is not null) as rated,
        count(*) filter (where closed_at >= ${since}::timestamptz and reopen_count > 0) as reopened
      from tickets`);
    const num = (v: unknown) => Number(v ?? 0);
    const rate = (a: unknown, b: unknown) => (num(b) > 0 ? Math.round((num(a) / num(b)) * 10_000) / 10_000 : null);
    expect(num(k!.received)).toBeGreaterThan(0);
    expect(num(k!.closed30)).toBeGreaterThan(0);
    expect(kpis).toMatchObject({
      todayReceived: num(k!.received),
      todayClosed: num(k!.closed),
      open: num(k!.open),
      overdue: num(k!.overdue),
      closureRate: rate(k!.closed30, num(k!.closed30) + num(k!.open)),
      satisfactionRate: rate(k!.sat, k!.rated),
      reopenRate: rate(k!.reopened, k!.closed30),
    });
  });

  it.runIf(mode === "postgres")("keeps delivering while another database of the cluster holds a long transaction open", async () => {
    // xids are cluster-wide: a transaction open elsewhere must not hold our event log back.
    const elsewhere = postgres(PG_ADMIN_URL, { max: 1, onnotice: () => {} });
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let opened!: () => void;
    const open = new Promise<void>((r) => (opened = r));
    const tx = elsewhere.begin(async (q) => {
      await q`select pg_current_xact_id()`;
      opened();
      await held;
    });
    await open;
    try {
      const dept = depts[5]!;
      const client = wsClient(t.url, await t.token("department", dept.code));
      const q = collect<{ departmentQueue: Ev }>(client, `subscription($d: ID!) { departmentQueue(departmentId: $d) { cursor type ticket { id } } }`, { d: dept.id });
      await new Promise((r) => setTimeout(r, 300));
      const id = await createAndDispatch(`rt-xmin-${Math.random()}`, dept.id);
      await q.until(() => q.items.some((i) => i.departmentQueue.ticket.id === id && i.departmentQueue.type === "DISPATCHED"), 10_000);
      q.stop();
      await client.dispose();
    } finally {
      release();
      await tx;
      await elsewhere.end();
    }
  });

  it.runIf(mode === "postgres")("reads past a transaction that said it writes no ticket events, and refuses events from it", async () => {
    // The warning engine's transaction says so; one that did not say so still holds the log back.
    const other = postgres(t.db.url!, { max: 1, onnotice: () => {} });
    const hold = async (quiet: boolean) => {
      let release!: () => void;
      const held = new Promise<void>((r) => (release = r));
      let opened!: () => void;
      const open = new Promise<void>((r) => (opened = r));
      const tx = other.begin(async (q) => {
        if (quiet) await q`select cityops_no_ticket_events()`;
        await q`select pg_current_xact_id()`;
        opened();
        await held;
      });
      await open;
      return async () => {
        release();
        await tx;
      };
    };
    try {
      const from = await headCursor(t.db.database);
      const seen = async (id: string) => (await readCommittedAfter(t.db.database, from, 1000)).some((r) => String(r.event.ticketId) === id);
      let end = await hold(false);
      const first = await createAndDispatch(`rt-held-${Math.random()}`, depts[6]!.id);
      expect(await seen(first)).toBe(false);
      await end();
      expect(await seen(first)).toBe(true);

      end = await hold(true);
      const second = await createAndDispatch(`rt-quiet-${Math.random()}`, depts[6]!.id);
      expect(await seen(second)).toBe(true);
      await end();

      // The promise is kept by the database: no event after it, and no promise after a write.
      await expect(other.begin(async (q) => {
        await q`select cityops_no_ticket_events()`;
        await q`insert into ticket_events (ticket_id, type, at, actor, actor_role, payload) values (${Number(first)}, 'tagged', now(), 'test', 'admin', '{}')`;
      })).rejects.toThrow(/writes no ticket events/);
      await expect(other.begin(async (q) => {
        await q`select pg_current_xact_id()`;
        await q`select cityops_no_ticket_events()`;
      })).rejects.toThrow(/before the transaction's first write/);
    } finally {
      await other.end();
    }
  });
});
