import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mapOpenAIUsage } from './map-openai-usage.js';

test('OpenAI: cached and reasoning tokens are subsets of prompt and completion tokens', () => {
  const { usage } = mapOpenAIUsage({
    prompt_tokens: 2_000,
    completion_tokens: 900,
    total_tokens: 2_900,
    prompt_tokens_details: { cached_tokens: 1_536, audio_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: 640, audio_tokens: 0 },
  });
  assert.deepEqual(usage, { inputTokens: 2_000, outputTokens: 900, cachedInputTokens: 1_536, cacheWriteInputTokens: 0, reasoningTokens: 640 });
});

test('DeepSeek: cache hits come from prompt_cache_hit_tokens, even beside a zero cached_tokens', () => {
  const raw = { prompt_tokens: 1_162, completion_tokens: 412, prompt_cache_hit_tokens: 1_088, prompt_cache_miss_tokens: 74 };
  assert.equal(mapOpenAIUsage(raw).usage.cachedInputTokens, 1_088);
  assert.equal(mapOpenAIUsage({ ...raw, prompt_tokens_details: { cached_tokens: 0 } }).usage.cachedInputTokens, 1_088);
  assert.equal(mapOpenAIUsage(raw).extra?.prompt_cache_miss_tokens, 74, 'DeepSeek fields still reach OpenAI clients');
});

test('OpenRouter cache writes; xAI reasoning outside completion_tokens is added back', () => {
  assert.equal(mapOpenAIUsage({ prompt_tokens: 10, completion_tokens: 1, prompt_tokens_details: { cache_write_tokens: 8 } }).usage.cacheWriteInputTokens, 8);
  const { usage } = mapOpenAIUsage({ prompt_tokens: 125, completion_tokens: 48, completion_tokens_details: { reasoning_tokens: 300 } }, { completionExcludesReasoning: true });
  assert.equal(usage.outputTokens, 348);
  assert.equal(usage.reasoningTokens, 300);
});
