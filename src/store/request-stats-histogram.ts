/**
 * The latency and time-to-first-token histograms of the per-minute request statistics
 * (request_stats_minute): fixed buckets, one integer column each, so an upsert adds column to column
 * and replicas writing at once need no read-modify-write.
 *
 * Bounds: 2^(k/4) milliseconds rounded to whole milliseconds (k = 0…77, repeats dropped), 1 ms to
 * 623,487 ms (10.4 minutes): four buckets per doubling, 73 bounds and 74 buckets, the first [0, 1) and
 * the last [623487, ∞). Bucket i holds the values v with BOUNDS[i - 1] ≤ v < BOUNDS[i]. The counts are
 * per bucket, not cumulative.
 *
 * Percentile error: a percentile is interpolated linearly within the bucket that holds it, so it lies in
 * the same bucket as the true value and is off by less than that bucket's width: at most 20 % of the
 * value from 23 ms up (19 % from 100 ms up), at most 4 ms below 23 ms. That is the worst case (every
 * value at one end of the bucket); values spread through a bucket come out much closer. A percentile in
 * the last bucket reads as its lower bound (623,487 ms): "at least 10.4 minutes".
 *
 * Migration 0005 made one column per bound with its own copy of this list; changing the bounds needs a
 * new migration (request-stats-histogram.test.ts checks that the two agree).
 */
export const HISTOGRAM_BOUNDS_MS: readonly number[] = Object.freeze(histogramBounds());

/** Buckets per histogram: one below the first bound, one per bound. */
export const HISTOGRAM_BUCKETS = HISTOGRAM_BOUNDS_MS.length + 1;

function histogramBounds(): number[] {
  const bounds: number[] = [];
  for (let k = 0; k <= 77; k++) {
    const bound = Math.round(2 ** (k / 4));
    if (bounds[bounds.length - 1] !== bound) bounds.push(bound);
  }
  return bounds;
}

/** Column names of a histogram's buckets, in bucket order: `<prefix>_lt_1` … `<prefix>_lt_623487`, `<prefix>_ge_623487`. */
export function histogramColumns(prefix: 'latency' | 'ttft'): string[] {
  const last = HISTOGRAM_BOUNDS_MS[HISTOGRAM_BOUNDS_MS.length - 1]!;
  return [...HISTOGRAM_BOUNDS_MS.map((bound) => `${prefix}_lt_${bound}`), `${prefix}_ge_${last}`];
}

/** The bucket a value (milliseconds) falls in; a negative value counts as 0, a fraction as its whole part. */
export function histogramBucket(milliseconds: number): number {
  const value = milliseconds > 0 ? milliseconds : 0;
  // Binary search for the first bound above the value: 7 steps over 73 bounds.
  let low = 0;
  let high = HISTOGRAM_BOUNDS_MS.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (HISTOGRAM_BOUNDS_MS[middle]! > value) high = middle;
    else low = middle + 1;
  }
  return low;
}

/**
 * The q-quantile (0 ≤ q ≤ 1; 0.95 for p95) of a histogram given as its bucket counts, interpolated
 * linearly within its bucket as Prometheus' histogram_quantile does: the rank q × total is found in
 * the cumulative counts, and the value is as far into its bucket as the rank is into the bucket's count.
 * Null when the histogram is empty.
 */
export function histogramPercentile(counts: readonly number[], q: number): number | null {
  if (!(q >= 0 && q <= 1)) throw new RangeError(`a quantile is between 0 and 1, not ${q}`);
  let total = 0;
  for (const count of counts) total += count;
  if (total === 0) return null;
  const rank = q * total;
  let below = 0;
  for (let bucket = 0; bucket < counts.length; bucket++) {
    const count = counts[bucket]!;
    if (count === 0 || below + count < rank) {
      below += count;
      continue;
    }
    const lower = bucket === 0 ? 0 : HISTOGRAM_BOUNDS_MS[bucket - 1]!;
    // The last bucket has no upper bound: its lower bound is all that is known.
    if (bucket >= HISTOGRAM_BOUNDS_MS.length) return lower;
    const upper = HISTOGRAM_BOUNDS_MS[bucket]!;
    return lower + ((upper - lower) * (rank - below)) / count;
  }
  // Not reached: q ≤ 1 puts the rank at or below the total.
  return null;
}
