import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigSchema } from './config-schema.js';

function parseStrategy(strategy: unknown): { strategy?: unknown; issues: string[] } {
  const result = ConfigSchema.safeParse({ models: [{ name: 'g', strategy, deployments: [{ provider: 'p', model: 'm' }] }] });
  return result.success ? { strategy: result.data.models[0]?.strategy, issues: [] } : { issues: result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`) };
}

test('bandit: the name alone gets every default (metadata:category, 5 % exploration, Beta(1, 1), 7 days, 5 s refresh)', () => {
  assert.deepEqual(parseStrategy('bandit').strategy, {
    type: 'bandit',
    category: 'metadata:category',
    exploration: 0.05,
    prior: { alpha: 1, beta: 1 },
    window: 7 * 86_400_000,
    refresh_ms: 5_000,
  });
});

test('bandit: window as milliseconds or as text; categories, prior and a header source', () => {
  const parsed = parseStrategy({ type: 'bandit', category: 'header:x-task', categories: ['code', 'chat'], exploration: 0, prior: { beta: 3 }, window: '12h', refresh_ms: 1000 });
  assert.deepEqual(parsed.strategy, { type: 'bandit', category: 'header:x-task', categories: ['code', 'chat'], exploration: 0, prior: { alpha: 1, beta: 3 }, window: 12 * 3_600_000, refresh_ms: 1000 });
  assert.equal((parseStrategy({ type: 'bandit', window: 90_000 }).strategy as { window: number }).window, 90_000);
  assert.equal((parseStrategy({ type: 'bandit', window: '1.5d' }).strategy as { window: number }).window, 36 * 3_600_000);
  assert.equal((parseStrategy({ type: 'bandit', window: '500ms' }).strategy as { window: number }).window, 500);
});

test('bandit: wrong fields are refused with what would do', () => {
  assert.match(parseStrategy({ type: 'bandit', window: 'a week' }).issues.join('\n'), /strategy\.window: must be milliseconds or a duration such as "7d"/);
  assert.match(parseStrategy({ type: 'bandit', category: 'body:task' }).issues[0]!, /strategy\.category: must be "metadata:<key>" or "header:<lower-case name>"/);
  assert.match(parseStrategy({ type: 'bandit', exploration: 1.5 }).issues[0]!, /strategy\.exploration: /);
  assert.match(parseStrategy({ type: 'bandit', prior: { alpha: 0 } }).issues[0]!, /strategy\.prior\.alpha: /);
  assert.match(parseStrategy({ type: 'bandit', refresh_ms: 10 }).issues[0]!, /strategy\.refresh_ms: /);
  assert.match(parseStrategy({ type: 'bandit', epsilon: 0.1 }).issues[0]!, /epsilon/);
});
