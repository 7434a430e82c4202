import type { Usage } from '../../spec/usage.js';
import type { BedrockUsage } from './bedrock-wire.js';

/**
 * Bedrock TokenUsage → canonical usage (OpenAI semantics: input includes cached tokens).
 *
 * With prompt caching Bedrock's `inputTokens` counts only the input that was neither read from nor
 * written to the cache: the user guide (docs.aws.amazon.com/bedrock/latest/userguide/prompt-caching.html)
 * charges "tokens not read from or written to cache" at the standard input rate beside the reads
 * (`cacheReadInputTokens`, "input tokens read from the cache") and writes (`cacheWriteInputTokens`,
 * "input tokens written to the cache"), three disjoint parts of the prompt. So the canonical input
 * is `inputTokens + cacheReadInputTokens + cacheWriteInputTokens` (as vercel/ai's amazon-bedrock
 * usage conversion also reads it). `cacheDetails` (API reference, TokenUsage and
 * CacheDetail) breaks the writes down by TTL, "5m" or "1h"; the 1-hour ones (Claude) cost more and
 * are kept as `cacheWriteLongInputTokens`. Bedrock does not break out reasoning tokens; they are
 * inside `outputTokens`.
 */
export function mapBedrockUsage(usage: BedrockUsage): Usage {
  const cacheRead = count(usage.cacheReadInputTokens);
  const cacheWrite = count(usage.cacheWriteInputTokens);
  const mapped: Usage = {
    inputTokens: count(usage.inputTokens) + cacheRead + cacheWrite,
    outputTokens: count(usage.outputTokens),
    cachedInputTokens: cacheRead,
    cacheWriteInputTokens: cacheWrite,
    reasoningTokens: 0,
  };
  let longWrites = 0;
  if (Array.isArray(usage.cacheDetails)) {
    for (const detail of usage.cacheDetails) {
      if (detail !== null && typeof detail === 'object' && detail.ttl === '1h') longWrites += count(detail.inputTokens);
    }
  }
  if (longWrites > 0) mapped.cacheWriteLongInputTokens = longWrites;
  return mapped;
}

function count(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}
