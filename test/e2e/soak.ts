// The wall's soak: steady intake at 20× the demo rate plus warnings coming and going, while the
// page's heap after GC, DOM nodes and listeners are sampled over CDP.
import { sql } from "drizzle-orm";
import type { CDPSession, Page } from "playwright-core";
import type { TestHub } from "../helpers/hub.js";

/** The demo feed's default rate (CITYOPS_SIMULATE_RATE) is 6 tickets a minute; the soak runs 20× that. */
export const SOAK_TICKETS_PER_SECOND = (6 * 20) / 60;

export interface Sample {
  atMs: number;
  heapUsedMB: number;
  nodes: number;
  listeners: number;
  /** Main-thread busy time (CDP TaskDuration, wall clock), seconds since the page opened, without the probes' own. */
  taskSeconds: number;
  /** Main-thread CPU time (CDP ThreadTime), the same way: less sensitive to other processes on the machine. */
  threadSeconds: number;
  framesReceived: number;
}

type WallProbe = {
  framesReceived: number;
  lastFrameSeq: number;
  connection: string;
  animations: boolean;
  banner: string | null;
  chartUpdates: number;
  publishes: number;
};
export const probe = (page: Page) => page.evaluate(() => (window as unknown as { __wall: WallProbe }).__wall);

/** Main-thread time the probes themselves took (forced GCs, counters), per CDP session. */
const probeCost = new WeakMap<CDPSession, { task: number; thread: number }>();

async function busyTimes(cdp: CDPSession): Promise<{ task: number; thread: number }> {
  const perf = await cdp.send("Performance.getMetrics");
  const get = (name: string) => perf.metrics.find((m) => m.name === name)?.value ?? 0;
  return { task: get("TaskDuration"), thread: get("ThreadTime") };
}

export async function sample(cdp: CDPSession, page: Page, startedAt: number): Promise<Sample> {
  const before = await busyTimes(cdp);
  const atMs = Date.now() - startedAt;
  const spent = probeCost.get(cdp) ?? { task: 0, thread: 0 };
  // Twice: the first pass frees what finalisers and weak maps hand to the second.
  await cdp.send("HeapProfiler.collectGarbage");
  await cdp.send("HeapProfiler.collectGarbage");
  const heap = await cdp.send("Runtime.getHeapUsage");
  const dom = await cdp.send("Memory.getDOMCounters");
  const framesReceived = (await probe(page)).framesReceived;
  // The collections run on the page's main thread: they are the measurement's work, not the
  // wall's, and are taken out of the busy times of every later sample.
  const after = await busyTimes(cdp);
  probeCost.set(cdp, { task: spent.task + after.task - before.task, thread: spent.thread + after.thread - before.thread });
  return {
    atMs,
    heapUsedMB: Math.round((heap.usedSize / 1048576) * 100) / 100,
    nodes: dom.nodes,
    listeners: dom.jsEventListeners,
    taskSeconds: before.task - spent.task,
    threadSeconds: before.thread - spent.thread,
    framesReceived,
  };
}

const TEXTS = [
  "小区门口餐馆油烟很大，晚上排风扇噪音扰民，请尽快处理。",
  "背街小巷路灯不亮已经一周，夜间出行不安全。",
  "工地夜间施工噪音扰民，凌晨还在作业。",
  "公司拖欠三个月工资，多次讨要无果。",
  "菜市场有商贩缺斤短两，希望加强监管。",
  "公交站台破损，雨天无法避雨。",
  "老旧小区供暖不热，室内温度只有十四度。",
  "路边垃圾堆积多日无人清运，气味很大。",
  "村里养殖场污水直排河道，河水发黑。",
  "建议在学校门口增设人行横道和减速带。",
];
const CHANNELS = ["PHONE", "WECHAT", "APP", "WEB"] as const;
const APPEALS = ["COMPLAINT", "HELP", "CONSULT", "REPORT", "SUGGESTION"] as const;

/** A deterministic stream of intake at a steady rate, until stopped; returns how many were made. */
export function startIntake(t: TestHub, operator: string, places: { lat: number; lng: number }[], perSecond: number) {
  let made = 0;
  let failed = 0;
  let n = 0;
  let running = true;
  const interval = 1000 / perSecond;
  const loop = (async () => {
    let next = Date.now();
    while (running) {
      const i = n++;
      const place = places[(i * 7919) % places.length]!;
      const r = await t.gql(
        `mutation($input: CreateTicketInput!) { createTicket(input: $input) { id } }`,
        {
          input: {
            source: i % 5 === 0 ? "GRID" : "HOTLINE",
            externalId: `soak-${Date.now()}-${i}`,
            channel: i % 5 === 0 ? "GRID_REPORT" : CHANNELS[i % CHANNELS.length],
            appealType: APPEALS[i % APPEALS.length],
            content: TEXTS[i % TEXTS.length],
            citizenPhone: `139${String(10000000 + i).slice(-8)}`,
            lat: place.lat,
            lng: place.lng,
          },
        },
        operator,
      );
      if (r.errors) failed++;
      else made++;
      next += interval;
      const wait = next - Date.now();
      if (wait > 0) await new Promise((res) => setTimeout(res, wait));
      else next = Date.now();
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return { made, failed };
    },
  };
}

/** Raises a warning (the warning engine is another issue's): the wall must show it and, if severe, flash it. */
export async function raiseWarning(t: TestHub, severity: string, title: string, scope: Record<string, unknown> = {}): Promise<number> {
  const [row] = await t.db.database.rows<{ id: number }>(
    sql`insert into warnings (kind, severity, scope_key, scope, title, detail)
        values ('surge', ${severity}, ${`wall-test:${title}`}, ${JSON.stringify(scope)}::jsonb, ${title}, '') returning id`,
  );
  return Number(row!.id);
}

export async function resolveWarning(t: TestHub, id: number): Promise<void> {
  await t.db.database.rows(sql`update warnings set status = 'resolved', resolved_at = now() where id = ${id}`);
}
