import { createSeededRandom } from '../simulator/create-seeded-random.js';

/**
 * Protocol B's split: `trainSize` items drawn at random (a seeded Fisher–Yates shuffle of positions) to
 * train on, the rest to test on. Both keep the items' original order, so a test set's bootstrap and its
 * `--scores-out` lines follow the data files.
 */
export function seededSplit<T>(items: readonly T[], trainSize: number, seed: number): { train: T[]; test: T[] } {
  if (!Number.isInteger(trainSize) || trainSize < 1 || trainSize >= items.length) {
    throw new RangeError(`a training set of ${trainSize} from ${items.length} items leaves no test set; use 1 to ${items.length - 1}`);
  }
  const random = createSeededRandom(seed);
  const positions = Array.from(items, (_, index) => index);
  for (let last = positions.length - 1; last > 0; last--) {
    const pick = Math.floor(random() * (last + 1));
    [positions[last], positions[pick]] = [positions[pick]!, positions[last]!];
  }
  const inTrain = new Set(positions.slice(0, trainSize));
  const train: T[] = [];
  const test: T[] = [];
  items.forEach((item, index) => (inTrain.has(index) ? train : test).push(item));
  return { train, test };
}
