import { routellmThresholds } from './routellm-thresholds.js';
import type { ScoredOutcome } from './scored-outcome.js';
import { type SortedOutcomes, sortOutcomesByScore } from './sorted-outcomes.js';

export interface RoutellmCurvePoint {
  /** Prompts scoring ≥ this (> for the last, highest threshold) go to the strong model. */
  readonly threshold: number;
  /** Realised share of prompts sent to the strong model, 0–1. */
  readonly strongShare: number;
  /** Mean outcome of the model each prompt was sent to. */
  readonly quality: number;
  /** (quality − weakQuality) / (strongQuality − weakQuality); NaN when the two models tie. */
  readonly pgr: number;
}

export interface RoutellmCurve {
  readonly weakQuality: number;
  readonly strongQuality: number;
  /** One point per threshold (11 for 10 bins), in ascending strong share (descending threshold). */
  readonly points: readonly RoutellmCurvePoint[];
}

/** The threshold sweep of RouteLLM's `Benchmark.evaluate` (see routellm-metrics.ts for the details). */
export function routellmCurve(items: readonly ScoredOutcome[], bins = 10): RoutellmCurve {
  return sweepSortedOutcomes(sortOutcomesByScore(items), bins);
}

/** The sweep on outcomes already in score order, so the bootstrap can resample without re-sorting. */
export function sweepSortedOutcomes(sorted: SortedOutcomes, bins = 10): RoutellmCurve {
  const { scores, strong, weak } = sorted;
  const count = scores.length;
  // weakBefore[i]: weak outcomes of prompts 0..i-1; strongFrom[i]: strong outcomes of prompts i..n-1.
  const weakBefore = new Float64Array(count + 1);
  const strongFrom = new Float64Array(count + 1);
  for (let index = 0; index < count; index++) {
    weakBefore[index + 1] = (weakBefore[index] ?? 0) + (weak[index] ?? 0);
  }
  for (let index = count - 1; index >= 0; index--) {
    strongFrom[index] = (strongFrom[index + 1] ?? 0) + (strong[index] ?? 0);
  }
  const weakQuality = (weakBefore[count] ?? 0) / count;
  const strongQuality = (strongFrom[0] ?? 0) / count;
  const gap = strongQuality - weakQuality;

  const thresholds = routellmThresholds(scores, bins);
  const points = thresholds.map((threshold, edge) => {
    const firstStrong = edge === bins ? firstIndexAbove(scores, threshold) : firstIndexAtLeast(scores, threshold);
    const quality = ((weakBefore[firstStrong] ?? 0) + (strongFrom[firstStrong] ?? 0)) / count;
    return {
      threshold,
      strongShare: (count - firstStrong) / count,
      quality,
      pgr: gap === 0 ? Number.NaN : (quality - weakQuality) / gap,
    };
  });
  return { weakQuality, strongQuality, points: points.reverse() };
}

function firstIndexAtLeast(sortedScores: Float64Array, threshold: number): number {
  let low = 0;
  let high = sortedScores.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((sortedScores[middle] ?? 0) >= threshold) high = middle;
    else low = middle + 1;
  }
  return low;
}

function firstIndexAbove(sortedScores: Float64Array, threshold: number): number {
  let low = 0;
  let high = sortedScores.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((sortedScores[middle] ?? 0) > threshold) high = middle;
    else low = middle + 1;
  }
  return low;
}
