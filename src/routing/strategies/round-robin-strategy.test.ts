import assert from 'node:assert/strict';
import { test } from 'node:test';
import { roundRobinStrategy } from './round-robin-strategy.js';
import { candidateFixture, contextFixture, idsOf } from './strategy-fixtures.js';

const candidates = [candidateFixture('a/one'), candidateFixture('b/two'), candidateFixture('c/three')];

test('round-robin: the list rotated by the counter, so consecutive counters take turns', () => {
  const strategy = roundRobinStrategy();
  assert.equal(strategy.needsCounter, true);
  assert.deepEqual(idsOf(strategy.rank(candidates, contextFixture({ counter: 0 })).ordered), ['a/one', 'b/two', 'c/three']);
  assert.deepEqual(idsOf(strategy.rank(candidates, contextFixture({ counter: 1 })).ordered), ['b/two', 'c/three', 'a/one']);
  assert.deepEqual(idsOf(strategy.rank(candidates, contextFixture({ counter: 5 })).ordered), ['c/three', 'a/one', 'b/two']);
  const firsts = [0, 1, 2, 3, 4, 5].map((counter) => strategy.rank(candidates, contextFixture({ counter })).ordered[0]!.deployment.id);
  assert.deepEqual(firsts, ['a/one', 'b/two', 'c/three', 'a/one', 'b/two', 'c/three']);
});

test('round-robin: a huge or negative counter still lands on a candidate', () => {
  const strategy = roundRobinStrategy();
  assert.deepEqual(idsOf(strategy.rank(candidates, contextFixture({ counter: -1 })).ordered), ['c/three', 'a/one', 'b/two']);
  assert.equal(strategy.rank(candidates, contextFixture({ counter: 2 ** 53 - 1 })).ordered.length, 3);
  const ranking = strategy.rank(candidates, contextFixture({ counter: 7 }));
  assert.equal(ranking.reason, 'round-robin: b/two is next in turn (counter 7, 2 of 3)');
  assert.equal(ranking.scores.get('b/two')?.detail, 'turn position 1 of 3');
});

test('round-robin: no candidates', () => {
  assert.equal(roundRobinStrategy().rank([], contextFixture({ counter: 3 })).reason, 'round-robin: no candidates');
});
