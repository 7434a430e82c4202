import type { Usage } from '../../spec/usage.js';
import type { BedrockUsage } from './bedrock-wire.js';

/**
 * Bedrock TokenUsage → canonical usage (OpenAI semantics: input includes cached tokens).
 *
 * With prompt caching Bedrock's `inputTokens` counts only the input that was neither read from nor
 * written to the cache; "total input = inputTokens + cacheReadInputTokens + cacheWriteInputTokens"
 * (AWS Bedrock user guide, prompt caching, as quoted in crmne/ruby_llm#832 and applied by
 * vercel/ai packages/amazon-bedrock convert-amazon-bedrock-usage.ts). Bedrock does not break out
 * reasoning tokens; they are inside `outputTokens`.
 */
export function mapBedrockUsage(usage: BedrockUsage): Usage {
  const cacheRead = count(usage.cacheReadInputTokens);
  const cacheWrite = count(usage.cacheWriteInputTokens);
  return {
    inputTokens: count(usage.inputTokens) + cacheRead + cacheWrite,
    outputTokens: count(usage.outputTokens),
    cachedInputTokens: cacheRead,
    cacheWriteInputTokens: cacheWrite,
    reasoningTokens: 0,
  };
}

function count(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}
