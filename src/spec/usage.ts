/**
 * Token usage with OpenAI semantics: `inputTokens` includes cached-read and cache-write tokens,
 * `outputTokens` includes reasoning tokens. Adapters convert their provider's counting to this.
 */
export interface Usage {
  inputTokens: number;
  outputTokens: number;
  /** Input tokens served from the provider's prompt cache (a subset of inputTokens). */
  cachedInputTokens: number;
  /** Input tokens written to the provider's prompt cache (a subset of inputTokens). */
  cacheWriteInputTokens: number;
  /** Output tokens spent on reasoning (a subset of outputTokens). */
  reasoningTokens: number;
}

export function emptyUsage(): Usage {
  return { inputTokens: 0, outputTokens: 0, cachedInputTokens: 0, cacheWriteInputTokens: 0, reasoningTokens: 0 };
}
