import type { Usage } from '../../spec/usage.js';

const CANONICAL_KEYS = new Set(['prompt_tokens', 'completion_tokens', 'total_tokens']);

/**
 * OpenAI-shaped usage → canonical usage, plus the fields with no canonical home (details objects,
 * OpenRouter `cost`, DeepSeek cache counts) so an OpenAI client still receives them.
 * DeepSeek reports cache hits as `prompt_cache_hit_tokens`; Groq nests usage in `x_groq.usage`.
 */
export interface UsageQuirks {
  /** xAI counts reasoning tokens outside completion_tokens; OpenAI semantics count them inside. */
  completionExcludesReasoning?: boolean;
}

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
    cachedInputTokens: toCount(promptDetails?.cached_tokens ?? raw.prompt_cache_hit_tokens ?? timings?.cache_n),
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
