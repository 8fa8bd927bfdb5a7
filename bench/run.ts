/**
 * `npm run bench`: figures, not pass/fail. Each figure is measured side by side with its
 * reference in the same run; one table is printed and bench/results/summary.json written.
 * Everything runs against local servers on 127.0.0.1. BENCH_QUICK=1 for a short smoke run,
 * BENCH_ONLY=ingest,cards for a subset, BENCH_PROFILE=1 for CPU profiles (ingest servers, the
 * bot answering /help and /rooms, card rendering) summarised after each benchmark.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { benchAckLatency } from "./benches/ack-latency.js";
import { benchCards } from "./benches/cards.js";
import { benchCoalescing } from "./benches/coalescing.js";
import { benchCommandLatency } from "./benches/command-latency.js";
import { benchCommandTime } from "./benches/command-time.js";
import { benchFlood } from "./benches/flood.js";
import { benchIngest } from "./benches/ingest.js";
import { benchMemory } from "./benches/memory.js";
import { benchOverload } from "./benches/overload.js";
import { benchOversubscription } from "./benches/oversubscription.js";
import { benchSharedLimits } from "./benches/shared-limits.js";
import { benchStore } from "./benches/store.js";
import type { Figure, Figures } from "./lib/figures.js";
import { readSettings, selected, type Settings } from "./lib/settings.js";
import { formatTable } from "./lib/table.js";

const BENCHES: Array<{ name: string; run: (settings: Settings) => Promise<Figures> }> = [
  { name: "ingest", run: benchIngest },
  { name: "own-time", run: benchCommandTime },
  { name: "ack-latency", run: benchAckLatency },
  { name: "coalescing", run: benchCoalescing },
  { name: "oversubscription", run: benchOversubscription },
  { name: "cards", run: benchCards },
  { name: "memory", run: benchMemory },
  { name: "flood", run: benchFlood },
  { name: "store", run: benchStore },
  { name: "shared-limits", run: benchSharedLimits },
  { name: "overload", run: benchOverload },
  { name: "first-card", run: benchCommandLatency },
];

async function main(): Promise<void> {
  const settings = readSettings();
  const only = selected();
  const figures: Figure[] = [];
  const timings: Record<string, number> = {};
  const failures: Record<string, string> = {};
  const started = performance.now();
  const loadBefore = loadavg();
  // Figures from a busy machine are still comparable side by side, but not with other runs.
  if (loadBefore[0]! > cpus().length * 0.5) {
    console.warn(`note: load average ${loadBefore[0]!.toFixed(1)} on ${cpus().length} CPUs: other work is running`);
  }
  for (const bench of BENCHES) {
    if (only && !only.has(bench.name)) continue;
    const t0 = performance.now();
    process.stdout.write(`running ${bench.name}… `);
    try {
      figures.push(...(await bench.run(settings)).all);
      timings[bench.name] = (performance.now() - t0) / 1000;
      console.log(`${timings[bench.name]!.toFixed(1)} s`);
    } catch (error) {
      // One broken benchmark must not cost the others' figures.
      failures[bench.name] = error instanceof Error ? (error.stack ?? error.message) : String(error);
      console.log(`FAILED\n${failures[bench.name]}`);
    }
  }
  const totalSeconds = (performance.now() - started) / 1000;
  console.log(`\n${formatTable(figures)}\n`);
  const summary = {
    at: new Date().toISOString(),
    command: `${settings.quick ? "BENCH_QUICK=1 " : ""}npm run bench`,
    node: process.version,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model,
    quick: settings.quick,
    settings,
    secondsPerBenchmark: timings,
    totalSeconds,
    loadAverage: { before: loadBefore, after: loadavg() },
    failures,
    figures,
  };
  const dir = new URL("./results/", import.meta.url);
  mkdirSync(dir, { recursive: true });
  writeFileSync(new URL("summary.json", dir), `${JSON.stringify(summary, null, 2)}\n`);
  console.log(`${figures.length} figures in ${totalSeconds.toFixed(0)} s; summary written to bench/results/summary.json`);
  const failed = Object.keys(failures);
  if (failed.length > 0) {
    console.error(`failed: ${failed.join(", ")}`);
    process.exitCode = 1;
  }
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
