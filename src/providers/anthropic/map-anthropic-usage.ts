import { emptyUsage, type Usage } from '../../spec/usage.js';
import type { AnthropicUsage } from './anthropic-wire.js';

/**
 * Anthropic usage → canonical usage (OpenAI semantics, PROVIDER-MAPPING §4). Anthropic's
 * `input_tokens` leaves out the prompt-cache tokens, so the canonical input is their sum:
 * `input_tokens + cache_creation_input_tokens + cache_read_input_tokens`, with cache reads as
 * `cachedInputTokens` and cache writes as `cacheWriteInputTokens`. `output_tokens` already includes
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
  const cacheWrite = numberOr(usage.cache_creation_input_tokens, undefined);
  const cacheRead = numberOr(usage.cache_read_input_tokens, undefined);
  if (uncached !== undefined || cacheWrite !== undefined || cacheRead !== undefined) {
    const previousUncached = result.inputTokens - result.cachedInputTokens - result.cacheWriteInputTokens;
    result.cacheWriteInputTokens = cacheWrite ?? result.cacheWriteInputTokens;
    result.cachedInputTokens = cacheRead ?? result.cachedInputTokens;
    result.inputTokens = (uncached ?? previousUncached) + result.cacheWriteInputTokens + result.cachedInputTokens;
  }
  result.outputTokens = numberOr(usage.output_tokens, result.outputTokens);
  const thinking = usage.output_tokens_details?.thinking_tokens;
  if (typeof thinking === 'number') result.reasoningTokens = thinking;
  return result;
}

function numberOr<T>(value: unknown, fallback: T): number | T {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}
