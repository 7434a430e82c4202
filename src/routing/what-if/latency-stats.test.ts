import assert from 'node:assert/strict';
import { test } from 'node:test';
import { latencyStats } from './latency-stats.js';

test('mean and nearest-rank percentiles', () => {
  assert.equal(latencyStats([]), undefined);
  assert.deepEqual(latencyStats([7]), { count: 1, meanMs: 7, p50Ms: 7, p95Ms: 7 });
  const hundred = Array.from({ length: 100 }, (_, index) => 100 - index); // 100 … 1, unsorted
  assert.deepEqual(latencyStats(hundred), { count: 100, meanMs: 50.5, p50Ms: 50, p95Ms: 95 });
  assert.deepEqual(latencyStats([10, 40, 20, 30]), { count: 4, meanMs: 25, p50Ms: 20, p95Ms: 40 });
});
