import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createSeededRandom } from '../../simulator/create-seeded-random.js';
import { orderByKeys } from './order-by-keys.js';
import { candidateFixture, idsOf } from './strategy-fixtures.js';

test('orderByKeys: primary, then secondary, then tertiary, then given order; infinities at the ends', () => {
  const candidates = ['a', 'b', 'c', 'd', 'e'].map((name) => candidateFixture(`${name}/model`));
  const primary = Float64Array.from([1, Number.POSITIVE_INFINITY, 1, Number.NEGATIVE_INFINITY, 1]);
  const secondary = Float64Array.from([2, 0, 1, 0, 2]);
  const tertiary = Float64Array.from([5, 0, 0, 0, 4]);
  assert.deepEqual(idsOf(orderByKeys(candidates, primary)), ['d/model', 'a/model', 'c/model', 'e/model', 'b/model']);
  assert.deepEqual(idsOf(orderByKeys(candidates, primary, secondary)), ['d/model', 'c/model', 'a/model', 'e/model', 'b/model']);
  assert.deepEqual(idsOf(orderByKeys(candidates, primary, secondary, tertiary)), ['d/model', 'c/model', 'e/model', 'a/model', 'b/model']);
});

test('orderByKeys: long lists (the Array#sort path) give the same stable order as a reference sort', () => {
  const random = createSeededRandom(3);
  for (const count of [5, 24, 25, 200]) {
    const candidates = Array.from({ length: count }, (_, index) => candidateFixture(`p/${index}`));
    // Few distinct keys, so ties are common and stability is exercised.
    const primary = Float64Array.from({ length: count }, () => Math.floor(random() * 4));
    const secondary = Float64Array.from({ length: count }, () => Math.floor(random() * 3));
    const expected = candidates
      .map((candidate, index) => ({ candidate, index }))
      .sort((left, right) => primary[left.index]! - primary[right.index]! || secondary[left.index]! - secondary[right.index]! || left.index - right.index)
      .map((entry) => entry.candidate.deployment.id);
    assert.deepEqual(idsOf(orderByKeys(candidates, primary, secondary)), expected, `${count} candidates`);
  }
});
