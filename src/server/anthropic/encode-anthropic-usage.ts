import type { Usage } from '../../spec/usage.js';

export interface AnthropicUsage {
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
  output_tokens_details?: { thinking_tokens: number };
}

/**
 * Canonical usage (OpenAI semantics: input includes cache reads and writes) → Anthropic's, where
 * `input_tokens` counts only the uncached rest and the two cache counts stand beside it; output
 * includes thinking in both, and the thinking share is broken out when there was any.
 */
export function encodeAnthropicUsage(usage: Usage): AnthropicUsage {
  const encoded: AnthropicUsage = {
    input_tokens: Math.max(0, usage.inputTokens - usage.cachedInputTokens - usage.cacheWriteInputTokens),
    output_tokens: usage.outputTokens,
    cache_creation_input_tokens: usage.cacheWriteInputTokens,
    cache_read_input_tokens: usage.cachedInputTokens,
  };
  if (usage.reasoningTokens > 0) encoded.output_tokens_details = { thinking_tokens: usage.reasoningTokens };
  return encoded;
}
