import assert from 'node:assert/strict';
import { test } from 'node:test';
import { priorityStrategy } from './priority-strategy.js';
import { candidateFixture, contextFixture, idsOf } from './strategy-fixtures.js';

test('priority: lowest priority number first, ties keep the configured order', () => {
  const candidates = [
    candidateFixture('a/one', { priority: 2 }),
    candidateFixture('b/two', { priority: 0 }),
    candidateFixture('c/three', { priority: 1 }),
    candidateFixture('d/four', { priority: 0 }),
  ];
  const ranking = priorityStrategy().rank(candidates, contextFixture());
  assert.deepEqual(idsOf(ranking.ordered), ['b/two', 'd/four', 'c/three', 'a/one']);
  assert.equal(ranking.reason, 'priority: b/two first at priority 0 (of 4)');
  assert.deepEqual(ranking.scores.get('a/one'), { score: -2, detail: 'priority 2' });
  assert.equal(ranking.scores.size, 4);
});

test('priority: the input is not reordered in place, and an empty list ranks to nothing', () => {
  const candidates = [candidateFixture('a/one', { priority: 5 }), candidateFixture('b/two', { priority: 1 })];
  priorityStrategy().rank(candidates, contextFixture());
  assert.deepEqual(idsOf(candidates), ['a/one', 'b/two']);
  const empty = priorityStrategy().rank([], contextFixture());
  assert.deepEqual(empty.ordered, []);
  assert.equal(empty.reason, 'priority: no candidates');
});
