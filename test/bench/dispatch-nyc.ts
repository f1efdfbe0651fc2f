// Dispatch suggestions on real data: New York 311 requests. Learns "Complaint Type + Descriptor →
// Agency" from a deterministic 70% of the file and predicts the agency of the other 30%.
// Run: cd /work/main/test && npx tsx bench/dispatch-nyc.ts
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { DispatchSuggester, type HistoryDoc } from "../../server/src/domain/dispatch/suggester.js";
import { parseCsvRecords } from "./csv.js";

export const NYC_311_FILE = "/work/shared/data/nyc311-service-requests-1000.csv";

export interface NycEvaluation {
  top1: number;
  top3: number;
  p95Ms: number;
  trainSize: number;
  testSize: number;
}

/** FNV-1a: the split depends only on each request's key, not on file order or Math.random. */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  const index = Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1);
  return sorted[Math.max(0, index)] as number;
}

export function evaluateNyc(file: string = NYC_311_FILE): NycEvaluation {
  const records = parseCsvRecords(readFileSync(file, "utf8"));
  const agencyIds = new Map<string, number>();
  const train: HistoryDoc[] = [];
  const test: { text: string; departmentId: number }[] = [];
  for (const r of records) {
    const agency = r["Agency"] ?? "";
    const text = `${r["Complaint Type"] ?? ""} ${r["Descriptor"] ?? ""}`.trim();
    if (agency === "" || text === "") continue;
    let departmentId = agencyIds.get(agency);
    if (departmentId === undefined) {
      departmentId = agencyIds.size + 1;
      agencyIds.set(agency, departmentId);
    }
    if (fnv1a(r["Unique Key"] ?? text) % 100 < 70) train.push({ departmentId, matterId: null, text });
    else test.push({ text, departmentId });
  }

  const suggester = new DispatchSuggester();
  suggester.addHistory(train);

  let top1 = 0;
  let top3 = 0;
  const times: number[] = [];
  for (const t of test) {
    const start = performance.now();
    const suggestions = suggester.suggest(t.text, 3);
    times.push(performance.now() - start);
    const rank = suggestions.findIndex((s) => s.departmentId === t.departmentId);
    if (rank === 0) top1++;
    if (rank >= 0 && rank < 3) top3++;
  }
  times.sort((a, b) => a - b);
  const n = Math.max(test.length, 1);
  return { top1: top1 / n, top3: top3 / n, p95Ms: percentile(times, 0.95), trainSize: train.length, testSize: test.length };
}

function main(): void {
  const r = evaluateNyc();
  console.log(`NYC 311 dispatch: train ${r.trainSize}, test ${r.testSize}`);
  console.log(`top-1 ${(r.top1 * 100).toFixed(1)}%  top-3 ${(r.top3 * 100).toFixed(1)}%  p95 ${r.p95Ms.toFixed(3)} ms`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) main();
