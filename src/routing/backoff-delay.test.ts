import assert from 'node:assert/strict';
import { test } from 'node:test';
import { backoffDelay } from './backoff-delay.js';

const retry = { max_attempts: 4, backoff_base_ms: 200, backoff_max_ms: 5_000 };

test('the ceiling doubles per round up to backoff_max_ms, and the draw is jittered below it', () => {
  assert.equal(backoffDelay(1, retry, () => 0.999_999), 200);
  assert.equal(backoffDelay(2, retry, () => 0.999_999), 400);
  assert.equal(backoffDelay(3, retry, () => 0.5), 400);
  assert.equal(backoffDelay(10, retry, () => 0.999_999), 5_000);
  assert.equal(backoffDelay(1, retry, () => 0), 0);
});

test('retry-after is a floor, and one past backoff_max_ms means do not wait at all', () => {
  assert.equal(backoffDelay(1, retry, () => 0, 1_500), 1_500);
  assert.equal(backoffDelay(5, retry, () => 0.999_999, 1_500), 3_200);
  assert.equal(backoffDelay(1, retry, () => 0.5, 6_000), undefined);
});
