import { describeExploration } from './describe-exploration.js';
import { findExploreIndex } from './find-explore-index.js';
import { newKeys, orderByKeys } from './order-by-keys.js';
import type { Candidate, Ranking, Strategy, StrategyContext } from './strategy.js';

/**
 * Lowest estimated latency first. The candidate the router chose to explore goes first, so a
 * deployment that was slow (or never measured) gets a fresh sample and can win again. Candidates
 * without an estimate go after those with one, in configured order: an unmeasured deployment is
 * not assumed fast.
 */
export function latencyStrategy(): Strategy {
  return { name: 'latency', needsCounter: false, needsTokens: false, rank: rankByLatency };
}

function rankByLatency(candidates: readonly Candidate[], context: StrategyContext): Ranking {
  const count = candidates.length;
  const exploreIndex = findExploreIndex(candidates);
  const keys = newKeys(count);
  const scores: Ranking['scores'] = new Map();
  for (let index = 0; index < count; index++) {
    const candidate = candidates[index]!;
    const estimate = candidate.estimatedLatencyMs;
    if (index === exploreIndex) {
      keys[index] = Number.NEGATIVE_INFINITY;
      scores.set(candidate.deployment.id, { score: 1, detail: `exploring (${describeExploration(candidate, context.now)})` });
    } else if (estimate === undefined) {
      keys[index] = Number.POSITIVE_INFINITY;
      scores.set(candidate.deployment.id, { score: 0, detail: 'no latency estimate' });
    } else {
      keys[index] = estimate;
      scores.set(candidate.deployment.id, { score: 1 / (1 + estimate), detail: `est. ${Math.round(estimate)} ms` });
    }
  }
  const ordered = orderByKeys(candidates, keys);
  return { ordered, scores, reason: describe(ordered[0], exploreIndex >= 0, count, context.now) };
}

function describe(first: Candidate | undefined, exploring: boolean, count: number, now: number): string {
  if (first === undefined) return 'latency: no candidates';
  const id = first.deployment.id;
  if (exploring) return `latency: exploring ${id} (${describeExploration(first, now)})`;
  if (first.estimatedLatencyMs === undefined) return `latency: ${id} first in configured order (no latency estimate yet, ${count} candidates)`;
  return `latency: ${id} fastest (est. ${Math.round(first.estimatedLatencyMs)} ms, of ${count})`;
}
