import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mapBedrockUsage } from './map-bedrock-usage.js';

test('input is inputTokens plus cache reads and writes; cacheDetails gives the 1-hour writes', () => {
  assert.deepEqual(
    mapBedrockUsage({
      inputTokens: 12,
      outputTokens: 8,
      totalTokens: 12 + 8 + 2_048 + 1_536,
      cacheReadInputTokens: 2_048,
      cacheWriteInputTokens: 1_536,
      cacheDetails: [
        { ttl: '1h', inputTokens: 1_024 },
        { ttl: '5m', inputTokens: 512 },
      ],
    }),
    { inputTokens: 12 + 2_048 + 1_536, outputTokens: 8, cachedInputTokens: 2_048, cacheWriteInputTokens: 1_536, cacheWriteLongInputTokens: 1_024, reasoningTokens: 0 },
  );
});

test('no cache fields, or only 5-minute writes: no long-write field', () => {
  assert.deepEqual(mapBedrockUsage({ inputTokens: 5, outputTokens: 2, totalTokens: 7 }), {
    inputTokens: 5,
    outputTokens: 2,
    cachedInputTokens: 0,
    cacheWriteInputTokens: 0,
    reasoningTokens: 0,
  });
  const shortOnly = mapBedrockUsage({ inputTokens: 5, cacheWriteInputTokens: 100, cacheDetails: [{ ttl: '5m', inputTokens: 100 }] });
  assert.equal('cacheWriteLongInputTokens' in shortOnly, false);
  assert.equal(shortOnly.inputTokens, 105);
});
