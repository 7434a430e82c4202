import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createSeededRandom } from '../../simulator/create-seeded-random.js';
import { leastBusyStrategy } from './least-busy-strategy.js';
import { candidateFixture, contextFixture, idsOf } from './strategy-fixtures.js';

test('least-busy: fewest in flight first', () => {
  const candidates = [candidateFixture('a/busy', { inFlight: 9 }), candidateFixture('b/idle', { inFlight: 1 }), candidateFixture('c/some', { inFlight: 4 })];
  const ranking = leastBusyStrategy().rank(candidates, contextFixture({ random: createSeededRandom(1) }));
  assert.deepEqual(idsOf(ranking.ordered), ['b/idle', 'c/some', 'a/busy']);
  assert.equal(ranking.reason, 'least-busy: b/idle has the fewest in flight (1, of 3)');
  assert.deepEqual(ranking.scores.get('a/busy'), { score: 0.1, detail: '9 in flight' });
});

test('least-busy: equal loads share the first place at random, and stay ahead of busier ones', () => {
  const candidates = [candidateFixture('a/one', { inFlight: 2 }), candidateFixture('b/two', { inFlight: 2 }), candidateFixture('c/busy', { inFlight: 3 })];
  const strategy = leastBusyStrategy();
  const context = contextFixture({ random: createSeededRandom(99) });
  let firstIsOne = 0;
  const runs = 10_000;
  for (let run = 0; run < runs; run++) {
    const ranking = strategy.rank(candidates, context);
    if (ranking.ordered[0]!.deployment.id === 'a/one') firstIsOne++;
    assert.equal(ranking.ordered[2]!.deployment.id, 'c/busy');
  }
  assert.ok(Math.abs(firstIsOne / runs - 0.5) < 0.02, `a/one first ${firstIsOne} of ${runs}`);
  assert.match(strategy.rank(candidates, context).reason, /\(2; a tie of 2 broken at random, of 3\)$/);
});
