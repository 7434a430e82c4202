/**
 * Token usage with OpenAI semantics: `inputTokens` includes cached-read and cache-write tokens,
 * `outputTokens` includes reasoning tokens. Adapters convert their provider's counting to this, so
 * the one cost function (catalog/compute-cost.ts) never needs to know which provider answered.
 */
export interface Usage {
  inputTokens: number;
  outputTokens: number;
  /** Input tokens served from the provider's prompt cache (a subset of inputTokens). */
  cachedInputTokens: number;
  /** Input tokens written to the provider's prompt cache (a subset of inputTokens). */
  cacheWriteInputTokens: number;
  /**
   * The part of cacheWriteInputTokens written with the long lifetime (Anthropic's 1-hour TTL, also
   * on Claude through Bedrock), which costs more than a 5-minute write (2× input instead of 1.25×).
   * Set only when the provider reports the split and the count is above zero; absent means every
   * cache write was a short one.
   */
  cacheWriteLongInputTokens?: number;
  /** Output tokens spent on reasoning (a subset of outputTokens). */
  reasoningTokens: number;
  /**
   * What the provider bills, where that differs from what it counts (Cohere's `billed_units` leave
   * out its own prompt template, cached or not). Set only when they differ. When present, cost is
   * computed from these counts at the plain input and output rates instead of from the counted
   * tokens; clients still see the counted tokens.
   */
  billedInputTokens?: number;
  billedOutputTokens?: number;
}

export function emptyUsage(): Usage {
  return { inputTokens: 0, outputTokens: 0, cachedInputTokens: 0, cacheWriteInputTokens: 0, reasoningTokens: 0 };
}
