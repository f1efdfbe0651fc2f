/**
 * `fanout`: many wallFrame subscriptions held by one hub process. The hub runs in this process
 * (its RSS is this process's), the subscribers in a child process on the other core, one socket
 * each, as every wall screen has its own. A frame is built once a second for all of them.
 *
 * - subscriptions: open and live (acknowledged, first frame received) at the end of the ramp;
 * - rssMb: the hub process's resident memory with them, against the same process before (baseline);
 * - frameP99Ms: frame `at` (stamped when the hub starts building it) → received by the subscriber,
 *   over every delivery in the measured stretch.
 *
 * The subscription asks for `seq` and `at` only: the fan-out (sockets, executions, sends) is what
 * is measured; the frame's data is serialized once for all sockets anyway.
 */
import { readFileSync } from "node:fs";
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { SMALL_SEED, startTestHub } from "../helpers/hub.js";
import { round, type Measurement } from "./lib.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const log = (msg: string) => console.error(`fanout: ${msg}`);
const rssMb = () => Math.round(process.memoryUsage().rss / 1048576);

function openFilesLimit(): number | null {
  const line = readFileSync("/proc/self/limits", "utf8")
    .split("\n")
    .find((l) => l.startsWith("Max open files"));
  const soft = line?.split(/\s{2,}/)[1];
  return soft && /^\d+$/.test(soft) ? Number(soft) : null;
}

export async function benchFanout(quick: boolean): Promise<Measurement> {
  const count = Number(process.env.CITYOPS_FANOUT_SUBSCRIPTIONS ?? (quick ? 1000 : 10_000));
  const seconds = quick ? 15 : 60;
  const limit = openFilesLimit();
  // Each socket is a descriptor in the hub (and in the clients): say so instead of failing halfway.
  if (limit !== null && limit < count + 1000) {
    throw new Error(`fanout: ${count} sockets need more open files than the limit of ${limit} (raise it: ulimit -n ${count + 2000})`);
  }
  const t = await startTestHub("postgres", { seedOptions: SMALL_SEED });
  try {
    const token = await t.token("wall");
    // Let the hub settle (first frames, pools) before the baseline.
    await new Promise((r) => setTimeout(r, 3000));
    const rssBefore = rssMb();
    const heapBefore = Math.round(process.memoryUsage().heapUsed / 1048576);

    const child = spawn(process.execPath, ["--import", "tsx", path.join(here, "fanout-clients.ts")], { cwd: here, stdio: ["pipe", "pipe", "inherit"] });
    const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
    const next = async (): Promise<string> => {
      const r = await lines.next();
      if (r.done) throw new Error("fanout clients exited early");
      return r.value;
    };
    log(`opening ${count} sockets, one wallFrame subscription each…`);
    child.stdin.write(`${JSON.stringify({ url: t.url, token, count, batch: 250, query: "subscription { wallFrame { seq at } }" })}\n`);
    const ready = await next();
    if (!ready.startsWith("ready ")) throw new Error(`fanout clients: ${ready}`);
    const opened = JSON.parse(ready.slice(6)) as { sockets: number; openSeconds: number; errors: number };
    log(`open in ${opened.openSeconds} s; measuring ${seconds} s…`);
    child.stdin.write("measure\n");
    let rssPeak = rssMb();
    const timer = setInterval(() => (rssPeak = Math.max(rssPeak, rssMb())), 500);
    await new Promise((r) => setTimeout(r, seconds * 1000));
    clearInterval(timer);
    const rssWith = rssMb();
    const heapWith = Math.round(process.memoryUsage().heapUsed / 1048576);
    const metrics = await (await fetch(`${t.url}/metrics`)).text();
    const gauge = (name: string) => Number(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\d+)`, "m").exec(metrics)?.[1] ?? NaN);
    const sockets = gauge("cityops_ws_open_sockets");
    child.stdin.write("stop\n");
    const s = JSON.parse(await next()) as {
      received: number;
      frames: number;
      completeFrames: number;
      p50: number;
      p99: number;
      max: number;
      errors: number;
      closed: number;
      rssMb: number;
    };
    await new Promise((r) => child.once("exit", r));
    const live = opened.sockets - opened.errors;
    return {
      name: `fanout (${count} wallFrame subscriptions, one socket each, in one hub process)`,
      figures: {
        subscriptions: live,
        hubSockets: sockets,
        rssMb: Math.max(rssWith, rssPeak),
        kbPerSubscription: round(((Math.max(rssWith, rssPeak) - rssBefore) * 1024) / Math.max(1, live), 1),
        frameP50Ms: s.p50,
        frameP99Ms: s.p99,
        frameMaxMs: s.max,
        deliveries: s.received,
        framesComplete: `${s.completeFrames}/${s.frames}`,
        heapMb: heapWith,
        openSeconds: opened.openSeconds,
        clientErrors: s.errors,
      },
      baseline: { rssMbBefore: rssBefore, heapMbBefore: heapBefore, openFilesLimit: limit },
      goal: "10,000 subscriptions in ≤ 1 GB with frame p99 ≤ 250 ms",
      met: count < 10_000 ? null : live >= 10_000 && Math.max(rssWith, rssPeak) <= 1024 && s.p99 <= 250,
    };
  } finally {
    await t.close();
  }
}
