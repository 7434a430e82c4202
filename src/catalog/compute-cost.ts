import type { Usage } from '../spec/usage.js';
import type { Price } from './catalog-schema.js';

export interface Cost {
  inputUsd: number;
  outputUsd: number;
  totalUsd: number;
}

/**
 * The one place where a request's cost is computed. Usage has OpenAI semantics (input includes
 * cached and cache-write tokens), so those are taken out of the plain-input count and priced at
 * their own rates; a missing cached/cache-write rate falls back to the input rate. Reasoning tokens
 * are output tokens and priced as such (every provider we know bills them at the output rate).
 */
export function computeCost(usage: Usage, price: Price | undefined): Cost {
  if (price === undefined) return { inputUsd: 0, outputUsd: 0, totalUsd: 0 };
  const plainInput = Math.max(0, usage.inputTokens - usage.cachedInputTokens - usage.cacheWriteInputTokens);
  const inputUsd =
    (plainInput * price.input +
      usage.cachedInputTokens * (price.cached_input ?? price.input) +
      usage.cacheWriteInputTokens * (price.cache_write ?? price.input)) /
    1_000_000;
  const outputUsd = (usage.outputTokens * price.output) / 1_000_000;
  return { inputUsd, outputUsd, totalUsd: inputUsd + outputUsd };
}
