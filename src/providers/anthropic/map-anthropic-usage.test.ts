import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mapAnthropicUsage } from './map-anthropic-usage.js';

test('input is the sum of the three disjoint counts; cache reads and writes are broken out', () => {
  assert.deepEqual(mapAnthropicUsage({ input_tokens: 25, cache_read_input_tokens: 1_000, cache_creation_input_tokens: 300, output_tokens: 40 }), {
    inputTokens: 25 + 1_000 + 300,
    outputTokens: 40,
    cachedInputTokens: 1_000,
    cacheWriteInputTokens: 300,
    reasoningTokens: 0,
  });
});

test('cache_creation splits writes by lifetime: the 1-hour ones are kept apart', () => {
  const usage = mapAnthropicUsage({
    input_tokens: 10,
    cache_read_input_tokens: 0,
    cache_creation_input_tokens: 1_500,
    cache_creation: { ephemeral_5m_input_tokens: 500, ephemeral_1h_input_tokens: 1_000 },
    output_tokens: 5,
  });
  assert.equal(usage.cacheWriteInputTokens, 1_500);
  assert.equal(usage.cacheWriteLongInputTokens, 1_000);
  assert.equal(usage.inputTokens, 1_510);
});

test('only short writes, or a zero 1-hour count, leave no long-write field', () => {
  const usage = mapAnthropicUsage({ input_tokens: 1, cache_creation_input_tokens: 7, cache_creation: { ephemeral_5m_input_tokens: 7, ephemeral_1h_input_tokens: 0 } });
  assert.equal('cacheWriteLongInputTokens' in usage, false);
});

test('a cache_creation object without the total still gives the total', () => {
  const usage = mapAnthropicUsage({ input_tokens: 3, cache_creation: { ephemeral_5m_input_tokens: 20, ephemeral_1h_input_tokens: 30 } });
  assert.equal(usage.cacheWriteInputTokens, 50);
  assert.equal(usage.cacheWriteLongInputTokens, 30);
  assert.equal(usage.inputTokens, 53);
});

test('stream: message_delta updates the output and keeps the input side, split included, when it leaves it out', () => {
  const start = mapAnthropicUsage({
    input_tokens: 12,
    cache_read_input_tokens: 2_000,
    cache_creation_input_tokens: 800,
    cache_creation: { ephemeral_5m_input_tokens: 300, ephemeral_1h_input_tokens: 500 },
    output_tokens: 1,
  });
  const end = mapAnthropicUsage({ output_tokens: 250, output_tokens_details: { thinking_tokens: 100 } }, start);
  assert.deepEqual(end, {
    inputTokens: 12 + 2_000 + 800,
    outputTokens: 250,
    cachedInputTokens: 2_000,
    cacheWriteInputTokens: 800,
    cacheWriteLongInputTokens: 500,
    reasoningTokens: 100,
  });
  // A newer message_delta repeats the input side: the same figures come out.
  assert.deepEqual(
    mapAnthropicUsage(
      { input_tokens: 12, cache_read_input_tokens: 2_000, cache_creation_input_tokens: 800, cache_creation: { ephemeral_5m_input_tokens: 300, ephemeral_1h_input_tokens: 500 }, output_tokens: 250, output_tokens_details: { thinking_tokens: 100 } },
      start,
    ),
    end,
  );
});
