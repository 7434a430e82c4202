import type { Candidate } from './strategy.js';

/** Below this many candidates an insertion sort beats Array#sort (no comparator closure, no call per comparison). */
const insertionSortLimit = 24;

/**
 * The candidates ordered by `primary` ascending, then `secondary`, then `tertiary` (when given), then
 * their given order: the one stable sort every ranking strategy uses. Strategies encode "best first" as the
 * smallest key and "unknown last" as +Infinity, so no candidate is ever dropped.
 */
export function orderByKeys(candidates: readonly Candidate[], primary: ArrayLike<number>, secondary?: ArrayLike<number>, tertiary?: ArrayLike<number>): Candidate[] {
  const count = candidates.length;
  const order = newKeys(count);
  for (let index = 0; index < count; index++) order[index] = index;
  if (count <= insertionSortLimit) {
    for (let index = 1; index < count; index++) {
      const moving = order[index]!;
      let at = index - 1;
      while (at >= 0 && comesAfter(order[at]!, moving, primary, secondary, tertiary)) {
        order[at + 1] = order[at]!;
        at--;
      }
      order[at + 1] = moving;
    }
  } else {
    // The index tie-break makes the result stable whatever the engine's sort guarantees.
    order.sort((left, right) => (comesAfter(left, right, primary, secondary, tertiary) ? 1 : comesAfter(right, left, primary, secondary, tertiary) ? -1 : left - right));
  }
  const ordered = new Array<Candidate>(count);
  for (let index = 0; index < count; index++) ordered[index] = candidates[order[index]!]!;
  return ordered;
}

function comesAfter(
  left: number,
  right: number,
  primary: ArrayLike<number>,
  secondary: ArrayLike<number> | undefined,
  tertiary: ArrayLike<number> | undefined,
): boolean {
  const leftKey = primary[left]!;
  const rightKey = primary[right]!;
  if (leftKey !== rightKey) return leftKey > rightKey;
  if (secondary === undefined) return false;
  const leftSecond = secondary[left]!;
  const rightSecond = secondary[right]!;
  if (leftSecond !== rightSecond) return leftSecond > rightSecond;
  return tertiary !== undefined && tertiary[left]! > tertiary[right]!;
}

/**
 * A key array for `count` candidates: a plain array (on the heap, freed by a scavenge) rather than a
 * typed array, whose off-heap backing store costs more to allocate and free than ten numbers are worth.
 */
export function newKeys(count: number): number[] {
  const keys: number[] = [];
  for (let index = 0; index < count; index++) keys.push(0);
  return keys;
}
