import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BanditStrategySchema, type BanditStrategyConfig } from '../../config/bandit-strategy-schema.js';
import { createSeededRandom } from '../../simulator/create-seeded-random.js';
import { BanditArms } from '../bandit/bandit-arms.js';
import { banditStrategy } from './bandit-strategy.js';
import { candidateFixture, contextFixture, idsOf } from './strategy-fixtures.js';
import type { StrategyContext } from './strategy.js';

function config(fields: Partial<Record<keyof BanditStrategyConfig, unknown>> = {}): BanditStrategyConfig {
  return BanditStrategySchema.parse({ type: 'bandit', exploration: 0, ...fields });
}

const candidates = [candidateFixture('sim/bad-at-code'), candidateFixture('sim/good-at-code')];

function codeRequest(overrides: Partial<StrategyContext> = {}): StrategyContext {
  return contextFixture({ request: { model: 'smart', messages: [{ role: 'user', content: 'hi' }], metadata: { category: 'code' } }, ...overrides });
}

/** How often each deployment goes first over `count` rankings. */
function firstShares(strategy: ReturnType<typeof banditStrategy>, context: StrategyContext, count: number): Map<string, number> {
  const shares = new Map<string, number>();
  for (let index = 0; index < count; index++) {
    const first = strategy.rank(candidates, context).ordered[0]!.deployment.id;
    shares.set(first, (shares.get(first) ?? 0) + 1 / count);
  }
  return shares;
}

test('bandit: the arm with the better feedback goes first far more often; the reason names category, draw, mean and ratings', () => {
  const arms = new BanditArms();
  arms.add('smart', 'code', 'sim/bad-at-code', 40, 8);
  arms.add('smart', 'code', 'sim/good-at-code', 40, 32);
  const strategy = banditStrategy(config(), arms);
  const random = createSeededRandom(1);
  const shares = firstShares(strategy, codeRequest({ random }), 2_000);
  // Beta(33, 9) against Beta(9, 33): the worse one wins a draw almost never.
  assert.ok((shares.get('sim/good-at-code') ?? 0) > 0.99, JSON.stringify([...shares]));

  const ranking = strategy.rank(candidates, codeRequest({ random }));
  assert.equal(ranking.category, 'code');
  assert.match(ranking.reason, /^bandit: code: sim\/good-at-code sampled 0\.\d\d \(mean 0\.79 of 40 ratings, of 2\)$/);
  const score = ranking.scores.get('sim/bad-at-code');
  assert.match(score?.detail ?? '', /^sampled 0\.\d\d \(mean 0\.21 of 40 ratings\)$/);
  assert.ok(score !== undefined && score.score >= 0 && score.score <= 1);
});

test('bandit: feedback on another category or model does not count; without feedback both draw from the prior (about even)', () => {
  const arms = new BanditArms();
  arms.add('smart', 'chat', 'sim/good-at-code', 50, 0);
  arms.add('other', 'code', 'sim/good-at-code', 50, 0);
  const strategy = banditStrategy(config(), arms);
  const shares = firstShares(strategy, codeRequest({ random: createSeededRandom(2) }), 4_000);
  assert.ok(Math.abs((shares.get('sim/good-at-code') ?? 0) - 0.5) < 0.05, JSON.stringify([...shares]));
  assert.match(strategy.rank(candidates, codeRequest({ random: createSeededRandom(2) })).reason, /\(no ratings yet, of 2\)$/);
  // The prior speaks when nothing else does: a pessimistic prior still leaves the order to chance.
  assert.ok(banditStrategy(config({ prior: { alpha: 1, beta: 9 } })).rank(candidates, codeRequest()).ordered.length === 2);
});

test('bandit: the exploration share of requests is ordered uniformly at random, whatever the feedback says', () => {
  const arms = new BanditArms();
  arms.add('smart', 'code', 'sim/good-at-code', 500, 500);
  arms.add('smart', 'code', 'sim/bad-at-code', 500, 0);
  const strategy = banditStrategy(config({ exploration: 0.3 }), arms);
  const random = createSeededRandom(5);
  const count = 5_000;
  let exploring = 0;
  let badFirstWhileExploring = 0;
  for (let index = 0; index < count; index++) {
    const ranking = strategy.rank(candidates, codeRequest({ random }));
    if (!ranking.reason.includes('exploring')) {
      assert.equal(ranking.ordered[0]!.deployment.id, 'sim/good-at-code');
      continue;
    }
    exploring++;
    if (ranking.ordered[0]!.deployment.id === 'sim/bad-at-code') badFirstWhileExploring++;
  }
  // 30 % ± 2 points (about three standard deviations at 5,000 requests); half of those put the bad arm first.
  assert.ok(Math.abs(exploring / count - 0.3) < 0.02, `${exploring} of ${count} explored`);
  assert.ok(Math.abs(badFirstWhileExploring / exploring - 0.5) < 0.05, `${badFirstWhileExploring} of ${exploring}`);
  const explored = (() => {
    for (;;) {
      const ranking = strategy.rank(candidates, codeRequest({ random }));
      if (ranking.reason.includes('exploring')) return ranking;
    }
  })();
  assert.match(explored.reason, /^bandit: code: exploring, sim\/(bad|good)-at-code at random \(30% of requests; mean (0\.00|1\.00) of 500 ratings\)$/);
  assert.match(explored.scores.get('sim/good-at-code')?.detail ?? '', /^random order \(mean 1\.00 of 500 ratings\)$/);
  // Exploration 0: never.
  const never = banditStrategy(config({ exploration: 0 }), arms);
  for (let index = 0; index < 500; index++) assert.doesNotMatch(never.rank(candidates, codeRequest({ random })).reason, /exploring/);
});

test('bandit: the category comes from a selector first, then metadata or a header, else "default"; categories limits the values', () => {
  const fromMetadata = banditStrategy(config());
  assert.equal(fromMetadata.rank(candidates, codeRequest()).category, 'code');
  assert.equal(fromMetadata.rank(candidates, codeRequest({ category: 'math' })).category, 'math', "a selector's category wins");
  assert.equal(fromMetadata.rank(candidates, contextFixture()).category, 'default');
  assert.equal(fromMetadata.rank(candidates, contextFixture({ request: { model: 'smart', messages: [], metadata: { category: 7 } } })).category, '7');
  assert.equal(fromMetadata.rank(candidates, contextFixture({ request: { model: 'smart', messages: [], metadata: { category: 'x'.repeat(65) } } })).category, 'default');

  const fromHeader = banditStrategy(config({ category: 'header:x-task' }));
  assert.equal(fromHeader.rank(candidates, contextFixture({ headers: { 'x-task': 'code' } })).category, 'code');
  assert.equal(fromHeader.rank(candidates, contextFixture({ headers: { 'x-task': ['summary', 'code'] } })).category, 'summary');
  assert.equal(fromHeader.rank(candidates, codeRequest()).category, 'default', 'metadata is not the configured source');

  const limited = banditStrategy(config({ categories: ['code', 'chat'] }));
  assert.equal(limited.rank(candidates, codeRequest()).category, 'code');
  assert.equal(limited.rank(candidates, codeRequest({ category: 'poetry' })).category, 'default');
});

test('bandit: one candidate and none', () => {
  const strategy = banditStrategy(config());
  assert.deepEqual(idsOf(strategy.rank([candidates[0]!], codeRequest()).ordered), ['sim/bad-at-code']);
  assert.equal(strategy.rank([], codeRequest()).reason, 'bandit: no candidates');
});
