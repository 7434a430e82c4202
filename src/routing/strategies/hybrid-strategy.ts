import { describeExploration } from './describe-exploration.js';
import { findExploreIndex } from './find-explore-index.js';
import { formatShare } from './format-share.js';
import { orderByKeys } from './order-by-keys.js';
import type { Candidate, Ranking, Strategy, StrategyContext } from './strategy.js';

export interface HybridWeights {
  cost: number;
  latency: number;
  quality: number;
}

/** What an unknown cost, latency or quality counts as: neither rewarded nor punished against the others. */
const neutral = 0.5;

/**
 * A weighted score of cost, latency and quality. Each dimension is min–max normalised across this
 * request's candidates to 0–1 (cost and latency: lower is better, so 1 − normalised; all equal: 1 for
 * all), so the weights trade relative positions rather than dollars against milliseconds. Unknown
 * values count as 0.5. score = Σ weight × value ÷ Σ weights; highest first, ties in configured order.
 * When latency counts, the candidate the router chose to explore goes first, as under `latency`.
 */
export function hybridStrategy(weights: HybridWeights): Strategy {
  const fixed: HybridWeights = { cost: Math.max(0, weights.cost), latency: Math.max(0, weights.latency), quality: Math.max(0, weights.quality) };
  return {
    name: 'hybrid',
    needsCounter: false,
    needsTokens: fixed.cost > 0,
    rank: (candidates, context) => rankByScore(candidates, context, fixed),
  };
}

function rankByScore(candidates: readonly Candidate[], context: StrategyContext, weights: HybridWeights): Ranking {
  const count = candidates.length;
  let cheapest = Number.POSITIVE_INFINITY;
  let dearest = Number.NEGATIVE_INFINITY;
  let fastest = Number.POSITIVE_INFINITY;
  let slowest = Number.NEGATIVE_INFINITY;
  let worst = Number.POSITIVE_INFINITY;
  let best = Number.NEGATIVE_INFINITY;
  for (let index = 0; index < count; index++) {
    const candidate = candidates[index]!;
    const cost = candidate.estimatedCostUsd;
    if (cost !== undefined) {
      if (cost < cheapest) cheapest = cost;
      if (cost > dearest) dearest = cost;
    }
    const latency = candidate.estimatedLatencyMs;
    if (latency !== undefined) {
      if (latency < fastest) fastest = latency;
      if (latency > slowest) slowest = latency;
    }
    const quality = candidate.deployment.quality;
    if (quality !== undefined) {
      if (quality < worst) worst = quality;
      if (quality > best) best = quality;
    }
  }
  const totalWeight = weights.cost + weights.latency + weights.quality;
  const exploreIndex = weights.latency > 0 ? findExploreIndex(candidates) : -1;
  const keys = new Float64Array(count);
  const scores: Ranking['scores'] = new Map();
  for (let index = 0; index < count; index++) {
    const candidate = candidates[index]!;
    const costValue = lowerIsBetter(candidate.estimatedCostUsd, cheapest, dearest);
    const latencyValue = lowerIsBetter(candidate.estimatedLatencyMs, fastest, slowest);
    const qualityValue = higherIsBetter(candidate.deployment.quality, worst, best);
    const weighted = weights.cost * costValue + weights.latency * latencyValue + weights.quality * qualityValue;
    const score = totalWeight > 0 ? weighted / totalWeight : 0;
    keys[index] = index === exploreIndex ? Number.NEGATIVE_INFINITY : -score;
    scores.set(candidate.deployment.id, { score, detail: describeValues(candidate, weights, costValue, latencyValue, qualityValue) });
  }
  const ordered = orderByKeys(candidates, keys);
  return { ordered, scores, reason: describe(ordered[0], scores, exploreIndex >= 0, context.now) };
}

function lowerIsBetter(value: number | undefined, lowest: number, highest: number): number {
  if (value === undefined) return neutral;
  return highest > lowest ? 1 - (value - lowest) / (highest - lowest) : 1;
}

function higherIsBetter(value: number | undefined, lowest: number, highest: number): number {
  if (value === undefined) return neutral;
  return highest > lowest ? (value - lowest) / (highest - lowest) : 1;
}

/** "cost 0.91 latency 0.75 quality 0.70", naming only the dimensions that carry weight and marking guesses. */
function describeValues(candidate: Candidate, weights: HybridWeights, costValue: number, latencyValue: number, qualityValue: number): string {
  let detail = '';
  if (weights.cost > 0) detail = `cost ${formatShare(costValue)}${candidate.estimatedCostUsd === undefined ? ' (no price)' : ''}`;
  if (weights.latency > 0) {
    const unknown = candidate.estimatedLatencyMs === undefined ? ' (no estimate)' : '';
    detail += `${detail === '' ? '' : ' '}latency ${formatShare(latencyValue)}${unknown}`;
  }
  if (weights.quality > 0) {
    const unknown = candidate.deployment.quality === undefined ? ' (no score)' : '';
    detail += `${detail === '' ? '' : ' '}quality ${formatShare(qualityValue)}${unknown}`;
  }
  return detail;
}

function describe(first: Candidate | undefined, scores: Ranking['scores'], exploring: boolean, now: number): string {
  if (first === undefined) return 'hybrid: no candidates';
  const id = first.deployment.id;
  if (exploring) return `hybrid: exploring ${id} (${describeExploration(first, now)})`;
  const entry = scores.get(id)!;
  return `hybrid: ${id} score ${formatShare(entry.score)} (${entry.detail})`;
}
