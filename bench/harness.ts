// A small timing harness: benchmarks print figures, they never assert.
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

export interface Benchmark {
  name: string;
  /** False for a benchmark that reads only source files: running it alone then skips the app's build. */
  needsBuild?: boolean;
  /** Runs the benchmark and returns the figures to print, label to value. */
  run(): Promise<Record<string, string>> | Record<string, string>;
}

// A forced collection before measuring makes the memory delta mean something.
setFlagsFromString("--expose-gc");
const collectGarbage = runInNewContext("gc") as () => void;

export interface Timing {
  medianMs: number;
  p95Ms: number;
  /** Heap growth over one run with its result kept alive: what a plan costs to hold. */
  heapDeltaBytes: number;
}

export function measure<T>(work: () => T, options: { warmup?: number; runs?: number } = {}): Timing {
  const { warmup = 5, runs = 30 } = options;
  for (let i = 0; i < warmup; i++) work();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    work();
    times.push(performance.now() - start);
  }
  collectGarbage();
  const before = process.memoryUsage().heapUsed;
  const kept = work();
  const heapDeltaBytes = process.memoryUsage().heapUsed - before;
  keepAlive(kept);
  times.sort((a, b) => a - b);
  return { medianMs: percentile(times, 0.5), p95Ms: percentile(times, 0.95), heapDeltaBytes };
}

let sink: unknown;
function keepAlive(value: unknown) {
  sink = value;
  return sink;
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
}

export function formatTiming(timing: Timing, runs = 30): Record<string, string> {
  return {
    median: `${timing.medianMs.toFixed(2)} ms`,
    p95: `${timing.p95Ms.toFixed(2)} ms`,
    runs: String(runs),
    "heap delta": `${(timing.heapDeltaBytes / 1024 / 1024).toFixed(1)} MiB`,
  };
}

/** A deterministic pseudo-random sequence, so every run measures the same data. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}
