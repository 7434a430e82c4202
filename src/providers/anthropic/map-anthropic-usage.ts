import { emptyUsage, type Usage } from '../../spec/usage.js';
import type { AnthropicUsage } from './anthropic-wire.js';

/**
 * Anthropic usage → canonical usage (OpenAI semantics, PROVIDER-MAPPING §4).
 *
 * Anthropic counts the prompt in three disjoint parts (Messages API `usage`; prompt caching guide,
 * platform.claude.com/docs/en/build-with-claude/prompt-caching): `input_tokens` is only the input
 * after the last cache breakpoint, neither read from nor written to the cache;
 * `cache_read_input_tokens` were read from the cache; `cache_creation_input_tokens` were written to
 * it. The canonical input is their sum, with reads as `cachedInputTokens` and writes as
 * `cacheWriteInputTokens`. `cache_creation` splits the writes by lifetime
 * (`ephemeral_5m_input_tokens`, `ephemeral_1h_input_tokens`: "input tokens used to create the 5
 * minute / 1 hour cache entry", anthropic-sdk CacheCreation); the 1-hour ones are billed at 2× input
 * instead of 1.25×, so they are kept as `cacheWriteLongInputTokens`. `output_tokens` already includes
 * thinking; `output_tokens_details.thinking_tokens` is the reasoning share when the API reports it.
 *
 * `previous` is the usage known so far in a stream: `message_delta` repeats the output count as a
 * running total and may leave the input fields out (older API behaviour), so absent fields keep
 * their earlier values.
 */
export function mapAnthropicUsage(usage: AnthropicUsage | null | undefined, previous?: Usage): Usage {
  const result = previous === undefined ? emptyUsage() : { ...previous };
  if (usage === null || usage === undefined || typeof usage !== 'object') return result;
  const uncached = numberOr(usage.input_tokens, undefined);
  const byLifetime = usage.cache_creation !== null && typeof usage.cache_creation === 'object' ? usage.cache_creation : undefined;
  const shortWrites = numberOr(byLifetime?.ephemeral_5m_input_tokens, undefined);
  const longWrites = numberOr(byLifetime?.ephemeral_1h_input_tokens, undefined);
  const splitTotal = shortWrites === undefined && longWrites === undefined ? undefined : (shortWrites ?? 0) + (longWrites ?? 0);
  const cacheWrite = numberOr(usage.cache_creation_input_tokens, splitTotal);
  const cacheRead = numberOr(usage.cache_read_input_tokens, undefined);
  if (uncached !== undefined || cacheWrite !== undefined || cacheRead !== undefined) {
    const previousUncached = result.inputTokens - result.cachedInputTokens - result.cacheWriteInputTokens;
    result.cacheWriteInputTokens = cacheWrite ?? result.cacheWriteInputTokens;
    result.cachedInputTokens = cacheRead ?? result.cachedInputTokens;
    result.inputTokens = (uncached ?? previousUncached) + result.cacheWriteInputTokens + result.cachedInputTokens;
  }
  if (longWrites !== undefined) {
    if (longWrites > 0) result.cacheWriteLongInputTokens = longWrites;
    else delete result.cacheWriteLongInputTokens;
  }
  result.outputTokens = numberOr(usage.output_tokens, result.outputTokens);
  const thinking = usage.output_tokens_details?.thinking_tokens;
  if (typeof thinking === 'number') result.reasoningTokens = thinking;
  return result;
}

function numberOr<T>(value: unknown, fallback: T): number | T {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}
