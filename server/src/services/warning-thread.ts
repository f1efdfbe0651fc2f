import { Worker } from "node:worker_threads";
import type { AppliedChange } from "../store/warning.store.js";
import type { EventBus } from "../realtime/bus.js";
import type { Runner, RunScope } from "./warning-runner.js";

/** The thread's connections in pg_stat_activity. */
export const WARNING_THREAD_APP = "cityops-warnings";

/** The thread's scheduling priority on Linux (0 normal, 19 lowest): warnings can wait a moment, deliveries not. */
export const WARNING_THREAD_NICE = 10;

/** What the hub tells the warning thread. */
export type ToThread =
  | { kind: "run"; id: number; scope: RunScope; now: number }
  /** The city's map or departments were loaded anew: the thread reloads its reference data. */
  | { kind: "reference" }
  | { kind: "close" };
/** What the warning thread tells the hub. */
export type FromThread =
  | { kind: "done"; id: number; changes: AppliedChange[] }
  | { kind: "failed"; id: number; message: string; stack?: string | undefined }
  /** A warning write committed: the hub's bus wakes its feeds (and, on Redis, every other process). */
  | { kind: "wake" };

export interface ThreadData {
  databaseUrl: string;
  busKind: EventBus["kind"];
  /** The worker module, for thread-boot.mjs. */
  entry?: string;
}

/** From TypeScript source the thread starts through thread-boot.mjs; built JavaScript starts directly. */
function workerEntry(): { file: URL; entry?: string } {
  if (!import.meta.url.endsWith(".ts")) return { file: new URL("./warning.worker.js", import.meta.url) };
  return { file: new URL("./thread-boot.mjs", import.meta.url), entry: new URL("./warning.worker.ts", import.meta.url).href };
}

/**
 * Runs the warning detectors on a worker thread with its own database pool. In a storm a surge run
 * reads thousands of rows and tests every area: on the hub's thread that held subscriber delivery
 * back for 40–120 ms every ten seconds, and its garbage lengthened the hub's collections. The
 * thread has its own event loop and heap; the operating system interleaves it with the hub's.
 *
 * The thread starts with the first run and is started again after it dies; a run it took with it
 * fails (the engine reports it), and the next run covers the same ground.
 */
export class ThreadRunner implements Runner {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (c: AppliedChange[]) => void; reject: (e: Error) => void }>();
  private closed = false;

  constructor(
    private readonly data: ThreadData,
    /** A warning write committed on the thread. */
    private readonly onWake: () => void,
  ) {}

  /** Tells a running thread that reference data changed; a thread started later reads it fresh. */
  referenceChanged(): void {
    this.worker?.postMessage({ kind: "reference" } satisfies ToThread);
  }

  /** The thread while it runs (for /metrics and diagnostics). */
  get thread(): Worker | null {
    return this.worker;
  }

  run(scope: RunScope, now: Date): Promise<AppliedChange[]> {
    if (this.closed) return Promise.resolve([]);
    const worker = this.spawned();
    const id = this.nextId++;
    return new Promise<AppliedChange[]>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      // Only a thread with work to do keeps the process alive.
      worker.ref();
      worker.postMessage({ kind: "run", id, scope, now: now.getTime() } satisfies ToThread);
    });
  }

  private spawned(): Worker {
    if (this.worker) return this.worker;
    const { file, entry } = workerEntry();
    const worker = new Worker(file, { workerData: { ...this.data, entry } satisfies ThreadData, name: "cityops-warnings" });
    worker.on("message", (m: FromThread) => this.onMessage(m));
    worker.on("error", (err) => this.fail(worker, err));
    worker.on("exit", (code) => this.fail(worker, new Error(`the warning thread exited (code ${code})`)));
    this.worker = worker;
    return worker;
  }

  private onMessage(m: FromThread): void {
    switch (m.kind) {
      case "wake":
        this.onWake();
        return;
      case "done":
      case "failed": {
        const p = this.pending.get(m.id);
        if (!p) return;
        this.pending.delete(m.id);
        if (m.kind === "done") p.resolve(m.changes);
        else p.reject(Object.assign(new Error(m.message), { stack: m.stack ?? m.message }));
        if (this.pending.size === 0) this.worker?.unref();
      }
    }
  }

  /** The thread is gone: its runs fail, and the next run starts another. */
  private fail(worker: Worker, err: Error): void {
    if (this.worker !== worker) return;
    this.worker = null;
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
  }

  async close(): Promise<void> {
    this.closed = true;
    const worker = this.worker;
    if (!worker) return;
    const exited = new Promise<void>((resolve) => worker.once("exit", () => resolve()));
    worker.ref();
    // The thread closes its pool and ends; if it hangs, it is ended.
    worker.postMessage({ kind: "close" } satisfies ToThread);
    const timer = setTimeout(() => void worker.terminate(), 5000);
    await exited;
    clearTimeout(timer);
  }
}
