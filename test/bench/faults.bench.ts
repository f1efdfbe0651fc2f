/**
 * `faults`: the fault-injection and fuzz tests of the suite (test/integration/faults.test.ts and
 * fuzz.test.ts), run again with many more faults and inputs, against real processes and real
 * PostgreSQL. The figures are what the tests themselves print on their "RELIABILITY" lines, and
 * the run only counts when every test passed: a lost or duplicated ticket fails its test.
 *
 * Quick (to stay within the quick run's ten minutes): one fault of each kind and 20 fuzz runs per
 * property; full: 10 hub kills during intake, 5 kills of one import, 5 PostgreSQL restarts and
 * 600 fuzz runs per property. The two files run one after the other: the fault tests time their
 * recoveries, and a fuzzer on the other core would be timed with them.
 */
import { spawn } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Measurement } from "./lib.js";

const testDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const ARTIFACTS = path.join(testDir, "artifacts");
const log = (msg: string) => console.error(`faults: ${msg}`);

/** `key=value` pairs of every RELIABILITY line, by the line's kind (kill9-intake, pg-restart, fuzz, …). */
export function reliabilityLines(output: string): { kind: string; values: Record<string, string> }[] {
  // Not anchored: vitest may put a colour code before a test's stdout line.
  return [...output.matchAll(/RELIABILITY (\S+) (.*)$/gm)].map((m) => ({
    kind: m[1]!,
    values: Object.fromEntries([...m[2]!.matchAll(/(\w+)=(\S+)/g)].map((kv) => [kv[1]!, kv[2]!])),
  }));
}

export async function benchFaults(quick: boolean): Promise<Measurement> {
  const settings = quick
    ? { CITYOPS_FAULT_ROUNDS: "1", CITYOPS_FAULT_IMPORT_KILLS: "1", CITYOPS_FAULT_PG_RESTARTS: "1", CITYOPS_FUZZ_RUNS: "20" }
    : { CITYOPS_FAULT_ROUNDS: "10", CITYOPS_FAULT_IMPORT_KILLS: "5", CITYOPS_FAULT_PG_RESTARTS: "5", CITYOPS_FUZZ_RUNS: "600" };
  log(`running the fault and fuzz tests with ${JSON.stringify(settings)}…`);
  const started = Date.now();
  const { code, output } = await new Promise<{ code: number | null; output: string }>((resolve) => {
    const child = spawn(process.execPath, [path.join(testDir, "node_modules/vitest/vitest.mjs"), "run", "--fileParallelism=false", "integration/faults.test.ts", "integration/fuzz.test.ts"], {
      cwd: testDir,
      env: { ...process.env, ...settings, CITYOPS_TEST_DB: "postgres", FORCE_COLOR: "0", NO_COLOR: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += String(d)));
    child.stderr.on("data", (d: Buffer) => (output += String(d)));
    child.on("close", (c) => resolve({ code: c, output }));
  });
  mkdirSync(ARTIFACTS, { recursive: true });
  writeFileSync(path.join(ARTIFACTS, "faults-bench.log"), output);
  const lines = reliabilityLines(output);
  const sum = (key: string, kinds?: string[]) => lines.filter((l) => !kinds || kinds.includes(l.kind)).reduce((a, l) => a + Number(l.values[key] ?? 0), 0);
  const passed = code === 0;
  if (!passed) log(`the fault tests failed (exit ${code}); their whole output is in test/artifacts/faults-bench.log:\n${output.slice(-4000)}`);
  const fuzz = lines.filter((l) => l.kind === "fuzz");
  const lost = sum("lost", ["kill9-intake", "kill9-import", "pg-restart"]);
  const duplicates = sum("duplicates", ["kill9-intake", "kill9-import", "pg-restart"]);
  return {
    name: `faults (${quick ? "quick" : "long"}: hub kill -9 during intake and import, PostgreSQL restarts, fuzzing)`,
    figures: {
      testsPassed: passed ? "yes" : "no",
      faultsInjected: sum("faults", ["kill9-intake", "kill9-import", "pg-restart"]),
      hubKillsDuringIntake: sum("faults", ["kill9-intake"]),
      importKills: sum("faults", ["kill9-import"]),
      postgresRestarts: sum("faults", ["pg-restart"]),
      ticketsAcknowledged: sum("acknowledged", ["kill9-intake"]) + sum("tickets", ["pg-restart"]),
      importRows: sum("rows", ["kill9-import"]),
      ticketsLost: lost,
      duplicates,
      recoveryMsMax: Math.max(0, ...lines.filter((l) => l.kind === "pg-restart").map((l) => Number(l.values.recoveryMs ?? 0))),
      fuzzedInputs: fuzz.reduce((a, l) => a + Number(l.values.total ?? 0), 0),
      minutes: Math.round((Date.now() - started) / 6000) / 10,
    },
    baseline: { fuzzRunsPerProperty: Number(settings.CITYOPS_FUZZ_RUNS) },
    goal: "0 tickets lost, 0 duplicates, every fuzzed input answered",
    met: passed && lines.length > 0 && lost === 0 && duplicates === 0,
  };
}
