import assert from 'node:assert/strict';
import { test } from 'node:test';
import { computeCost } from './compute-cost.js';

const close = (actual: number, expected: number): void => assert.ok(Math.abs(actual - expected) < 1e-12, `${actual} ≠ ${expected}`);

test('plain input and output at their rates', () => {
  const cost = computeCost(
    { inputTokens: 1_000_000, outputTokens: 500_000, cachedInputTokens: 0, cacheWriteInputTokens: 0, reasoningTokens: 0 },
    { input: 0.4, output: 1.6 },
  );
  close(cost.inputUsd, 0.4);
  close(cost.outputUsd, 0.8);
  close(cost.totalUsd, 1.2);
});

test('cached and cache-write tokens are taken out of plain input and priced at their own rates', () => {
  // 10,000 input of which 6,000 cached reads and 1,000 cache writes: 3,000 plain.
  const cost = computeCost(
    { inputTokens: 10_000, outputTokens: 2_000, cachedInputTokens: 6_000, cacheWriteInputTokens: 1_000, reasoningTokens: 1_500 },
    { input: 3, output: 15, cached_input: 0.3, cache_write: 3.75 },
  );
  close(cost.inputUsd, (3_000 * 3 + 6_000 * 0.3 + 1_000 * 3.75) / 1e6);
  close(cost.outputUsd, (2_000 * 15) / 1e6); // reasoning tokens are part of output, not added again
});

test('a missing cached rate falls back to the input rate; no price costs zero', () => {
  const usage = { inputTokens: 100, outputTokens: 0, cachedInputTokens: 50, cacheWriteInputTokens: 0, reasoningTokens: 0 };
  close(computeCost(usage, { input: 2, output: 0 }).totalUsd, (100 * 2) / 1e6);
  assert.equal(computeCost(usage, undefined).totalUsd, 0);
});
