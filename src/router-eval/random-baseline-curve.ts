import { averageRoutellmCurves } from './average-routellm-curves.js';
import { createSeededRandom } from '../simulator/create-seeded-random.js';
import { type RoutellmCurve, routellmCurve } from './routellm-curve.js';

export interface RandomBaselineOptions {
  readonly seed: number;
  /** evaluate.py's `--random-iters`, 10 by default. */
  readonly iterations?: number;
  readonly bins?: number;
}

/**
 * The random router as evaluate.py reports it: `iterations` runs of uniform scores (one seeded stream,
 * run after run, as RouteLLM seeds `random` once per router) averaged per realised strong share.
 */
export function randomBaselineCurve(
  items: readonly { readonly strong: number; readonly weak: number }[],
  options: RandomBaselineOptions,
): RoutellmCurve {
  const iterations = options.iterations ?? 10;
  if (!Number.isInteger(iterations) || iterations < 1) throw new RangeError('iterations must be a positive integer');
  const random = createSeededRandom(options.seed);
  const curves = Array.from({ length: iterations }, () =>
    routellmCurve(
      items.map((item) => ({ score: random(), strong: item.strong, weak: item.weak })),
      options.bins,
    ),
  );
  return averageRoutellmCurves(curves);
}
