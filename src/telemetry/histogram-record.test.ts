import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HistogramRecord } from './histogram-record.js';

test('a value equal to a bound falls in that bucket; above the last bound it is +Inf; cumulative counts add up', () => {
  const histogram = new HistogramRecord([0.1, 1, 10]);
  for (const value of [0.05, 0.1, 0.5, 1, 1.0001, 10, 11, 500]) histogram.observe(value);
  assert.deepEqual([...histogram.counts], [2, 2, 2, 2]);
  assert.deepEqual(histogram.cumulative(), [2, 4, 6, 8]);
  assert.equal(histogram.count, 8);
  assert.equal(histogram.sum, 0.05 + 0.1 + 0.5 + 1 + 1.0001 + 10 + 11 + 500);
});
