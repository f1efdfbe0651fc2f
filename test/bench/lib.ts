import { cpus, totalmem } from "node:os";
import { execSync } from "node:child_process";

export interface Measurement {
  name: string;
  figures: Record<string, number | string | null>;
  baseline: Record<string, number | string | null>;
  goal?: string;
  met?: boolean | null;
  notes?: string;
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export const round = (n: number, d = 2) => Math.round(n * 10 ** d) / 10 ** d;

/** Runs `task` from `concurrency` workers until `total` calls are done; returns each call's latency in ms. */
export async function drive(total: number, concurrency: number, task: (i: number) => Promise<void>): Promise<{ latencies: number[]; seconds: number }> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (;;) {
        const i = next++;
        if (i >= total) return;
        const t0 = performance.now();
        await task(i);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  return { latencies, seconds: (performance.now() - started) / 1000 };
}

export function machine() {
  const pg = (() => {
    try {
      return execSync("psql -h 127.0.0.1 -U root -d postgres -Atc 'show server_version'", { encoding: "utf8" }).trim();
    } catch {
      return "unknown";
    }
  })();
  return {
    cpu: cpus()[0]?.model ?? "unknown",
    cores: cpus().length,
    memoryGb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    postgres: pg,
    date: new Date().toISOString(),
  };
}

/** A machine as the recorded tables name it: its processor's make, cores and memory. */
export function machineLabel(m: ReturnType<typeof machine>): string {
  const make = /epyc/i.test(m.cpu) ? "AMD EPYC" : /xeon/i.test(m.cpu) ? "Intel Xeon" : m.cpu.replace(/\s+/g, " ").trim();
  return `${make}, ${m.cores} cores`;
}

export function table(results: (Measurement & { measuredAt?: string; machine?: string })[], dated = false): string {
  const lines = dated
    ? ["| benchmark | figures | baseline (same run) | goal | met | measured |", "|---|---|---|---|---|---|"]
    : ["| benchmark | figures | baseline (same run) | goal | met |", "|---|---|---|---|---|"];
  const fmt = (o: Record<string, unknown>) =>
    Object.entries(o)
      .map(([k, v]) => `${k} ${v}`)
      .join(", ") || "—";
  for (const r of results) {
    const met = r.met === undefined || r.met === null ? "—" : r.met ? "yes" : "no";
    lines.push(`| ${r.name} | ${fmt(r.figures)} | ${fmt(r.baseline)} | ${r.goal ?? "—"} | ${met} |${dated ? ` ${r.measuredAt?.slice(0, 16).replace("T", " ") ?? "—"}${r.machine ? ` (${r.machine})` : ""} |` : ""}`);
  }
  return lines.join("\n");
}
