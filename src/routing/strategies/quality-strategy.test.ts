import assert from 'node:assert/strict';
import { test } from 'node:test';
import { qualityStrategy } from './quality-strategy.js';
import { candidateFixture, contextFixture, idsOf } from './strategy-fixtures.js';

test('quality: highest first, unscored last; needs no tokens without a tolerance', () => {
  const candidates = [
    candidateFixture('a/unscored', { estimatedCostUsd: 0.0001 }),
    candidateFixture('b/mid', { quality: 0.7 }),
    candidateFixture('c/top', { quality: 0.92, estimatedCostUsd: 0.003 }),
    candidateFixture('d/low', { quality: 0.4 }),
  ];
  const strategy = qualityStrategy({ tolerance: 0 });
  assert.equal(strategy.needsTokens, false);
  const ranking = strategy.rank(candidates, contextFixture());
  assert.deepEqual(idsOf(ranking.ordered), ['c/top', 'b/mid', 'd/low', 'a/unscored']);
  assert.equal(ranking.reason, 'quality: c/top best at 0.92 (of 4)');
  assert.deepEqual(ranking.scores.get('c/top'), { score: 0.92, detail: 'quality 0.92, est. $0.00300' });
  assert.deepEqual(ranking.scores.get('a/unscored'), { score: 0, detail: 'no quality score' });
});

test('quality: with a tolerance the cheapest within the band wins; below the band the order is by quality', () => {
  const candidates = [
    candidateFixture('a/best-dear', { quality: 0.9, estimatedCostUsd: 0.01 }),
    candidateFixture('b/near-cheap', { quality: 0.8, estimatedCostUsd: 0.001 }),
    candidateFixture('c/near-unpriced', { quality: 0.85 }),
    candidateFixture('d/outside-cheapest', { quality: 0.7, estimatedCostUsd: 0.0001 }),
    candidateFixture('e/outside-better', { quality: 0.75, estimatedCostUsd: 0.02 }),
  ];
  const strategy = qualityStrategy({ tolerance: 0.1 });
  assert.equal(strategy.needsTokens, true);
  const ranking = strategy.rank(candidates, contextFixture());
  // 0.9 − 0.1 is 0.8000000000000002 in binary: b at 0.8 must still count as within the band.
  assert.deepEqual(idsOf(ranking.ordered), ['b/near-cheap', 'a/best-dear', 'c/near-unpriced', 'e/outside-better', 'd/outside-cheapest']);
  assert.equal(ranking.reason, 'quality: b/near-cheap cheapest at $0.00100 of 3 within 0.1 of best 0.90 (quality 0.80, 5 candidates)');
});

test('quality: a tie on the best quality goes to the cheaper; equal costs in the band go to the higher quality', () => {
  const tied = qualityStrategy({ tolerance: 0 }).rank(
    [candidateFixture('a/dear', { quality: 0.8, estimatedCostUsd: 0.002 }), candidateFixture('b/cheap', { quality: 0.8, estimatedCostUsd: 0.001 })],
    contextFixture(),
  );
  assert.deepEqual(idsOf(tied.ordered), ['b/cheap', 'a/dear']);
  assert.equal(tied.reason, 'quality: b/cheap cheapest at $0.00100 of 2 tied at 0.80 (quality 0.80, 2 candidates)');
  const unpriced = qualityStrategy({ tolerance: 0.2 }).rank([candidateFixture('a/lower', { quality: 0.7 }), candidateFixture('b/higher', { quality: 0.8 })], contextFixture());
  assert.deepEqual(idsOf(unpriced.ordered), ['b/higher', 'a/lower']);
  assert.match(unpriced.reason, /^quality: b\/higher none priced of 2 within 0.2 of best 0.80/);
});
