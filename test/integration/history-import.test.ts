import { copyFileSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildWallFrame } from "../../server/src/realtime/wall-frame.js";
import { FULL_RUN } from "../../server/src/services/warning-runner.js";
import { cli } from "../helpers/cli.js";
import { modes } from "../helpers/db.js";
import { startTestHub, type TestHub } from "../helpers/hub.js";
import { collect, wsClient } from "../helpers/ws.js";

/**
 * A real city's history (New York's 311 export) imported into a running district: each ticket in
 * the state its source recorded, with its agency, and today's command center unmoved by it.
 */

const NYC = "/work/shared/data/nyc311-service-requests-1000.csv";

type NycRow = Record<string, string>;
/** NYC's times (MM/DD/YYYY hh:mm:ss AM, New York wall time) as sortable local text. */
const local = (s: string) => {
  const m = /^(\d\d)\/(\d\d)\/(\d{4}) (\d\d):(\d\d):(\d\d) ([AP]M)$/.exec(s)!;
  const h = (Number(m[4]) % 12) + (m[7] === "PM" ? 12 : 0);
  return `${m[3]}-${m[1]}-${m[2]}T${String(h).padStart(2, "0")}:${m[5]}:${m[6]}`;
};

/** What the file says, read independently of the importer: csv-parse, and the rules of docs/INGEST.md. */
function expected() {
  const rows = parse(readFileSync(NYC), { columns: true, bom: true }) as NycRow[];
  const possible = rows.filter((r) => !r["Closed Date"] || local(r["Closed Date"]) >= local(r["Created Date"]!));
  const status = (r: NycRow) => (r["Closed Date"] ? "closed" : r["Resolution Description"] ? "replied" : "dispatched");
  const count = (key: (r: NycRow) => string) => {
    const m: Record<string, number> = {};
    for (const r of possible) m[key(r)] = (m[key(r)] ?? 0) + 1;
    return m;
  };
  return { rows: rows.length, impossible: rows.length - possible.length, byStatus: count(status), byAgency: count((r) => r.Agency!), closedByAgency: count((r) => (r["Closed Date"] ? r.Agency! : "-")) };
}

describe.each(modes())("a city's ticket history imported into a running hub (%s)", (mode) => {
  let t: TestHub;
  let dir: string;
  let env: Record<string, string>;
  beforeAll(async () => {
    t = await startTestHub(mode);
    dir = mkdtempSync(path.join(tmpdir(), "cityops-history-"));
    if (mode === "postgres") env = { DATABASE_URL: t.db.url! };
    else {
      // The hub holds the embedded folder: the CLI sends the rows through it, signed with its secret.
      copyFileSync(path.join(t.config.dataDir, "jwt-secret"), path.join(t.db.dataDir!, "jwt-secret"));
      env = { CITYOPS_DATA_DIR: t.db.dataDir!, PORT: String(t.hub.port) };
    }
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("keeps each ticket's lifecycle and agency, tells subscribers once, and leaves today's wall as it was", async () => {
    const want = expected();
    const rows = <T>(q: ReturnType<typeof sql>) => t.db.database.rows<T & Record<string, unknown>>(q);
    const now = new Date();
    await t.hub.services.warningEngine.run(FULL_RUN, now);
    const before = await buildWallFrame(t.db.database, 1, now);
    const [w0] = await rows<{ n: number }>(sql`select count(*)::int as n from warnings`);
    const leader = await t.token("leader");
    const client = wsClient(t.url, leader);
    const events = collect<{ ticketEvents: { type: string; event: { payload: Record<string, unknown> } } }>(client, `subscription { ticketEvents { type event { payload } } }`);
    await new Promise((r) => setTimeout(r, 500));

    const rejects = path.join(dir, "rejects.csv");
    const run = await cli(["import", NYC, "--mapping", "nyc311", "--rejects", rejects, "--quiet"], env);
    expect(run.status, run.stderr).toBe(0);
    const summary = JSON.parse(run.stdout.trim().split("\n").at(-1)!) as { imported: number; rejected: number };
    expect(summary).toMatchObject({ imported: want.rows - want.impossible, rejected: want.impossible });
    // Each impossible row is in the rejects file with its line and why.
    const refused = readFileSync(rejects, "utf8").trim().split("\n").slice(1);
    expect(refused).toHaveLength(want.impossible);
    for (const l of refused) expect(l).toMatch(/^\d+,closedAt .* is before receivedAt/);

    // Counts by status and by agency are the file's.
    const byStatus = await rows<{ status: string; n: number }>(sql`select status::text, count(*)::int as n from tickets where imported_at is not null group by 1`);
    expect(Object.fromEntries(byStatus.map((r) => [r.status, r.n]))).toEqual(want.byStatus);
    const byAgency = await rows<{ code: string; n: number }>(sql`select d.code, count(*)::int as n from tickets t join departments d on d.id = t.department_id where t.imported_at is not null group by 1`);
    expect(Object.fromEntries(byAgency.map((r) => [r.code, r.n]))).toEqual(want.byAgency);
    const [odd] = await rows<{ n: number }>(sql`select count(*)::int as n from tickets where imported_at is not null and (
      (status = 'closed') <> (closed_at is not null) or dispatched_at is null or (closed_at is not null and (closed_at < received_at or replied_at is null)))`);
    expect(odd!.n).toBe(0);

    // One imported event for the file, not a created event per ticket. It is committed when the
    // CLI has exited; should its delivery stall, the failure says where the hub's pump stood.
    const [stored] = await rows<{ tx: string; id: string }>(sql`select tx::text, id::text from ticket_events where type = 'imported'`);
    expect(stored).toBeDefined();
    await events.until(() => events.items.some((e) => e.ticketEvents.type === "IMPORTED"), 30_000).catch(async (err: unknown) => {
      const pump = t.hub.services.realtime.pump;
      const running = await rows<{ xid: string; state: string; query: string; age: string }>(
        sql`select backend_xid::text as xid, state, left(query, 80) as query, (now() - xact_start)::text as age from pg_stat_activity where datname = current_database() and backend_xid is not null`,
      );
      throw new Error(`${(err as Error).message}; event ${JSON.stringify(stored)}, pump at ${JSON.stringify(pump.head)} after ${pump.delivered} events, transactions ${JSON.stringify(running)}`);
    });
    await new Promise((r) => setTimeout(r, 1500));
    const types = events.items.map((e) => e.ticketEvents.type);
    expect(types.filter((x) => x === "IMPORTED")).toHaveLength(1);
    expect(types.filter((x) => x === "CREATED")).toHaveLength(0);
    expect(events.items.find((e) => e.ticketEvents.type === "IMPORTED")!.ticketEvents.event.payload).toMatchObject({ tickets: summary.imported, closed: want.byStatus.closed });
    events.stop();
    await client.dispose();

    // Today's counters and warnings do not move; the open ones really open at the source count as open.
    await t.hub.services.warningEngine.run(FULL_RUN, now);
    const after = await buildWallFrame(t.db.database, 2, now);
    expect(after.kpis.todayReceived).toBe(before.kpis.todayReceived);
    expect(after.kpis.todayClosed).toBe(before.kpis.todayClosed);
    expect(after.kpis.open).toBe(before.kpis.open + summary.imported - want.byStatus.closed!);
    expect(after.latest.map((l) => l.id)).toEqual(before.latest.map((l) => l.id));
    const [w1] = await rows<{ n: number }>(sql`select count(*)::int as n from warnings`);
    expect(w1!.n).toBe(w0!.n);

    // Department metrics for the file's years include its tickets, with their handling times.
    const m = await t.gql<{ departmentMetrics: { department: { code: string }; tickets: number; closed: number; avgHandlingDays: number | null; dispatches: number }[] }>(
      `query($f: DateTimeISO!, $t: DateTimeISO!) { departmentMetrics(from: $f, to: $t) { department { code } tickets closed avgHandlingDays dispatches } }`,
      { f: "2014-01-01T00:00:00Z", t: "2020-01-01T00:00:00Z" },
      leader,
    );
    expect(m.errors).toBeUndefined();
    const nypd = m.data!.departmentMetrics.find((d) => d.department.code === "NYPD")!;
    expect(nypd).toMatchObject({ tickets: want.byAgency.NYPD, closed: want.closedByAgency.NYPD, dispatches: want.byAgency.NYPD });
    expect(nypd.avgHandlingDays).toBeGreaterThan(0);

    // A ticket's timeline is the one its source recorded.
    const [one] = await rows<{ id: number }>(sql`select id from tickets where external_id = '39573567'`);
    const ticket = await t.gql<{ ticket: { status: string; importedAt: string; timeline: { status: string; at: string }[]; department: { code: string } } }>(
      `query($id: ID!) { ticket(id: $id) { status importedAt department { code } timeline { status at } } }`,
      { id: String(one!.id) },
      leader,
    );
    expect(ticket.data!.ticket).toMatchObject({ status: "CLOSED", department: { code: "NYPD" } });
    expect(ticket.data!.ticket.timeline).toEqual([
      { status: "RECEIVED", at: "2018-06-26T14:58:54.000Z" },
      { status: "DISPATCHED", at: "2018-06-26T14:58:54.000Z" },
      { status: "REPLIED", at: "2018-06-26T16:50:01.000Z" },
      { status: "CLOSED", at: "2018-06-26T16:50:01.000Z" },
    ]);

    // The same file again changes nothing.
    const again = await cli(["import", NYC, "--mapping", "nyc311", "--quiet"], env);
    expect(JSON.parse(again.stdout.trim().split("\n").at(-1)!)).toMatchObject({ imported: 0, duplicates: summary.imported });
    const [ev] = await rows<{ n: number }>(sql`select count(*)::int as n from ticket_events where type = 'imported'`);
    expect(ev!.n).toBe(1);
  }, 240_000);
});
