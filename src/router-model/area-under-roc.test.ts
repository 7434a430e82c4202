import assert from 'node:assert/strict';
import { test } from 'node:test';
import { areaUnderRoc } from './area-under-roc.js';

test('AUC is 1 for a perfect ranking, 0 for a reversed one, 0.5 when all tie', () => {
  assert.equal(areaUnderRoc([0.1, 0.2, 0.8, 0.9], [0, 0, 1, 1]), 1);
  assert.equal(areaUnderRoc([0.9, 0.8, 0.2, 0.1], [0, 0, 1, 1]), 0);
  assert.equal(areaUnderRoc([0.5, 0.5, 0.5, 0.5], [0, 1, 0, 1]), 0.5);
});

test('AUC counts pairs, ties as half', () => {
  // Positives 0.4 and 0.8; negatives 0.2, 0.4, 0.9. Pairs: (0.4 > 0.2) 1, (0.4 = 0.4) ½, (0.4 < 0.9) 0,
  // (0.8 > 0.2) 1, (0.8 > 0.4) 1, (0.8 < 0.9) 0 → 3.5 / 6.
  assert.equal(areaUnderRoc([0.4, 0.8, 0.2, 0.4, 0.9], [1, 1, 0, 0, 0]), 3.5 / 6);
});

test('AUC is NaN without both kinds, and refuses mismatched lengths', () => {
  assert.ok(Number.isNaN(areaUnderRoc([0.1, 0.2], [1, 1])));
  assert.throws(() => areaUnderRoc([0.1], [1, 0]), /1 scores but 2 labels/);
});
