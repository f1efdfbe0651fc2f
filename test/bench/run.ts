/**
 * `pnpm bench [--quick]`: every benchmark against real PostgreSQL, each figure with its baseline
 * from the same run. Prints a table, writes results/latest.json and a dated copy, and rewrites the
 * results section of docs/BENCHMARKS.md. Never part of the test command.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
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
import { machine, table, type Measurement } from "./lib.js";

const quick = process.argv.includes("--quick");
const only = process.argv.find((a) => a.startsWith("--only="))?.slice(7).split(",");
const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../..");

async function main() {
  const results: Measurement[] = [];
  const want = (name: string) => !only || only.includes(name);
  const log = (m: Measurement | Measurement[]) => {
    for (const x of [m].flat()) {
      results.push(x);
      console.error(`${x.name}: ${JSON.stringify(x.figures)} baseline ${JSON.stringify(x.baseline)}`);
    }
  };
  if (["dispatch", "queries", "intake", "delivery"].some(want)) {
    console.error(`seeding the full demo district into PostgreSQL (${quick ? "quick" : "full"} run)…`);
    const seededAt = Date.now();
    const t = await startTestHub("postgres", { seedOptions: {} });
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
  if (want("fanout")) log(await benchFanout(quick));
  if (want("wall")) log(await benchWall(quick));
  const report = { machine: machine(), quick, results };
  const dir = path.join(here, "results");
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, "latest.json"), JSON.stringify(report, null, 2));
  writeFileSync(path.join(dir, `${report.machine.date.slice(0, 10)}${quick ? "-quick" : ""}.json`), JSON.stringify(report, null, 2));
  const md = table(results);
  console.log(md);
  // A partial run (--only) prints and writes JSON but leaves the recorded full table alone.
  if (only) return;
  const docFile = path.join(root, "docs/BENCHMARKS.md");
  const doc = readFileSync(docFile, "utf8");
  const start = "<!-- bench:start -->";
  const end = "<!-- bench:end -->";
  const m = report.machine;
  const block = `${start}\nLast ${quick ? "quick " : ""}run: ${m.date} on ${m.cpu} (${m.cores} cores, ${m.memoryGb} GB), Node ${m.node}, PostgreSQL ${m.postgres}.\n\n${md}\n${end}`;
  writeFileSync(docFile, doc.includes(start) ? doc.replace(new RegExp(`${start}[\\s\\S]*${end}`), block) : `${doc}\n${block}\n`);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
