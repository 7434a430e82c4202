import { bootstrapRoutellmMetrics, type RoutellmIntervals } from './bootstrap-routellm-metrics.js';
import { type CallPrices, type CostAtQuality, costAtQuality } from './cost-at-quality.js';
import { type RoutellmMetrics, routellmMetrics } from './routellm-metrics.js';
import type { ScoredOutcome } from './scored-outcome.js';

export interface EvaluateRoutellmOptions {
  /** Seed of the bootstrap's resampling. */
  readonly seed: number;
  readonly resamples?: number;
  readonly confidence?: number;
  readonly bins?: number;
  /** When given, the cost at 95 % of the strong model's quality is reported. */
  readonly prices?: CallPrices;
}

export interface RoutellmEvaluation extends RoutellmMetrics {
  readonly intervals: RoutellmIntervals;
  readonly cost?: CostAtQuality;
}

/** Everything `router eval` reports for one score function on one benchmark. */
export function evaluateRoutellmScores(
  items: readonly { readonly strong: number; readonly weak: number }[],
  scores: readonly number[],
  options: EvaluateRoutellmOptions,
): RoutellmEvaluation {
  if (scores.length !== items.length) throw new RangeError(`${scores.length} scores for ${items.length} items`);
  const scored: ScoredOutcome[] = items.map((item, index) => ({
    score: scores[index] ?? Number.NaN,
    strong: item.strong,
    weak: item.weak,
  }));
  const metrics = routellmMetrics(scored, options.bins);
  const intervals = bootstrapRoutellmMetrics(scored, options);
  return options.prices === undefined
    ? { ...metrics, intervals }
    : { ...metrics, intervals, cost: costAtQuality(metrics.curve, options.prices) };
}
