/** Mean and nearest-rank percentiles of a set of latencies. */
export interface LatencyStats {
  count: number;
  meanMs: number;
  p50Ms: number;
  p95Ms: number;
}

/** Undefined for no values. Sorts `values` in place (the caller's array is a scratch list). */
export function latencyStats(values: number[]): LatencyStats | undefined {
  const count = values.length;
  if (count === 0) return undefined;
  values.sort((left, right) => left - right);
  let sum = 0;
  for (const value of values) sum += value;
  return { count, meanMs: sum / count, p50Ms: nearestRank(values, 50), p95Ms: nearestRank(values, 95) };
}

/** The smallest value with at least `percent` % of the values at or below it. */
function nearestRank(sorted: readonly number[], percent: number): number {
  const rank = Math.ceil((percent / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}
