import assert from 'node:assert/strict';
import { test } from 'node:test';
import { seededSplit } from './seeded-split.js';

const items = Array.from({ length: 1_000 }, (_, index) => index);

test('a seeded split is the same for the same seed, different for another, and covers every item once', () => {
  const first = seededSplit(items, 150, 0);
  assert.deepEqual(seededSplit(items, 150, 0), first);
  assert.equal(first.train.length, 150);
  assert.equal(first.test.length, 850);
  assert.deepEqual([...first.train, ...first.test].sort((left, right) => left - right), items);
  assert.notDeepEqual(seededSplit(items, 150, 1).train, first.train);
});

test('both sides keep the original order, and the draw is spread over the whole list', () => {
  const { train, test: rest } = seededSplit(items, 300, 4);
  assert.deepEqual(train, [...train].sort((left, right) => left - right));
  assert.deepEqual(rest, [...rest].sort((left, right) => left - right));
  // A uniform draw of 300 of 1,000 puts about 150 in each half (standard deviation ≈ 7.2); 120–180 is ±4 of them.
  const firstHalf = train.filter((item) => item < 500).length;
  assert.ok(firstHalf > 120 && firstHalf < 180, `${firstHalf} of 300 from the first half`);
});

test('a split that leaves no test (or no training) set is refused', () => {
  assert.throws(() => seededSplit(items, 1_000, 0), /leaves no test set/);
  assert.throws(() => seededSplit(items, 0, 0), RangeError);
});
