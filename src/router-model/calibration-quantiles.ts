import { numpyLinearQuantile } from '../router-eval/numpy-linear-quantile.js';

/** Quantiles at 1 % steps: 101 values, from the smallest score (0 %) to the largest (100 %). */
export const CALIBRATION_STEPS = 100;

/**
 * The scores' quantiles at 0, 1, …, 100 % (numpy's linear quantile, the one the evaluation uses),
 * ascending. Enough to set a threshold for any strong share later without keeping every training
 * score in `router.json`.
 */
export function calibrationQuantiles(scores: ArrayLike<number>): number[] {
  if (scores.length === 0) throw new Error('calibrationQuantiles needs at least one score');
  const sorted = Float64Array.from(scores).sort();
  if (Number.isNaN(sorted[sorted.length - 1]!)) throw new Error('scores must not be NaN');
  const quantiles: number[] = [];
  for (let step = 0; step <= CALIBRATION_STEPS; step++) quantiles.push(numpyLinearQuantile(sorted, step / CALIBRATION_STEPS));
  return quantiles;
}
