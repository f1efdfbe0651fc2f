import { parentPort, workerData } from "node:worker_threads";
import { setPriority } from "node:os";
import { openDatabase, type Database } from "../db/client.js";
import { RelayBus } from "../realtime/bus.js";
import { ReferenceData } from "../store/reference.store.js";
import { AnalyticsStore } from "../store/analytics.store.js";
import { WarningStore } from "../store/warning.store.js";
import { WarningRunner } from "./warning-runner.js";
import { WARNING_THREAD_APP, WARNING_THREAD_NICE, type FromThread, type ThreadData, type ToThread } from "./warning-thread.js";

/** The warning thread (see warning-thread.ts): carries out the hub's runs on its own pool. */
const port = parentPort!;
// Linux gives each thread its own nice value, and pid 0 means the calling thread: when the cores
// are saturated, the scheduler favours the thread that delivers to subscribers. Elsewhere pid 0 is
// the whole process, which must keep its priority.
if (process.platform === "linux") setPriority(0, WARNING_THREAD_NICE);
const data = workerData as ThreadData;
const post = (m: FromThread) => port.postMessage(m);

const bus = new RelayBus(data.busKind, () => post({ kind: "wake" }));

let database: Database | null = null;
let runner: Promise<WarningRunner> | null = null;
let reference: ReferenceData | null = null;

/** Opened with the first run, and again after a failed start (the database may be back). */
function ready(): Promise<WarningRunner> {
  runner ??= (async () => {
    // A run reads surges, requests, deadlines and quality at once: four statements.
    const opened = await openDatabase({ databaseUrl: data.databaseUrl, max: 4, applicationName: WARNING_THREAD_APP });
    try {
      const ref = await new ReferenceData(opened.db).load();
      database = opened;
      reference = ref;
      return new WarningRunner(new WarningStore(opened, bus), new AnalyticsStore(opened, ref), ref);
    } catch (err) {
      await opened.close().catch(() => {});
      throw err;
    }
  })().catch((err: unknown) => {
    runner = null;
    throw err;
  });
  return runner;
}

port.on("message", (m: ToThread) => {
  switch (m.kind) {
    case "run":
      ready()
        .then((r) => r.run(m.scope, new Date(m.now)))
        .then(
          (changes) => post({ kind: "done", id: m.id, changes }),
          (err: unknown) => post({ kind: "failed", id: m.id, message: err instanceof Error ? err.message : String(err), stack: err instanceof Error ? err.stack : undefined }),
        );
      return;
    case "reference":
      // Runs read the maps in place: the next run sees the new map and departments.
      void reference?.load().catch(() => {});
      return;
    case "close":
      void (database?.close() ?? Promise.resolve()).finally(() => port.close());
  }
});
