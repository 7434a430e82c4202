import type { Candidate, Ranking } from './strategy.js';

/**
 * A ranking whose per-candidate scores and detail strings are built on first read: they are for the
 * decision trace, which most requests never format, and building them (a map, a string per
 * candidate) cost more than the ranking itself.
 */
export function withLazyScores(ordered: Candidate[], reason: string, build: () => Ranking['scores']): Ranking {
  let built: Ranking['scores'] | undefined;
  return {
    ordered,
    reason,
    get scores() {
      built ??= build();
      return built;
    },
  };
}
