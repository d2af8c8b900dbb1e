/** Small statistics helpers shared by the benchmarks. */

export interface Proportion {
  /** successes / trials (NaN when there are no trials). */
  estimate: number;
  /** Lower and upper bounds of the confidence interval. */
  low: number;
  high: number;
  successes: number;
  trials: number;
}

/**
 * Wilson score interval for a binomial proportion (95% by default). Unlike the normal
 * approximation it stays inside [0, 1] and behaves at 0 and at 100%, which is where a
 * detector's sensitivity lives.
 */
export function wilsonInterval(successes: number, trials: number, z = 1.959964): Proportion {
  if (!Number.isInteger(successes) || !Number.isInteger(trials) || successes < 0 || trials < 0 || successes > trials) {
    throw new RangeError(`wilsonInterval: need 0 <= successes <= trials, got ${successes}/${trials}`);
  }
  if (trials === 0) return { estimate: Number.NaN, low: 0, high: 1, successes, trials };
  const p = successes / trials;
  const z2 = z * z;
  const denominator = 1 + z2 / trials;
  const centre = (p + z2 / (2 * trials)) / denominator;
  const half = (z * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials))) / denominator;
  return { estimate: p, low: Math.max(0, centre - half), high: Math.min(1, centre + half), successes, trials };
}

/** Nearest-rank percentile (`p` in 0..100) of already sorted values; NaN for no values. */
export function percentileOfSorted(sorted: ArrayLike<number>, p: number): number {
  if (p < 0 || p > 100) throw new RangeError(`percentile must be within 0..100, got ${p}`);
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] as number;
}

/** Nearest-rank percentiles of unsorted values. */
export function percentiles(values: readonly number[], ps: readonly number[]): number[] {
  const sorted = Float64Array.from(values).sort();
  return ps.map((p) => percentileOfSorted(sorted, p));
}

export function median(values: readonly number[]): number {
  return percentiles(values, [50])[0] as number;
}
