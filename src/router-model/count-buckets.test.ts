import assert from 'node:assert/strict';
import { test } from 'node:test';
import { countBuckets } from './count-buckets.js';
import { createSeededRandom } from '../simulator/create-seeded-random.js';

test('countBuckets counts like a map, in first-occurrence order, over the given range only', () => {
  const random = createSeededRandom(9);
  const bits = 10;
  // Many collisions: 3,000 hashes into 1,024 buckets.
  const hashes = Int32Array.from({ length: 3000 }, () => Math.floor(random() * 2 ** 32) | 0);
  const start = 100;
  const end = 2900;
  const expected = new Map<number, number>();
  for (let index = start; index < end; index++) {
    const hash = hashes[index]!;
    const bucket = ((hash >>> bits) ^ hash) & ((1 << bits) - 1);
    expected.set(bucket, (expected.get(bucket) ?? 0) + 1);
  }
  const { buckets, counts } = countBuckets(hashes, start, end, bits);
  assert.deepEqual(Array.from(buckets), [...expected.keys()]);
  assert.deepEqual(Array.from(counts), [...expected.values()]);
});

test('an empty range gives no buckets', () => {
  const { buckets, counts } = countBuckets(new Int32Array(4), 2, 2, 18);
  assert.equal(buckets.length, 0);
  assert.equal(counts.length, 0);
});
