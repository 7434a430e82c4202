import type { LoadOptions, LoadResult } from './load-result.js';
import { runAutocannon } from './run-autocannon.js';
import { runWrk, wrkAvailable } from './run-wrk.js';

export type LoadGenerator = 'wrk' | 'autocannon';

/** wrk when installed (or when asked for), else autocannon, saying how to install wrk. */
export function chooseLoadGenerator(forced: LoadGenerator | undefined, log: (line: string) => void): LoadGenerator {
  if (forced === 'autocannon') return 'autocannon';
  if (wrkAvailable()) return 'wrk';
  if (forced === 'wrk') throw new Error('BENCH_LOAD=wrk but wrk is not installed: apt-get install -y wrk');
  log(
    'wrk is not installed, falling back to autocannon (a Node load generator: it takes far more of core 1, so numbers are lower).\n' +
      'Install wrk for comparable numbers: sudo apt-get update && sudo apt-get install -y wrk',
  );
  return 'autocannon';
}

export function runLoad(generator: LoadGenerator, options: LoadOptions): Promise<LoadResult> {
  return generator === 'wrk' ? runWrk(options) : runAutocannon(options);
}
