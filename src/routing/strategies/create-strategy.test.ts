import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SELECTOR_STRATEGY_TYPES, STRATEGY_TYPES, type LeafStrategyConfig } from '../../config/routing-config-schema.js';
import { createStrategy } from './create-strategy.js';
import { candidateFixture, contextFixture, idsOf } from './strategy-fixtures.js';

test('createStrategy builds every leaf type under its own name', () => {
  const leafTypes = STRATEGY_TYPES.filter((type) => !(SELECTOR_STRATEGY_TYPES as readonly string[]).includes(type));
  for (const type of leafTypes) {
    const config = { type, tolerance: 0, weights: { cost: 1, latency: 1, quality: 1 }, category: 'metadata:category', exploration: 0, prior: { alpha: 1, beta: 1 }, window: 1, refresh_ms: 100 } as unknown as LeafStrategyConfig;
    const strategy = createStrategy(config);
    assert.equal(strategy.name, type);
    assert.equal(strategy.needsCounter, type === 'round-robin');
  }
});

test('createStrategy hands the quality tolerance and the hybrid weights through', () => {
  const candidates = [
    candidateFixture('a/best-dear', { quality: 0.9, estimatedCostUsd: 0.01, estimatedLatencyMs: 100 }),
    candidateFixture('b/near-cheap', { quality: 0.85, estimatedCostUsd: 0.001, estimatedLatencyMs: 900 }),
  ];
  assert.deepEqual(idsOf(createStrategy({ type: 'quality', tolerance: 0 }).rank(candidates, contextFixture()).ordered), ['a/best-dear', 'b/near-cheap']);
  assert.deepEqual(idsOf(createStrategy({ type: 'quality', tolerance: 0.1 }).rank(candidates, contextFixture()).ordered), ['b/near-cheap', 'a/best-dear']);
  const costly = createStrategy({ type: 'hybrid', weights: { cost: 1, latency: 0, quality: 0 } });
  assert.deepEqual(idsOf(costly.rank(candidates, contextFixture()).ordered), ['b/near-cheap', 'a/best-dear']);
  const quick = createStrategy({ type: 'hybrid', weights: { cost: 0, latency: 1, quality: 0 } });
  assert.deepEqual(idsOf(quick.rank(candidates, contextFixture()).ordered), ['a/best-dear', 'b/near-cheap']);
  assert.equal(quick.needsTokens, false);
});
