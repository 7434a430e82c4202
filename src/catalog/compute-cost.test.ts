import assert from 'node:assert/strict';
import { test } from 'node:test';
import { emptyUsage } from '../spec/usage.js';
import { computeCost, costNusd } from './compute-cost.js';

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

test('long (1-hour) cache writes are priced at cache_write_long, the other writes at cache_write', () => {
  // 5,000 input: 1,000 plain, 2,000 cache reads, 2,000 writes of which 500 long.
  const usage = { ...emptyUsage(), inputTokens: 5_000, cachedInputTokens: 2_000, cacheWriteInputTokens: 2_000, cacheWriteLongInputTokens: 500 };
  const price = { input: 3, output: 15, cached_input: 0.3, cache_write: 3.75, cache_write_long: 6 };
  assert.equal(costNusd(computeCost(usage, price)), 1_000 * 3_000 + 2_000 * 300 + 1_500 * 3_750 + 500 * 6_000);
});

test('without a cache_write_long rate long writes cost cache_write, and without that the input rate', () => {
  const usage = { ...emptyUsage(), inputTokens: 1_000, cacheWriteInputTokens: 1_000, cacheWriteLongInputTokens: 400 };
  assert.equal(costNusd(computeCost(usage, { input: 3, output: 15, cache_write: 3.75 })), 1_000 * 3_750);
  assert.equal(costNusd(computeCost(usage, { input: 3, output: 15 })), 1_000 * 3_000);
});

test('a long-write count above the write count is capped: no token is priced twice', () => {
  const usage = { ...emptyUsage(), inputTokens: 1_000, cacheWriteInputTokens: 100, cacheWriteLongInputTokens: 900 };
  // 900 plain at 3, 100 long writes at 6.
  assert.equal(costNusd(computeCost(usage, { input: 3, output: 0, cache_write: 3.75, cache_write_long: 6 })), 900 * 3_000 + 100 * 6_000);
});

test('billed counts, where reported, are priced instead of the counted tokens (Cohere billed_units)', () => {
  // Counted: 507 input (448 of them cached), 10 output. Billed: 12 input, 7 output.
  const usage = { ...emptyUsage(), inputTokens: 507, cachedInputTokens: 448, outputTokens: 10, billedInputTokens: 12, billedOutputTokens: 7 };
  assert.equal(costNusd(computeCost(usage, { input: 2.5, output: 10, cached_input: 0.25 })), 12 * 2_500 + 7 * 10_000);
  // Only the output differs: the counted input is priced as usual.
  const outputOnly = { ...emptyUsage(), inputTokens: 20, outputTokens: 10, billedOutputTokens: 7 };
  assert.equal(costNusd(computeCost(outputOnly, { input: 2.5, output: 10 })), 20 * 2_500 + 7 * 10_000);
});

test('costNusd rounds the total once to whole nano-dollars', () => {
  assert.equal(costNusd({ inputUsd: 0, outputUsd: 0, totalUsd: 0 }), 0);
  assert.equal(costNusd({ inputUsd: 0.0000000012, outputUsd: 0.0000000002, totalUsd: 0.0000000014 }), 1);
  assert.equal(costNusd({ inputUsd: 0.0000000016, outputUsd: 0, totalUsd: 0.0000000016 }), 2);
  // A price in USD per 1M tokens is that many thousand nano-dollars per token: 0.0004 → 0.4 each. The
  // sum is rounded, not each token: 3 tokens cost 1.2 → 1, where rounding per token would give 0.
  assert.equal(costNusd(computeCost({ ...emptyUsage(), inputTokens: 3 }, { input: 0.0004, output: 0 })), 1);
  assert.equal(costNusd(computeCost({ ...emptyUsage(), inputTokens: 3 }, { input: 0.14, output: 0 })), 3 * 140);
  assert.ok(Number.isInteger(costNusd(computeCost({ ...emptyUsage(), inputTokens: 7, outputTokens: 3 }, { input: 0.1234567, output: 0.7654321 }))));
});
