import { describeExploration } from './describe-exploration.js';
import { findExploreIndex } from './find-explore-index.js';
import { formatShare } from './format-share.js';
import { newKeys, orderByKeys } from './order-by-keys.js';
import type { Candidate, Ranking, Strategy, StrategyContext } from './strategy.js';
import { withLazyScores } from './with-lazy-scores.js';

export interface HybridWeights {
  cost: number;
  latency: number;
  quality: number;
}

/** What an unknown cost, latency or quality counts as: neither rewarded nor punished against the others. */
const neutral = 0.5;

/**
 * A weighted score of cost, latency and quality. Each dimension is scored 0–1 relative to the best
 * candidate of this request (cost and latency: best ÷ this, so twice the price scores half; quality:
 * this ÷ best), so the weights trade proportions rather than dollars against milliseconds, and
 * near-identical deployments score near-identically (min–max scaling would turn a fraction of a
 * millisecond of noise into the whole latency weight, and herd traffic on it). Unknown values count as 0.5. score = Σ weight × value ÷ Σ weights; highest first, ties in configured order.
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
  let fastest = Number.POSITIVE_INFINITY;
  let best = Number.NEGATIVE_INFINITY;
  for (let index = 0; index < count; index++) {
    const candidate = candidates[index]!;
    const cost = candidate.estimatedCostUsd;
    if (cost !== undefined && cost < cheapest) cheapest = cost;
    const latency = candidate.estimatedLatencyMs;
    if (latency !== undefined && latency < fastest) fastest = latency;
    const quality = candidate.deployment.quality;
    if (quality !== undefined && quality > best) best = quality;
  }
  const totalWeight = weights.cost + weights.latency + weights.quality;
  const exploreIndex = weights.latency > 0 ? findExploreIndex(candidates) : -1;
  const keys = newKeys(count);
  for (let index = 0; index < count; index++) {
    keys[index] = index === exploreIndex ? Number.NEGATIVE_INFINITY : -weightedScore(candidates[index]!, weights, totalWeight, cheapest, fastest, best);
  }
  const ordered = orderByKeys(candidates, keys);
  const first = ordered[0];
  const reason = first === undefined ? 'hybrid: no candidates' : describe(first, scoreOf(first, weights, totalWeight, cheapest, fastest, best), weights, exploreIndex >= 0, context.now);
  return withLazyScores(ordered, reason, () => {
    const scores: Ranking['scores'] = new Map();
    for (const candidate of candidates) {
      const values = scoreOf(candidate, weights, totalWeight, cheapest, fastest, best);
      scores.set(candidate.deployment.id, { score: values.score, detail: describeValues(candidate, weights, values) });
    }
    return scores;
  });
}

interface Values {
  cost: number;
  latency: number;
  quality: number;
  score: number;
}

/**
 * Latencies are compared with this added to both sides: a gap well under a provider round trip is
 * noise (0.3 ms against 0.6 ms is not "twice as slow"), while 500 ms against 1,000 ms still scores
 * about half.
 */
const LATENCY_NOISE_MS = 100;

/** The score alone, for the ranking loop (no object per candidate). */
function weightedScore(candidate: Candidate, weights: HybridWeights, totalWeight: number, cheapest: number, fastest: number, best: number): number {
  if (totalWeight <= 0) return 0;
  const weighted =
    weights.cost * lowerIsBetter(candidate.estimatedCostUsd, cheapest) +
    weights.latency * latencyScore(candidate.estimatedLatencyMs, fastest) +
    weights.quality * higherIsBetter(candidate.deployment.quality, best);
  return weighted / totalWeight;
}

/** Each dimension's value and the score, for the reason line and the trace. */
function scoreOf(candidate: Candidate, weights: HybridWeights, totalWeight: number, cheapest: number, fastest: number, best: number): Values {
  const cost = lowerIsBetter(candidate.estimatedCostUsd, cheapest);
  const latency = latencyScore(candidate.estimatedLatencyMs, fastest);
  const quality = higherIsBetter(candidate.deployment.quality, best);
  const weighted = weights.cost * cost + weights.latency * latency + weights.quality * quality;
  return { cost, latency, quality, score: totalWeight > 0 ? weighted / totalWeight : 0 };
}

function latencyScore(value: number | undefined, fastest: number): number {
  if (value === undefined) return neutral;
  return (fastest + LATENCY_NOISE_MS) / (Math.max(value, fastest) + LATENCY_NOISE_MS);
}

/** Relative to the best candidate: twice the price of the cheapest scores half. */
function lowerIsBetter(value: number | undefined, lowest: number): number {
  if (value === undefined) return neutral;
  if (value <= lowest) return 1;
  return lowest > 0 ? lowest / value : 0;
}

function higherIsBetter(value: number | undefined, highest: number): number {
  if (value === undefined) return neutral;
  if (value >= highest) return 1;
  return highest > 0 ? value / highest : 0;
}

/** "cost 0.91 latency 0.75 quality 0.70", naming only the dimensions that carry weight and marking guesses. */
function describeValues(candidate: Candidate, weights: HybridWeights, values: Values): string {
  const { cost: costValue, latency: latencyValue, quality: qualityValue } = values;
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

function describe(first: Candidate, values: Values, weights: HybridWeights, exploring: boolean, now: number): string {
  const id = first.deployment.id;
  if (exploring) return `hybrid: exploring ${id} (${describeExploration(first, now)})`;
  return `hybrid: ${id} score ${formatShare(values.score)} (${describeValues(first, weights, values)})`;
}
