import type { Usage } from '../../spec/usage.js';
import type { GeminiUsageMetadata } from './gemini-wire.js';

/**
 * Gemini's `usageMetadata` → canonical usage (OpenAI semantics; PROVIDER-MAPPING §4):
 * - input = `promptTokenCount` (which already includes cached tokens) + `toolUsePromptTokenCount`
 *   (results of Google-run tools fed back to the model, billed as input), so input + output equals
 *   Gemini's `totalTokenCount`;
 * - output = `candidatesTokenCount` + `thoughtsTokenCount` (candidates exclude thoughts);
 * - cached = `cachedContentTokenCount`; reasoning = `thoughtsTokenCount`; Gemini bills no cache
 *   writes (context-cache storage is billed by the hour, not per request).
 */
export function mapGeminiUsage(metadata: GeminiUsageMetadata): Usage {
  const count = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) ? value : 0);
  const thoughts = count(metadata.thoughtsTokenCount);
  return {
    inputTokens: count(metadata.promptTokenCount) + count(metadata.toolUsePromptTokenCount),
    outputTokens: count(metadata.candidatesTokenCount) + thoughts,
    cachedInputTokens: count(metadata.cachedContentTokenCount),
    cacheWriteInputTokens: 0,
    reasoningTokens: thoughts,
  };
}
