import type { ScoredOutcome } from './scored-outcome.js';

/** Scored outcomes as parallel arrays in ascending score order; `positionOf[i]` is where item i went. */
export interface SortedOutcomes {
  readonly scores: Float64Array;
  readonly strong: Float64Array;
  readonly weak: Float64Array;
  readonly positionOf: Uint32Array;
}

export function sortOutcomesByScore(items: readonly ScoredOutcome[]): SortedOutcomes {
  const count = items.length;
  if (count === 0) throw new RangeError('no items to evaluate');
  for (const [index, item] of items.entries()) {
    if (!Number.isFinite(item.score) || !Number.isFinite(item.strong) || !Number.isFinite(item.weak)) {
      throw new RangeError(`item ${index}: score and outcomes must be finite numbers`);
    }
  }
  const order = Array.from({ length: count }, (_, index) => index).sort(
    (left, right) => (items[left]?.score ?? 0) - (items[right]?.score ?? 0),
  );
  const sorted: SortedOutcomes = {
    scores: new Float64Array(count),
    strong: new Float64Array(count),
    weak: new Float64Array(count),
    positionOf: new Uint32Array(count),
  };
  for (const [position, index] of order.entries()) {
    const item = items[index];
    if (item === undefined) continue;
    sorted.scores[position] = item.score;
    sorted.strong[position] = item.strong;
    sorted.weak[position] = item.weak;
    sorted.positionOf[index] = position;
  }
  return sorted;
}
