import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseSeeds } from './parse-seeds.js';

test('parseSeeds reads ranges, lists and single seeds, in the order given', () => {
  assert.deepEqual(parseSeeds('0-4'), [0, 1, 2, 3, 4]);
  assert.deepEqual(parseSeeds('0,1,2'), [0, 1, 2]);
  assert.deepEqual(parseSeeds('7'), [7]);
  assert.deepEqual(parseSeeds('9, 0-2'), [9, 0, 1, 2]);
  assert.deepEqual(parseSeeds('3-3'), [3]);
});

test('parseSeeds rejects what is not a seed list', () => {
  assert.throws(() => parseSeeds(''), /is not a seed list/);
  assert.throws(() => parseSeeds('-1'), /is not a seed list/);
  assert.throws(() => parseSeeds('1.5'), /is not a seed list/);
  assert.throws(() => parseSeeds('0-2,2'), /seed 2 is given twice/);
  assert.throws(() => parseSeeds('5-1'), /runs backwards/);
  assert.throws(() => parseSeeds('0-5000'), /more than 1,000 seeds/);
  assert.throws(() => parseSeeds('4294967296'), /is above 4294967295/);
});
