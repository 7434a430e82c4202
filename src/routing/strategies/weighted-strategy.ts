import { newKeys, orderByKeys } from './order-by-keys.js';
import type { Candidate, Ranking, Strategy, StrategyContext } from './strategy.js';

/**
 * A weighted random order without replacement (Efraimidis–Spirakis): each candidate draws
 * u^(1/weight) and the largest goes first, so the first place falls to a candidate in proportion to
 * its weight and the rest of the order is a weighted draw among the others. It is computed as the
 * exponential clock −ln(u)/weight (smallest first), which orders identically without a pow per candidate.
 * A weight of 0 (or below) means "only as a fallback": those go last, in configured order.
 */
export function weightedStrategy(): Strategy {
  return { name: 'weighted', needsCounter: false, needsTokens: false, rank: rankByWeight };
}

function rankByWeight(candidates: readonly Candidate[], context: StrategyContext): Ranking {
  const count = candidates.length;
  const keys = newKeys(count);
  const scores: Ranking['scores'] = new Map();
  let totalWeight = 0;
  for (let index = 0; index < count; index++) {
    const deployment = candidates[index]!.deployment;
    const weight = deployment.weight;
    if (weight > 0) {
      totalWeight += weight;
      // 1 − u lies in (0, 1], so the logarithm is finite: a draw of exactly 0 does not push a candidate last.
      const clock = -Math.log(1 - context.random()) / weight;
      keys[index] = clock;
      scores.set(deployment.id, { score: Math.exp(-clock), detail: `weight ${weight}` });
    } else {
      keys[index] = Number.POSITIVE_INFINITY;
      scores.set(deployment.id, { score: 0, detail: `weight ${weight} (fallback only)` });
    }
  }
  const ordered = orderByKeys(candidates, keys);
  return { ordered, scores, reason: describe(ordered[0], totalWeight, count) };
}

function describe(first: Candidate | undefined, totalWeight: number, count: number): string {
  if (first === undefined) return 'weighted: no candidates';
  const weight = first.deployment.weight;
  if (weight <= 0) return `weighted: ${first.deployment.id} first in configured order (every weight is 0)`;
  return `weighted: ${first.deployment.id} drawn with weight ${weight} of ${totalWeight} (${Math.round((weight / totalWeight) * 100)}% chance, ${count} candidates)`;
}
