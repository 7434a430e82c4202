import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createSeededRandom } from '../../simulator/create-seeded-random.js';
import { candidateFixture, contextFixture, idsOf } from './strategy-fixtures.js';
import { weightedStrategy } from './weighted-strategy.js';

const runs = 10_000;

test('weighted: first place falls in proportion to weight, second place is a weighted draw among the rest', () => {
  const candidates = [candidateFixture('a/light', { weight: 1 }), candidateFixture('b/medium', { weight: 2 }), candidateFixture('c/heavy', { weight: 7 })];
  const strategy = weightedStrategy();
  const context = contextFixture({ random: createSeededRandom(42) });
  const firsts = new Map<string, number>();
  let lightSecondAfterHeavy = 0;
  let heavyFirst = 0;
  for (let run = 0; run < runs; run++) {
    const order = idsOf(strategy.rank(candidates, context).ordered);
    assert.equal(new Set(order).size, 3, 'every candidate stays in the order');
    firsts.set(order[0]!, (firsts.get(order[0]!) ?? 0) + 1);
    if (order[0] === 'c/heavy') {
      heavyFirst++;
      if (order[1] === 'a/light') lightSecondAfterHeavy++;
    }
  }
  assert.ok(Math.abs((firsts.get('a/light') ?? 0) / runs - 0.1) < 0.015, `light first ${firsts.get('a/light')}`);
  assert.ok(Math.abs((firsts.get('b/medium') ?? 0) / runs - 0.2) < 0.015, `medium first ${firsts.get('b/medium')}`);
  assert.ok(Math.abs((firsts.get('c/heavy') ?? 0) / runs - 0.7) < 0.015, `heavy first ${firsts.get('c/heavy')}`);
  // Without replacement: once heavy is out, light (1) against medium (2) wins a third of the time.
  assert.ok(Math.abs(lightSecondAfterHeavy / heavyFirst - 1 / 3) < 0.03, `light second ${lightSecondAfterHeavy} of ${heavyFirst}`);
});

test('weighted: weight 0 always goes last, in configured order, and the reason names the chance', () => {
  const candidates = [
    candidateFixture('a/off', { weight: 0 }),
    candidateFixture('b/on', { weight: 3 }),
    candidateFixture('c/off', { weight: 0 }),
    candidateFixture('d/on', { weight: 1 }),
  ];
  const strategy = weightedStrategy();
  const context = contextFixture({ random: createSeededRandom(7) });
  for (let run = 0; run < 1_000; run++) {
    const order = idsOf(strategy.rank(candidates, context).ordered);
    assert.deepEqual(order.slice(2), ['a/off', 'c/off']);
  }
  const ranking = strategy.rank(candidates, contextFixture({ random: () => 0.99 }));
  assert.match(ranking.reason, /^weighted: (b\/on drawn with weight 3 of 4 \(75% chance|d\/on drawn with weight 1 of 4 \(25% chance), 4 candidates\)$/);
  assert.equal(ranking.scores.get('a/off')?.score, 0);
});

test('weighted: a draw of exactly 0 does not push a candidate behind the zero weights', () => {
  const candidates = [candidateFixture('a/off', { weight: 0 }), candidateFixture('b/on', { weight: 1 })];
  const ranking = weightedStrategy().rank(candidates, contextFixture({ random: () => 0 }));
  assert.deepEqual(idsOf(ranking.ordered), ['b/on', 'a/off']);
  assert.equal(ranking.reason, 'weighted: b/on drawn with weight 1 of 1 (100% chance, 2 candidates)');
});

test('weighted: when every weight is 0 the configured order stands', () => {
  const candidates = [candidateFixture('a/one', { weight: 0 }), candidateFixture('b/two', { weight: 0 })];
  const ranking = weightedStrategy().rank(candidates, contextFixture());
  assert.deepEqual(idsOf(ranking.ordered), ['a/one', 'b/two']);
  assert.equal(ranking.reason, 'weighted: a/one first in configured order (every weight is 0)');
});
