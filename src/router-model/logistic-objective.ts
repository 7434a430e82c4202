import { logistic, softplus } from './logistic.js';
import type { Objective } from './minimize-lbfgs.js';
import type { SparseRows } from './sparse-rows.js';

/**
 * The L2-regularised mean log-loss of a binary logistic regression, for `minimizeLbfgs`: the point is
 * the weights of `weightCount` columns followed by the bias. Only the first `penalisedCount` weights
 * are penalised (all of them by default); the rest, like the bias, are not.
 *   f = (1/n) Σ [softplus(zᵢ) − yᵢ zᵢ] + (λ/2) Σ_{j < penalisedCount} wⱼ²,  zᵢ = xᵢ·w + b
 */
export function logisticObjective(
  rows: SparseRows,
  labels: Uint8Array,
  weightCount: number,
  l2: number,
  penalisedCount = weightCount,
): Objective {
  const rowCount = labels.length;
  return (point, gradient) => {
    const bias = point[weightCount]!;
    gradient.fill(0);
    let loss = 0;
    let biasGradient = 0;
    for (let row = 0; row < rowCount; row++) {
      const start = rows.rowStarts[row]!;
      const end = rows.rowStarts[row + 1]!;
      let z = bias;
      for (let entry = start; entry < end; entry++) z += rows.values[entry]! * point[rows.columns[entry]!]!;
      const label = labels[row]!;
      loss += softplus(z) - label * z;
      const residual = logistic(z) - label;
      biasGradient += residual;
      for (let entry = start; entry < end; entry++) gradient[rows.columns[entry]!]! += residual * rows.values[entry]!;
    }
    const scale = 1 / rowCount;
    let penalty = 0;
    for (let column = 0; column < weightCount; column++) {
      const weight = point[column]!;
      const penalised = column < penalisedCount;
      if (penalised) penalty += weight * weight;
      gradient[column] = gradient[column]! * scale + (penalised ? l2 * weight : 0);
    }
    gradient[weightCount] = biasGradient * scale;
    return loss * scale + (l2 / 2) * penalty;
  };
}
