import { RouterCliError } from './router-cli-error.js';

const MAXIMUM_SEED = 2 ** 32 - 1;

/**
 * `--seeds`: a range `0-4`, a list `0,1,2`, or one seed `3` (lists may mix both: `0-2,7`). Seeds are
 * integers 0 to 2^32 − 1 (the seeded random takes 32 bits); duplicates are an error, order is kept.
 */
export function parseSeeds(text: string): number[] {
  const seeds: number[] = [];
  for (const part of text.split(',')) {
    const range = /^\s*(\d+)\s*-\s*(\d+)\s*$/.exec(part);
    const single = /^\s*(\d+)\s*$/.exec(part);
    if (range !== null) {
      const first = Number(range[1]);
      const last = Number(range[2]);
      if (first > last) throw new RouterCliError(`--seeds: the range "${part.trim()}" runs backwards`);
      if (last - first >= 1000) throw new RouterCliError(`--seeds: the range "${part.trim()}" has more than 1,000 seeds`);
      for (let seed = first; seed <= last; seed++) seeds.push(seed);
    } else if (single !== null) {
      seeds.push(Number(single[1]));
    } else {
      throw new RouterCliError(`--seeds: "${text}" is not a seed list; use a range such as 0-4 or a list such as 0,1,2`);
    }
  }
  for (const [index, seed] of seeds.entries()) {
    if (seed > MAXIMUM_SEED) throw new RouterCliError(`--seeds: ${seed} is above ${MAXIMUM_SEED}`);
    if (seeds.indexOf(seed) !== index) throw new RouterCliError(`--seeds: seed ${seed} is given twice`);
  }
  return seeds;
}
