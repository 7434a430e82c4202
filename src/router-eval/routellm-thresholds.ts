import { numpyLinearQuantile } from './numpy-linear-quantile.js';

/**
 * The bin edges `pd.qcut(scores, bins, retbins=True)` returns, duplicates included: quantiles at
 * `np.linspace(0, 1, bins + 1)`. pandas hands them to `np.percentile` as `q * 100`, which divides by
 * 100 again; the round trip changes some probabilities by an ulp (0.7000000000000001 becomes 0.7), so
 * it is repeated here.
 */
export function routellmThresholds(sortedScores: ArrayLike<number>, bins = 10): number[] {
  if (!Number.isInteger(bins) || bins < 1) throw new RangeError(`bins must be a positive integer, got ${bins}`);
  const step = 1 / bins;
  const thresholds: number[] = [];
  for (let edge = 0; edge <= bins; edge++) {
    const probability = edge === bins ? 1 : (edge * step * 100) / 100;
    thresholds.push(numpyLinearQuantile(sortedScores, probability));
  }
  return thresholds;
}
