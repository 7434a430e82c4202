import type { Candidate } from './strategy.js';

/**
 * The position of the candidate that goes first to refresh its latency figures, or -1. The router
 * flags a candidate only when it holds the exploration slot, so the strategies honour the first flag
 * and treat any later one as an ordinary candidate.
 */
export function findExploreIndex(candidates: readonly Candidate[]): number {
  for (let index = 0; index < candidates.length; index++) if (candidates[index]!.explore) return index;
  return -1;
}
