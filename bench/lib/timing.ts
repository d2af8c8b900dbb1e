/** Timing loops for single-threaded throughput and per-call latency. */
import { percentiles } from "./stats.ts";

export interface Throughput {
  /** Calls per second over the measured passes. */
  perSecond: number;
  calls: number;
  elapsedMs: number;
  passes: number;
}

/** Keeps results observable so the JIT cannot drop the measured calls. */
let sink = 0;
export function consume(value: unknown): void {
  if (value !== undefined && value !== null) sink = (sink + 1) | 0;
}
export function sinkValue(): number {
  return sink;
}

/**
 * Calls `fn` on every item, pass after pass: first for `warmupMs` (not measured), then for at
 * least `minMs` and `minPasses` passes. One thread, so the result is the rate of one core.
 */
export function measureThroughput<T>(
  items: readonly T[],
  fn: (item: T) => unknown,
  { warmupMs = 300, minMs = 1500, minPasses = 3 }: { warmupMs?: number; minMs?: number; minPasses?: number } = {},
): Throughput {
  if (items.length === 0) throw new Error("measureThroughput: no items");
  const pass = (): void => {
    for (const item of items) consume(fn(item));
  };
  const warmupEnd = performance.now() + warmupMs;
  do pass();
  while (performance.now() < warmupEnd);
  let passes = 0;
  const start = performance.now();
  let elapsed: number;
  do {
    pass();
    passes++;
    elapsed = performance.now() - start;
  } while (elapsed < minMs || passes < minPasses);
  const calls = passes * items.length;
  return { perSecond: (calls / elapsed) * 1000, calls, elapsedMs: elapsed, passes };
}

export interface Latency {
  p50Us: number;
  p99Us: number;
  maxUs: number;
  samples: number;
}

/** Times each call separately over `passes` passes (after one warm-up pass), in microseconds. */
export function measureLatency<T>(items: readonly T[], fn: (item: T) => unknown, passes = 10): Latency {
  for (const item of items) consume(fn(item));
  const samples: number[] = [];
  for (let p = 0; p < passes; p++) {
    for (const item of items) {
      const t0 = process.hrtime.bigint();
      consume(fn(item));
      samples.push(Number(process.hrtime.bigint() - t0) / 1000);
    }
  }
  const [p50, p99, max] = percentiles(samples, [50, 99, 100]);
  return { p50Us: p50 ?? Number.NaN, p99Us: p99 ?? Number.NaN, maxUs: max ?? Number.NaN, samples: samples.length };
}
