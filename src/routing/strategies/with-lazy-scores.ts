import type { Candidate, Ranking } from './strategy.js';

/**
 * A ranking whose per-candidate scores and detail strings are built on first read: they are for the
 * decision trace, which most requests never format, and building them (a map, a string per
 * candidate) cost more than the ranking itself.
 *
 * A class, not an object literal with a getter: V8 gives every such literal its own hidden class (the
 * getter is a new closure each time), allocated outside the young generation, which made each
 * scavenge of a hybrid-routed gateway promote ~0.7 MB and cost 7× as much.
 */
class LazyRanking implements Ranking {
  private built: Ranking['scores'] | undefined;

  constructor(
    readonly ordered: Candidate[],
    readonly reason: string,
    private readonly build: () => Ranking['scores'],
  ) {}

  get scores(): Ranking['scores'] {
    this.built ??= this.build();
    return this.built;
  }
}

export function withLazyScores(ordered: Candidate[], reason: string, build: () => Ranking['scores']): Ranking {
  return new LazyRanking(ordered, reason, build);
}
