import { createSeededRandom } from '../simulator/create-seeded-random.js';

/** The random baseline: one uniform [0, 1) draw per prompt, in order, from a seeded mulberry32. */
export function randomScores(count: number, seed: number): number[] {
  const random = createSeededRandom(seed);
  return Array.from({ length: count }, () => random());
}
