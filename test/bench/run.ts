/**
 * `pnpm bench [--quick] [--only=a,b]`: benchmarks against real PostgreSQL, each figure with its
 * baseline from the same run. Prints a table, writes results/latest.json and a dated copy, merges the
 * figures into the recorded table (quick or full) and rewrites its block in docs/BENCHMARKS.md.
 * Never part of the test command.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startTestHub } from "../helpers/hub.js";
import { benchDispatch } from "./dispatch.bench.js";
import { benchIntake } from "./intake.bench.js";
import { benchQueries } from "./queries.bench.js";
import { benchDelivery } from "./delivery.bench.js";
import { benchHeatmap } from "./heatmap.bench.js";
import { benchBulk } from "./bulk.bench.js";
import { benchWall } from "./wall.bench.js";
import { benchFanout } from "./fanout.bench.js";
import { benchFaults } from "./faults.bench.js";
import { machine, machineLabel, table, type Measurement } from "./lib.js";

const quick = process.argv.includes("--quick");
const only = process.argv.find((a) => a.startsWith("--only="))?.slice(7).split(",");
const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../..");

async function main() {
  const results: Measurement[] = [];
  const want = (name: string) => !only || only.includes(name);
  const began = Date.now();
  let lap = began;
  const log = (m: Measurement | Measurement[]) => {
    const now = Date.now();
    for (const x of [m].flat()) {
      results.push(x);
      console.error(`${x.name}: ${JSON.stringify(x.figures)} baseline ${JSON.stringify(x.baseline)}`);
    }
    console.error(`  (${Math.round((now - lap) / 1000)} s; ${Math.round((now - began) / 1000)} s since the start)`);
    lap = now;
  };
  // First, while this process is fresh: fanout measures the resident memory of the process its hub
  // runs in, which the seeded benchmarks would otherwise have grown beforehand.
  if (want("fanout")) log(await benchFanout(quick));
  if (["dispatch", "queries", "intake", "delivery"].some(want)) {
    // Quick runs seed 30 days of history instead of 90: the same district, a third of the tickets.
    console.error(`seeding the full demo district into PostgreSQL (${quick ? "quick run, 30 days" : "full run, 90 days"})…`);
    const seededAt = Date.now();
    const t = await startTestHub("postgres", { seedOptions: quick ? { days: 30 } : {} });
    try {
      console.error(`seeded and started in ${Date.now() - seededAt} ms`);
      await t.hub.services.dispatch.warm();
      if (want("dispatch")) log(await benchDispatch(t.db.database, quick));
      if (want("queries")) log(await benchQueries(t, quick));
      if (want("intake")) log(await benchIntake(t, quick));
      if (want("delivery")) log(await benchDelivery(t, quick));
    } finally {
      await t.close();
    }
  }
  // On a hub and database of its own: millions of generated tickets would skew the others.
  if (want("heatmap")) log(await benchHeatmap(quick));
  if (want("bulk")) log(await benchBulk(quick));
  if (want("wall")) log(await benchWall(quick));
  if (want("faults")) log(await benchFaults(quick));
  const m = machine();
  const dir = path.join(here, "results");
  mkdirSync(dir, { recursive: true });
  const report = { machine: m, quick, only: only ?? null, results };
  writeFileSync(path.join(dir, "latest.json"), JSON.stringify(report, null, 2));
  writeFileSync(path.join(dir, `${m.date.slice(0, 19).replace(/:/g, "")}${quick ? "-quick" : ""}.json`), JSON.stringify(report, null, 2));
  console.log(table(results));
  // The recorded table (one for quick runs, one for full) keeps each benchmark's latest figures with
  // the date it was measured: a full 10M heatmap or 1-hour wall soak need not rerun with the others.
  const recordFile = path.join(dir, quick ? "record-quick.json" : "record-full.json");
  const record = existsSync(recordFile) ? (JSON.parse(readFileSync(recordFile, "utf8")) as Recorded[]) : [];
  const names = new Set(results.map((r) => r.name));
  const kept = [...record.filter((r) => !names.has(r.name)), ...results.map((r) => ({ ...r, measuredAt: m.date, machine: machineLabel(m) }))];
  kept.sort((a, b) => ORDER.indexOf(family(a.name)) - ORDER.indexOf(family(b.name)) || a.name.localeCompare(b.name));
  writeFileSync(recordFile, JSON.stringify(kept, null, 2));
  const docFile = path.join(root, "docs/BENCHMARKS.md");
  const doc = readFileSync(docFile, "utf8");
  const start = `<!-- bench:${quick ? "quick" : "full"}:start -->`;
  const end = `<!-- bench:${quick ? "quick" : "full"}:end -->`;
  const block = `${start}\n${quick ? "Quick" : "Full-size"} runs, each row dated; the latest on ${m.cpu} (${m.cores} cores, ${m.memoryGb} GB), Node ${m.node}, PostgreSQL ${m.postgres}. Rows measured since 2026-12-08 name their machine; earlier ones ran on 2-core, 24 GB AMD EPYC or Intel Xeon machines: compare figures of one date and machine.\n\n${table(kept, true)}\n${end}`;
  writeFileSync(docFile, doc.includes(start) ? doc.replace(new RegExp(`${start}[\\s\\S]*${end}`), block) : `${doc}\n${block}\n`);
}

type Recorded = Measurement & { measuredAt: string; machine?: string };
const ORDER = ["dispatch", "queries", "intake", "delivery", "heatmap", "bulk", "fanout", "wall", "faults"];
const family = (name: string) => ORDER.find((f) => name.startsWith(f)) ?? name;

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
