import type { Usage } from '../../spec/usage.js';

const CANONICAL_KEYS = new Set(['prompt_tokens', 'completion_tokens', 'total_tokens']);

/** How a service's usage differs from OpenAI's, as data (openai-compatible-services.ts). */
export interface UsageQuirks {
  /** xAI counts reasoning tokens outside completion_tokens; OpenAI semantics count them inside. */
  completionExcludesReasoning?: boolean;
}

/**
 * OpenAI-shaped usage → canonical usage, plus the fields with no canonical home (details objects,
 * OpenRouter `cost`, DeepSeek cache counts) so an OpenAI client still receives them.
 *
 * OpenAI's usage already has the canonical meaning (openai-openapi CompletionUsage):
 * `prompt_tokens` includes `prompt_tokens_details.cached_tokens` (the prompt-caching guide bills
 * them at the cached rate) and `completion_tokens` includes
 * `completion_tokens_details.reasoning_tokens`. Services that follow OpenAI use the same fields (xAI's
 * prompt-caching page shows `prompt_tokens_details.cached_tokens`, for one); the differences:
 * - DeepSeek reports cache hits as `prompt_cache_hit_tokens` (its `prompt_cache_miss_tokens` is the
 *   rest of `prompt_tokens`), and lately repeats them in `prompt_tokens_details.cached_tokens`;
 * - OpenRouter reports cache writes as `prompt_tokens_details.cache_write_tokens`;
 * - xAI counts reasoning outside `completion_tokens` (Google's Grok docs: "the reasoning token count
 *   is outputted in the reasoning_tokens field, separated from the completion_tokens"), see quirks;
 * - llama.cpp reports prompt-cache hits only in `timings.cache_n`;
 * - Groq nests streamed usage in `x_groq.usage` (the chunk decoder finds it).
 * A cache count of 0 in one field does not hide a count reported in another.
 */
export function mapOpenAIUsage(
  raw: Record<string, unknown>,
  quirks: UsageQuirks = {},
  /** llama.cpp's `timings` object: the only place it reports prompt-cache hits (`cache_n`). */
  timings?: Record<string, unknown>,
): { usage: Usage; extra: Record<string, unknown> | undefined } {
  const promptDetails = raw.prompt_tokens_details as Record<string, unknown> | null | undefined;
  const completionDetails = raw.completion_tokens_details as Record<string, unknown> | null | undefined;
  const usage: Usage = {
    inputTokens: toCount(raw.prompt_tokens),
    outputTokens: toCount(raw.completion_tokens),
    cachedInputTokens: toCount(promptDetails?.cached_tokens) || toCount(raw.prompt_cache_hit_tokens) || toCount(timings?.cache_n),
    cacheWriteInputTokens: toCount(promptDetails?.cache_write_tokens),
    reasoningTokens: toCount(completionDetails?.reasoning_tokens),
  };
  if (quirks.completionExcludesReasoning === true) usage.outputTokens += usage.reasoningTokens;
  let extra: Record<string, unknown> | undefined;
  for (const key in raw) {
    if (CANONICAL_KEYS.has(key)) continue;
    (extra ??= {})[key] = raw[key];
  }
  return { usage, extra };
}

function toCount(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}
