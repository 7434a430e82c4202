import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { parse } from 'yaml';
import { ConfigSchema } from './config-schema.js';

function strategyIssues(strategy: unknown): string[] {
  const result = ConfigSchema.safeParse({ models: [{ name: 'g', strategy, deployments: [{ provider: 'p', model: 'm' }] }] });
  return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
}

test('strategies: a name alone, an object, and nested rules and A/B', () => {
  const parsed = ConfigSchema.parse({
    models: [
      { name: 'a', strategy: 'cost', deployments: [{ provider: 'p', model: 'm' }] },
      { name: 'b', strategy: { type: 'rules', rules: [{ when: { has_images: true }, use: { strategy: 'quality' } }], default: 'latency' }, deployments: [{ provider: 'p', model: 'm' }] },
    ],
  });
  assert.deepEqual(parsed.models[0]?.strategy, { type: 'cost' });
  assert.deepEqual(parsed.models[1]?.strategy, { type: 'rules', rules: [{ when: { has_images: true }, use: { strategy: { type: 'quality', tolerance: 0 } } }], default: { type: 'latency' } });
  assert.deepEqual(parsed.routing.auto.strategy, { type: 'hybrid', weights: { cost: 0.4, latency: 0.3, quality: 0.3 } });
});

test('learned: a router path, strong and weak targets (a bare string is a group), and exactly one of threshold, strong_share', () => {
  const parsed = ConfigSchema.parse({
    models: [
      {
        name: 'g',
        strategy: { type: 'learned', router: 'router.json', strong: 'big', weak: { strategy: 'cost' }, strong_share: 0.3 },
        deployments: [{ provider: 'p', model: 'm' }],
      },
    ],
  });
  assert.deepEqual(parsed.models[0]?.strategy, { type: 'learned', router: 'router.json', strong: { group: 'big' }, weak: { strategy: { type: 'cost' } }, strong_share: 0.3 });
  const base = { type: 'learned', router: 'router.json', strong: 'big', weak: 'small' };
  assert.deepEqual(strategyIssues({ ...base, threshold: 0.5 }), []);
  assert.match(strategyIssues(base)[0]!, /strategy: give exactly one of threshold, strong_share/);
  assert.match(strategyIssues({ ...base, threshold: 0.5, strong_share: 0.3 })[0]!, /strategy: give exactly one of threshold, strong_share/);
  assert.match(strategyIssues({ ...base, threshold: 1.5 })[0]!, /strategy.threshold: /);
  assert.match(strategyIssues({ ...base, router: '', threshold: 0.5 })[0]!, /strategy.router: /);
  assert.match(strategyIssues({ ...base, strong: { group: 'a', strategy: 'cost' }, threshold: 0.5 })[0]!, /strategy.strong: give exactly one of group, strategy/);
  assert.match(strategyIssues({ type: 'learned', router: 'r.json', strong: 'big', threshold: 0.5 })[0]!, /strategy.weak: /);
});

test('llm: a classifier group, categories with a description and a target, a default among them; timeout, cache and input cut have defaults', () => {
  const base = {
    type: 'llm',
    model: 'router-small',
    categories: { code: { description: 'programming', use: 'code-models' }, general: { use: { strategy: 'cost' } } },
    default: 'general',
  };
  const parsed = ConfigSchema.parse({ models: [{ name: 'g', strategy: base, deployments: [{ provider: 'p', model: 'm' }] }] });
  assert.deepEqual(parsed.models[0]?.strategy, {
    type: 'llm',
    model: 'router-small',
    categories: { code: { description: 'programming', use: { group: 'code-models' } }, general: { use: { strategy: { type: 'cost' } } } },
    default: 'general',
    timeout_ms: 1500,
    cache: { max_entries: 10_000, ttl_ms: 3_600_000 },
    max_input_chars: 4000,
  });
  assert.deepEqual(strategyIssues({ ...base, timeout_ms: 300, cache: { max_entries: 0 }, max_input_chars: 1000 }), []);
  assert.deepEqual(strategyIssues({ ...base, default: 'other' }), ['models.0.strategy.default: must name one of the categories']);
  assert.match(strategyIssues({ ...base, categories: { code: { use: 'x' } }, default: 'code' })[0]!, /strategy.categories: give at least two categories/);
  assert.match(strategyIssues({ ...base, categories: { ...base.categories, Code: { use: 'y' } } })[0]!, /strategy.categories: category names must differ in more than case/);
  assert.match(strategyIssues({ ...base, categories: { ...base.categories, 'two words': { use: 'y' } } })[0]!, /strategy.categories.two words: a category name is letters, digits, - and _/);
  assert.match(strategyIssues({ ...base, categories: { ...base.categories, math: { description: 'sums' } } })[0]!, /strategy.categories.math.use: /);
  assert.match(strategyIssues({ ...base, model: '' })[0]!, /strategy.model: /);
  assert.match(strategyIssues({ ...base, timeout_ms: 0 })[0]!, /strategy.timeout_ms: /);
  assert.match(strategyIssues({ ...base, cache: { size: 5 } })[0]!, /strategy.cache: .*size/);
  assert.match(strategyIssues({ ...base, temperature: 0 })[0]!, /strategy: .*temperature/);
});

test('a wrong strategy is refused with a message that says what would do', () => {
  assert.match(strategyIssues({ type: 'fastest' })[0]!, /unknown strategy "fastest"; expected one of/);
  assert.match(strategyIssues({ type: 'hybrid', weights: { cost: 0 } })[0]!, /at least one of cost, latency, quality must be above 0/);
  assert.match(strategyIssues({ type: 'ab', variants: [{ weight: 1 }, { weight: 1, group: 'x' }] })[0]!, /variants.0: give exactly one of group, strategy/);
  assert.match(strategyIssues({ type: 'rules', rules: [{ when: { regex: '(' }, use: { group: 'x' } }] })[0]!, /when.regex: is not a valid regular expression/);
  assert.match(strategyIssues({ type: 'rules', rules: [{ when: { hours: '9 to 5' }, use: { group: 'x' } }] })[0]!, /must be "HH-HH" in UTC/);
});

test('every YAML example in docs/routing.md is a valid config (or strategy)', () => {
  const markdown = readFileSync(new URL('../../docs/routing.md', import.meta.url), 'utf8');
  const blocks = [...markdown.matchAll(/```yaml\n([\s\S]*?)```/g)].map((match) => parse(match[1]!) as Record<string, unknown>);
  assert.ok(blocks.length >= 3);
  for (const block of blocks) {
    const tree = 'strategy' in block ? { models: [{ name: 'x', strategy: block['strategy'], deployments: [{ provider: 'p', model: 'm' }] }] } : block;
    const result = ConfigSchema.safeParse(tree);
    assert.ok(result.success, JSON.stringify(result.error?.issues));
  }
});
