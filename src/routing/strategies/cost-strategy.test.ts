import assert from 'node:assert/strict';
import { test } from 'node:test';
import { costStrategy } from './cost-strategy.js';
import { candidateFixture, contextFixture, idsOf } from './strategy-fixtures.js';

test('cost: cheapest first; an unpriced deployment goes last (not assumed free)', () => {
  const candidates = [
    candidateFixture('a/unpriced'),
    candidateFixture('openai/gpt-4.1', { estimatedCostUsd: 0.00105 }),
    candidateFixture('openai/gpt-4.1-mini', { estimatedCostUsd: 0.00021 }),
  ];
  const strategy = costStrategy();
  assert.equal(strategy.needsTokens, true);
  const ranking = strategy.rank(candidates, contextFixture());
  assert.deepEqual(idsOf(ranking.ordered), ['openai/gpt-4.1-mini', 'openai/gpt-4.1', 'a/unpriced']);
  assert.equal(ranking.reason, 'cost: openai/gpt-4.1-mini cheapest at $0.000210 (of 3; 1 without a price ranked last)');
  assert.deepEqual(ranking.scores.get('openai/gpt-4.1-mini'), { score: 1, detail: 'est. $0.000210' });
  assert.ok(Math.abs(ranking.scores.get('openai/gpt-4.1')!.score - 0.2) < 1e-12);
  assert.deepEqual(ranking.scores.get('a/unpriced'), { score: 0, detail: 'no price (not assumed free)' });
});

test('cost: equal cost goes to the higher quality, then to the configured order; a free model is cheapest', () => {
  const candidates = [
    candidateFixture('a/unscored', { estimatedCostUsd: 0.001 }),
    candidateFixture('b/good', { estimatedCostUsd: 0.001, quality: 0.6 }),
    candidateFixture('c/better', { estimatedCostUsd: 0.001, quality: 0.9 }),
    candidateFixture('d/good-too', { estimatedCostUsd: 0.001, quality: 0.6 }),
    candidateFixture('e/free', { estimatedCostUsd: 0 }),
  ];
  const ranking = costStrategy().rank(candidates, contextFixture());
  assert.deepEqual(idsOf(ranking.ordered), ['e/free', 'c/better', 'b/good', 'd/good-too', 'a/unscored']);
  assert.equal(ranking.reason, 'cost: e/free cheapest at $0 (of 5)');
  assert.equal(ranking.scores.get('b/good')?.score, 0, 'next to a free model any price scores 0');
});

test('cost: with no price anywhere the configured order stands', () => {
  const ranking = costStrategy().rank([candidateFixture('a/one'), candidateFixture('b/two')], contextFixture());
  assert.deepEqual(idsOf(ranking.ordered), ['a/one', 'b/two']);
  assert.equal(ranking.reason, 'cost: a/one first in configured order (no candidate has a price, 2 candidates)');
});
