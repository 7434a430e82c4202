import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createSeededRandom } from '../simulator/create-seeded-random.js';
import { thresholdForStrongShare } from './threshold-for-strong-share.js';

function strongShare(scores: readonly number[], threshold: number): number {
  return scores.filter((score) => score >= threshold).length / scores.length;
}

test('the threshold sends the asked share of the scores to the strong model', () => {
  const random = createSeededRandom(4);
  const scores = Array.from({ length: 1000 }, random);
  for (const share of [0.05, 0.1, 0.25, 0.5, 0.8, 0.95]) {
    assert.equal(strongShare(scores, thresholdForStrongShare(scores, share)), share);
  }
});

test('it is the midpoint between the last weak and the first strong score', () => {
  assert.equal(thresholdForStrongShare([0.9, 0.1, 0.5, 0.3], 0.5), 0.4);
  assert.equal(thresholdForStrongShare([0.9, 0.1, 0.5, 0.3], 0.25), 0.7);
});

test('share 1 gives the lowest score; share 0 gives +Infinity', () => {
  assert.equal(thresholdForStrongShare([0.4, 0.2, 0.6], 1), 0.2);
  assert.equal(thresholdForStrongShare([0.4, 0.2, 0.6], 0), Number.POSITIVE_INFINITY);
});

test('scores tied across the cut all go to the strong model', () => {
  const scores = [0.1, 0.5, 0.5, 0.5, 0.9];
  const threshold = thresholdForStrongShare(scores, 0.4);
  assert.equal(threshold, 0.5);
  assert.equal(strongShare(scores, threshold), 0.8);
});

test('bad input is refused', () => {
  assert.throws(() => thresholdForStrongShare([], 0.5), /at least one score/);
  assert.throws(() => thresholdForStrongShare([0.1], 1.5), /between 0 and 1/);
  assert.throws(() => thresholdForStrongShare([0.1, Number.NaN], 0.5), /NaN/);
});
