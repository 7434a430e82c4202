import { formatUsd } from './format-usd.js';
import { newKeys, orderByKeys } from './order-by-keys.js';
import type { Candidate, Ranking, Strategy } from './strategy.js';

/**
 * Cheapest estimated cost for this request first; equal costs go to the higher quality, then to
 * configured order. A deployment without a price goes last: it is not assumed free, because an
 * unknown price is far more often a missing catalog entry than a free model (give it a `price` in
 * the config to rank it). The score is cheapest ÷ this cost (1 for the cheapest, 0 without a price).
 */
export function costStrategy(): Strategy {
  return { name: 'cost', needsCounter: false, needsTokens: true, rank: rankByCost };
}

function rankByCost(candidates: readonly Candidate[]): Ranking {
  const count = candidates.length;
  const keys = newKeys(count);
  const qualityKeys = newKeys(count);
  let cheapest = Number.POSITIVE_INFINITY;
  let priced = 0;
  for (let index = 0; index < count; index++) {
    const candidate = candidates[index]!;
    const cost = candidate.estimatedCostUsd;
    keys[index] = cost ?? Number.POSITIVE_INFINITY;
    if (cost !== undefined) {
      priced++;
      if (cost < cheapest) cheapest = cost;
    }
    const quality = candidate.deployment.quality;
    qualityKeys[index] = quality === undefined ? Number.POSITIVE_INFINITY : -quality;
  }
  const scores: Ranking['scores'] = new Map();
  for (let index = 0; index < count; index++) {
    const candidate = candidates[index]!;
    const cost = candidate.estimatedCostUsd;
    if (cost === undefined) scores.set(candidate.deployment.id, { score: 0, detail: 'no price (not assumed free)' });
    else scores.set(candidate.deployment.id, { score: relativeCost(cheapest, cost), detail: `est. ${formatUsd(cost)}` });
  }
  const ordered = orderByKeys(candidates, keys, qualityKeys);
  return { ordered, scores, reason: describe(ordered[0], priced, count) };
}

function relativeCost(cheapest: number, cost: number): number {
  if (cost === cheapest) return 1;
  return cost > 0 ? cheapest / cost : 0;
}

function describe(first: Candidate | undefined, priced: number, count: number): string {
  if (first === undefined) return 'cost: no candidates';
  const id = first.deployment.id;
  if (first.estimatedCostUsd === undefined) return `cost: ${id} first in configured order (no candidate has a price, ${count} candidates)`;
  const unpriced = count - priced;
  const note = unpriced > 0 ? `; ${unpriced} without a price ranked last` : '';
  return `cost: ${id} cheapest at ${formatUsd(first.estimatedCostUsd)} (of ${count}${note})`;
}
