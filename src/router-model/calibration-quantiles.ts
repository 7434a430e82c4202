/** Quantiles at 1 % steps: 101 values, from the smallest score (0 %) to the largest (100 %). */
export const CALIBRATION_STEPS = 100;

/**
 * The scores' quantiles at 0, 1, …, 100 % (linear interpolation between order statistics, the
 * "type 7" definition of R and NumPy), ascending. Enough to set a threshold for any strong share
 * later without keeping every training score in `router.json`.
 */
export function calibrationQuantiles(scores: ArrayLike<number>): number[] {
  if (scores.length === 0) throw new Error('calibrationQuantiles needs at least one score');
  const sorted = Float64Array.from(scores).sort();
  if (Number.isNaN(sorted[sorted.length - 1]!)) throw new Error('scores must not be NaN');
  const last = sorted.length - 1;
  const quantiles: number[] = [];
  for (let step = 0; step <= CALIBRATION_STEPS; step++) {
    const position = (last * step) / CALIBRATION_STEPS;
    const below = Math.floor(position);
    const above = Math.min(below + 1, last);
    quantiles.push(sorted[below]! + (position - below) * (sorted[above]! - sorted[below]!));
  }
  return quantiles;
}
