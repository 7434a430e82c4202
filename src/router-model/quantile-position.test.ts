import assert from 'node:assert/strict';
import { test } from 'node:test';
import { quantilePosition } from './quantile-position.js';

test('between quantiles the position is interpolated; outside them it is 0 or 1', () => {
  const quantiles = [0, 10, 20, 40, 80];
  assert.equal(quantilePosition(quantiles, -1), 0);
  assert.equal(quantilePosition(quantiles, 81), 1);
  assert.equal(quantilePosition(quantiles, 5), 0.125);
  assert.equal(quantilePosition(quantiles, 30), 0.625);
  assert.equal(quantilePosition(quantiles, 60), 0.875);
});

test('a value equal to quantiles sits in the middle of their run', () => {
  assert.equal(quantilePosition([0, 10, 20, 40, 80], 20), 0.5);
  assert.equal(quantilePosition([1, 1, 1, 2, 3], 1), 0.25);
  assert.equal(quantilePosition([1, 2, 3, 3, 3], 3), 0.75);
  assert.equal(quantilePosition([5, 5, 5], 5), 0.5);
});

test('positions rise with the value', () => {
  const quantiles = [0.1, 0.2, 0.2, 0.5, 0.9];
  let previous = -1;
  for (let value = 0; value <= 1; value += 0.01) {
    const position = quantilePosition(quantiles, value);
    assert.ok(position >= previous, `${value}: ${position} after ${previous}`);
    previous = position;
  }
  assert.throws(() => quantilePosition([1], 1), /at least two quantiles/);
});
