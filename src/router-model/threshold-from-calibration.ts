import { CALIBRATION_STEPS } from './calibration-quantiles.js';

/**
 * The threshold that sends about `share` (0–1) of prompts like the training ones to the strong model
 * (strong when score ≥ threshold): the training scores' (1 − share) quantile, interpolated linearly
 * between the stored 1 % quantiles. Share 0 gives +Infinity (nothing is strong) and share 1 gives 0
 * (everything is).
 */
export function thresholdFromCalibration(quantiles: readonly number[], share: number): number {
  if (quantiles.length !== CALIBRATION_STEPS + 1) throw new Error(`calibration must hold ${CALIBRATION_STEPS + 1} quantiles, got ${quantiles.length}`);
  if (!(share >= 0 && share <= 1)) throw new Error(`share must be between 0 and 1, got ${share}`);
  if (share === 0) return Number.POSITIVE_INFINITY;
  if (share === 1) return 0;
  const position = (1 - share) * CALIBRATION_STEPS;
  const below = Math.floor(position);
  const above = Math.min(below + 1, CALIBRATION_STEPS);
  return quantiles[below]! + (position - below) * (quantiles[above]! - quantiles[below]!);
}
