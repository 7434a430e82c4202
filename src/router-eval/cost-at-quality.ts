import type { RoutellmCurve } from './routellm-curve.js';
import { strongShareAtQuality } from './strong-share-at-quality.js';

/** Price of one call to each model, in any one currency. */
export interface CallPrices {
  readonly strong: number;
  readonly weak: number;
}

export interface CostAtQuality {
  /** fraction × the strong model's quality, in the benchmark's outcome units. */
  readonly targetQuality: number;
  /** Strong share at which the curve first reaches the target (0 when the weak model already does). */
  readonly strongShare: number;
  /** Mean price per prompt at that share. */
  readonly costPerCall: number;
  /** 1 − costPerCall / strong price: what routing saves against sending everything to the strong model. */
  readonly savings: number;
}

/**
 * The cost of reaching `fraction` (95 % by default) of the strong model's quality — an absolute
 * fraction of its quality, as in RouteLLM's "95 % of GPT-4's performance", not a share of the gap.
 * Strong share is interpolated along the curve as CPT is (first crossing). NaN if never reached.
 */
export function costAtQuality(curve: RoutellmCurve, prices: CallPrices, fraction = 0.95): CostAtQuality {
  const targetQuality = fraction * curve.strongQuality;
  const strongShare = strongShareAtQuality(curve.points, targetQuality);
  const costPerCall = strongShare * prices.strong + (1 - strongShare) * prices.weak;
  return { targetQuality, strongShare, costPerCall, savings: 1 - costPerCall / prices.strong };
}
