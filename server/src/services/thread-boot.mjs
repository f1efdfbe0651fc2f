// Starts a worker thread written in TypeScript. The hub runs its source through tsx, but a worker
// begins without its parent's loaders, and `--import tsx` in a worker's execArgv registers the
// loader only after the entry has failed to load (Node 20). tsx's API loads the entry instead.
import { workerData } from "node:worker_threads";

const { tsImport } = await import("tsx/esm/api");
await tsImport(workerData.entry, import.meta.url);
