import assert from 'node:assert/strict';
import { test } from 'node:test';
import { slidingWindowCount } from './sliding-window-count.js';

test('the previous window counts for the share still overlapped', () => {
  // 10 × (1 − 250/1000) + 2 = 9.5
  assert.deepEqual(slidingWindowCount(10, 2, 250, 1_000, 10, 0), { allowed: true, count: 9.5, retryAfterMs: 0 });
  assert.deepEqual(slidingWindowCount(10, 2, 250, 1_000, 10, 0.5), { allowed: true, count: 10, retryAfterMs: 0 });
});

test('denied: the wait until the previous window has slid far enough', () => {
  // Needs 10 × (1 − t/1000) ≤ 10 − 1 − 2 = 7: t = 300, 50 ms from 250.
  assert.deepEqual(slidingWindowCount(10, 2, 250, 1_000, 10, 1), { allowed: false, count: 9.5, retryAfterMs: 50 });
});

test('denied by this window alone: the wait reaches into the next window', () => {
  // In the next window, 8 × (1 − t/1000) ≤ 10 − 4 = 6 at t = 250: 750 + 250 from now.
  assert.deepEqual(slidingWindowCount(0, 8, 250, 1_000, 10, 4), { allowed: false, count: 8, retryAfterMs: 1_000 });
});

test('an amount above the limit is denied with the time until the window is empty', () => {
  assert.deepEqual(slidingWindowCount(0, 0, 400, 1_000, 5, 6), { allowed: false, count: 0, retryAfterMs: 1_600 });
});

test('corrections below zero leave the count at zero', () => {
  assert.deepEqual(slidingWindowCount(3, -10, 0, 1_000, 5, 0), { allowed: true, count: 0, retryAfterMs: 0 });
});
