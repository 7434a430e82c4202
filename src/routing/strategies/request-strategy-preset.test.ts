import assert from 'node:assert/strict';
import { test } from 'node:test';
import { StrategySchema } from '../../config/routing-config-schema.js';
import { requestStrategyPreset } from './request-strategy-preset.js';

test('requestStrategyPreset: goal names and leaf type names', () => {
  assert.deepEqual(requestStrategyPreset('cost'), { type: 'cost' });
  assert.deepEqual(requestStrategyPreset('latency'), { type: 'latency' });
  assert.deepEqual(requestStrategyPreset('quality'), { type: 'quality', tolerance: 0 });
  assert.deepEqual(requestStrategyPreset('balanced'), { type: 'hybrid', weights: { cost: 0.4, latency: 0.3, quality: 0.3 } });
  for (const type of ['priority', 'weighted', 'round-robin', 'least-busy', 'hybrid']) assert.equal(requestStrategyPreset(type)?.type, type);
  assert.equal(requestStrategyPreset(' Cost ')?.type, 'cost');
});

test('requestStrategyPreset: every preset is what the config schema would produce from its type', () => {
  for (const name of ['cost', 'latency', 'quality', 'priority', 'weighted', 'round-robin', 'least-busy', 'hybrid']) {
    assert.deepEqual(requestStrategyPreset(name), StrategySchema.parse(name), name);
  }
});

test('requestStrategyPreset: unknown names, selectors and object-prototype names give undefined', () => {
  for (const name of ['cheapest', 'rules', 'ab', 'learned', 'constructor', 'toString', '__proto__', '']) assert.equal(requestStrategyPreset(name), undefined, name);
});
