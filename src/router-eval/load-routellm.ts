import { loadRoutellmGsm8k } from './load-routellm-gsm8k.js';
import { loadRoutellmMmlu } from './load-routellm-mmlu.js';
import { loadRoutellmMtBench } from './load-routellm-mt-bench.js';
import type { RoutellmData } from './routellm-item.js';

/** Where the data lives, relative to the repository root; the caller resolves it (it is never copied in). */
export const defaultRoutellmDirectory = '../shared/eval-data/routellm';

/**
 * Loads RouteLLM's evaluation data (see its README) after decontamination. Synchronous: it reads about
 * 8 MB once, before any scoring.
 */
export function loadRoutellm(directory: string): RoutellmData {
  return {
    mmlu: loadRoutellmMmlu(directory),
    gsm8k: loadRoutellmGsm8k(directory),
    mt_bench: loadRoutellmMtBench(directory),
  };
}
