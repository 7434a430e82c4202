import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mapCohereUsage } from './map-cohere-usage.js';

test('counts come from tokens; billed units that differ become the billed counts and pass through', () => {
  const billed = { input_tokens: 12, output_tokens: 7 };
  const { usage, extra } = mapCohereUsage({ billed_units: billed, tokens: { input_tokens: 507, output_tokens: 10 }, cached_tokens: 448 });
  assert.deepEqual(usage, {
    inputTokens: 507,
    outputTokens: 10,
    cachedInputTokens: 448,
    cacheWriteInputTokens: 0,
    reasoningTokens: 0,
    billedInputTokens: 12,
    billedOutputTokens: 7,
  });
  assert.deepEqual(extra, { billed_units: billed });
});

test('billed units equal to the counts add no billed counts; without tokens the billed units are the counts', () => {
  assert.equal('billedOutputTokens' in mapCohereUsage({ billed_units: { input_tokens: 3, output_tokens: 2 }, tokens: { input_tokens: 9, output_tokens: 2 } }).usage, false);
  const { usage } = mapCohereUsage({ billed_units: { input_tokens: 3, output_tokens: 2 } });
  assert.deepEqual(usage, { inputTokens: 3, outputTokens: 2, cachedInputTokens: 0, cacheWriteInputTokens: 0, reasoningTokens: 0 });
});
