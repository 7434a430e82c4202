import { estimatePromptTokens } from './estimate-prompt-tokens.js';
import type { SimulatedChatRequest } from './simulated-chat-request.js';

// Anthropic and Bedrock cache only what the client marks (cache_control, cachePoint), and only a
// prefix of at least 1024 tokens (the smallest minimum their models have).
const minimumCacheablePrefix = 1024;

/**
 * How an explicitly cached prompt splits into tokens read from the cache and tokens written to it.
 * The simulator keeps no cache, so the profile's `cachedPromptFraction` (already applied to
 * `cachedTokens`) says how much of the marked prefix is found; the rest of the prefix is written.
 * `cachedMessageCount` is the number of leading messages the last breakpoint covers (0 when only
 * tools are marked); undefined means nothing is marked and nothing is cached.
 */
export function splitCachedPrompt(
  request: SimulatedChatRequest,
  cachedMessageCount: number | undefined,
  promptTokens: number,
  cachedTokens: number,
): { read: number; written: number } {
  if (cachedMessageCount === undefined) return { read: 0, written: 0 };
  const prefix = Math.min(promptTokens, estimatePromptTokens({ ...request, messages: request.messages.slice(0, cachedMessageCount) }));
  if (prefix < minimumCacheablePrefix) return { read: 0, written: 0 };
  const read = Math.min(cachedTokens, prefix);
  return { read, written: prefix - read };
}
