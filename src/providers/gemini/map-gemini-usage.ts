import type { Usage } from '../../spec/usage.js';
import type { GeminiUsageMetadata } from './gemini-wire.js';

/**
 * Gemini's `usageMetadata` → canonical usage (OpenAI semantics; PROVIDER-MAPPING §4). The API
 * reference (GenerateContentResponse.UsageMetadata, the same on Vertex AI) says:
 * `promptTokenCount` "when cachedContent is set, is still the total effective prompt size meaning
 * this includes the number of tokens in the cached content"; `cachedContentTokenCount` is the
 * cached part of it (implicit-cache hits included); `candidatesTokenCount` counts the response
 * candidates and `thoughtsTokenCount` the thinking, which the candidates leave out. So:
 * - input = `promptTokenCount` + `toolUsePromptTokenCount` (results of Google-run tools fed back to
 *   the model, billed as input), so input + output equals Gemini's `totalTokenCount`;
 * - output = `candidatesTokenCount` + `thoughtsTokenCount`; reasoning = `thoughtsTokenCount` (the
 *   pricing page's output price is "including thinking tokens");
 * - cached = `cachedContentTokenCount`; Gemini bills no cache writes per request (creating an
 *   explicit cache and storing it by the hour are billed apart from requests and not modelled).
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
