import assert from 'node:assert/strict';
import { test } from 'node:test';
import { REQUEST_STATS_BOUNDS_MS_0005 } from './migrations/0005-request-stats.js';
import { HISTOGRAM_BOUNDS_MS, HISTOGRAM_BUCKETS, histogramBucket, histogramColumns, histogramPercentile } from './request-stats-histogram.js';

test('the bounds are the ones migration 0005 made columns for: 1 ms to 623,487 ms, 74 buckets', () => {
  assert.deepEqual(HISTOGRAM_BOUNDS_MS, REQUEST_STATS_BOUNDS_MS_0005);
  assert.equal(HISTOGRAM_BUCKETS, 74);
  assert.deepEqual(histogramColumns('latency').slice(0, 3), ['latency_lt_1', 'latency_lt_2', 'latency_lt_3']);
  assert.deepEqual(histogramColumns('ttft').slice(-2), ['ttft_lt_623487', 'ttft_ge_623487']);
});

test('the documented error bound: from 23 ms up a bucket is at most 20 % wider than its lower bound, below it at most 4 ms wide', () => {
  for (let index = 1; index < HISTOGRAM_BOUNDS_MS.length; index++) {
    const lower = HISTOGRAM_BOUNDS_MS[index - 1]!;
    const upper = HISTOGRAM_BOUNDS_MS[index]!;
    if (lower >= 23) assert.ok(upper <= lower * 1.2, `[${lower}, ${upper})`);
    else assert.ok(upper - lower <= 4, `[${lower}, ${upper})`);
  }
});

test('a value falls in the bucket whose bounds hold it: lower bound included, upper excluded', () => {
  const bucketOf = (milliseconds: number) => histogramColumns('latency')[histogramBucket(milliseconds)];
  assert.equal(bucketOf(0), 'latency_lt_1');
  assert.equal(bucketOf(-5), 'latency_lt_1', 'a clock step backwards counts as 0');
  assert.equal(bucketOf(0.5), 'latency_lt_1');
  assert.equal(bucketOf(1), 'latency_lt_2');
  assert.equal(bucketOf(9), 'latency_lt_10');
  assert.equal(bucketOf(107), 'latency_lt_108');
  assert.equal(bucketOf(108), 'latency_lt_128');
  assert.equal(bucketOf(623_486), 'latency_lt_623487');
  assert.equal(bucketOf(623_487), 'latency_ge_623487');
  assert.equal(bucketOf(86_400_000), 'latency_ge_623487');
});

test('percentiles interpolate within their bucket; null for an empty histogram; the last bucket reads as its lower bound', () => {
  const counts = new Array<number>(HISTOGRAM_BUCKETS).fill(0);
  assert.equal(histogramPercentile(counts, 0.5), null);
  // Two values in [91, 108): the median is halfway through it, p100 its top.
  counts[HISTOGRAM_BOUNDS_MS.indexOf(108)] = 2;
  assert.equal(histogramPercentile(counts, 0.5), 91 + 17 / 2);
  assert.equal(histogramPercentile(counts, 1), 108);
  assert.equal(histogramPercentile(counts, 0), 91);
  // Two more in the last bucket: p75 is there.
  counts[HISTOGRAM_BUCKETS - 1] = 2;
  assert.equal(histogramPercentile(counts, 0.5), 108);
  assert.equal(histogramPercentile(counts, 0.75), 623_487);
  assert.throws(() => histogramPercentile(counts, 1.5), /between 0 and 1/);
});
