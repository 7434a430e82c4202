/**
 * The threshold that sends `share` (0–1) of these scores to the strong model under the rule
 * "strong when score ≥ threshold" (RouteLLM's): with the scores sorted, k = round(share · n) of them
 * must be at or above it, so it is the midpoint between the (k+1)-th and the k-th largest. Share 1
 * gives the smallest score; share 0 gives +Infinity (nothing is strong). Scores tied across that
 * point all go to the strong model, so with ties the share reached can exceed the one asked.
 */
export function thresholdForStrongShare(scores: readonly number[], share: number): number {
  if (scores.length === 0) throw new Error('thresholdForStrongShare needs at least one score');
  if (!(share >= 0 && share <= 1)) throw new Error(`share must be between 0 and 1, got ${share}`);
  const sorted = Float64Array.from(scores).sort();
  if (Number.isNaN(sorted[sorted.length - 1]!)) throw new Error('scores must not be NaN');
  const strongCount = Math.round(share * sorted.length);
  if (strongCount === 0) return Number.POSITIVE_INFINITY;
  if (strongCount === sorted.length) return sorted[0]!;
  const lowestStrong = sorted[sorted.length - strongCount]!;
  const highestWeak = sorted[sorted.length - strongCount - 1]!;
  return highestWeak + (lowestStrong - highestWeak) / 2;
}
