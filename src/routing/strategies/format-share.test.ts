import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createSeededRandom } from '../../simulator/create-seeded-random.js';
import { formatShare } from './format-share.js';

test('formatShare prints two decimals', () => {
  assert.equal(formatShare(0), '0.00');
  assert.equal(formatShare(0.07), '0.07');
  assert.equal(formatShare(0.7), '0.70');
  assert.equal(formatShare(2 / 3), '0.67');
  assert.equal(formatShare(0.996), '1.00');
  assert.equal(formatShare(1), '1.00');
  assert.equal(formatShare(-0.5), '-0.50');
  assert.equal(formatShare(3.14159), '3.14');
});

test('formatShare agrees with toFixed(2) within one hundredth, and exactly away from decimal halves', () => {
  const random = createSeededRandom(8);
  for (let draw = 0; draw < 100_000; draw++) {
    const value = random();
    const printed = formatShare(value);
    assert.ok(Math.abs(Number(printed) - Number(value.toFixed(2))) <= 0.0100001, `${value}: ${printed}`);
    const nearHalf = Math.abs(((value * 100) % 1) - 0.5) < 1e-6;
    if (!nearHalf) assert.equal(printed, value.toFixed(2), String(value));
  }
});
