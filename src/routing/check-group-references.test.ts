import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Catalog } from '../catalog/catalog.js';
import { ConfigError } from '../config/config-error.js';
import { ConfigSchema } from '../config/config-schema.js';
import type { ChatProvider } from '../providers/provider.js';
import { checkGroupReferences } from './check-group-references.js';
import { ModelTable, type ProviderEntry } from './model-table.js';

const catalog = new Catalog({ openai: { name: 'OpenAI' } }, [
  { id: 'openai/gpt-4.1-mini', mode: 'chat', capabilities: ['tools'], aliases: [], context_window: 1_000_000 },
  { id: 'local/llama3.2', mode: 'chat', capabilities: ['tools'], aliases: [], context_window: 131_072 },
]);

const providers = new Map<string, ProviderEntry>([
  ['oai', { provider: { id: 'oai' } as ChatProvider, catalogProviders: ['oai', 'openai'] }],
  ['local', { provider: { id: 'local' } as ChatProvider, catalogProviders: ['local'] }],
]);

const group = (name: string, extra: Record<string, unknown> = {}) => ({ name, deployments: [{ provider: 'local', model: 'llama3.2' }], ...extra });
const rulesTo = (...targets: Array<Record<string, unknown>>) => ({ type: 'rules', rules: targets.map((use, index) => ({ when: { keywords: [`word${index}`] }, use })) });
const abOf = (...targets: Array<Record<string, unknown>>) => ({ type: 'ab', variants: targets.map((target) => ({ weight: 1, ...target })) });

/** Parses the config as the loader does and checks it against the model table built from it. */
function check(input: unknown): void {
  const config = ConfigSchema.parse(input);
  const models = new ModelTable({ providers, catalog, groups: config.models, routing: config.routing, warn: () => {} });
  checkGroupReferences(config, models);
}

/** The problems of the ConfigError the check throws. */
function problemsOf(input: unknown): string[] {
  try {
    check(input);
  } catch (error) {
    assert.ok(error instanceof ConfigError, `expected a ConfigError, got ${String(error)}`);
    for (const problem of error.problems) assert.ok(error.message.includes(problem), 'the message lists each problem');
    return error.problems;
  }
  assert.fail('expected checkGroupReferences to throw');
}

test('names of configured groups, <provider>/<model>, catalog ids and bare catalog ids all pass, wherever they are named', () => {
  assert.doesNotThrow(() =>
    check({
      models: [
        group('fast', { fallbacks: ['cheap', 'oai/gpt-4.1-mini', 'oai/a-model-the-catalog-does-not-know', 'openai/gpt-4.1-mini', 'gpt-4.1-mini'] }),
        group('cheap', { strategy: rulesTo({ group: 'fast' }, { group: 'local/llama3.2' }, { strategy: abOf({ group: 'cheap' }, { strategy: 'cost' }) }) }),
        group('split', { strategy: abOf({ group: 'fast' }, { group: 'oai/gpt-4.1-mini' }) }),
      ],
      routing: {
        default_strategy: { ...rulesTo({ group: 'cheap' }), default: abOf({ group: 'split' }, { strategy: 'latency' }) },
        auto: { strategy: rulesTo({ group: 'fast' }), groups: ['fast', 'oai/gpt-4.1-mini'] },
      },
    }),
  );
});

test('a config without any reference passes', () => {
  assert.doesNotThrow(() => check({}));
  assert.doesNotThrow(() => check({ models: [group('solo')] }));
});

test('an unknown fallback is reported with its path', () => {
  assert.deepEqual(problemsOf({ models: [group('fast', { fallbacks: ['local/llama3.2', 'chep'] })] }), ['models[0].fallbacks[1]: no model group or model "chep"']);
});

test('a <provider>/<model> of a provider that is not configured is unknown', () => {
  assert.deepEqual(problemsOf({ models: [group('fast', { fallbacks: ['anthropic/claude-sonnet-4-5'] })] }), [
    'models[0].fallbacks[0]: no model group or model "anthropic/claude-sonnet-4-5"',
  ]);
});

test('an unknown rule target is reported with its path', () => {
  assert.deepEqual(problemsOf({ models: [group('fast'), group('routed', { strategy: rulesTo({ group: 'fast' }, { group: 'slow' }) })] }), [
    'models[1].strategy.rules[1].use.group: no model group or model "slow"',
  ]);
});

test('an unknown A/B target is reported with its path', () => {
  assert.deepEqual(problemsOf({ models: [group('fast', { strategy: abOf({ strategy: 'cost' }, { group: 'fats' }) })] }), [
    'models[0].strategy.variants[1].group: no model group or model "fats"',
  ]);
});

test('targets nested in rules, A/B variants and a rules default are all walked', () => {
  const nested = { ...rulesTo({ strategy: abOf({ group: 'fast' }, { group: 'ghost' }) }), default: abOf({ strategy: rulesTo({ group: 'phantom' }) }, { group: 'fast' }) };
  assert.deepEqual(problemsOf({ models: [group('fast', { strategy: nested })] }), [
    'models[0].strategy.rules[0].use.strategy.variants[1].group: no model group or model "ghost"',
    'models[0].strategy.default.variants[0].strategy.rules[0].use.group: no model group or model "phantom"',
  ]);
});

test('routing.default_strategy and routing.auto.strategy are checked too', () => {
  const problems = problemsOf({ models: [group('fast')], routing: { default_strategy: rulesTo({ group: 'missing-one' }), auto: { strategy: abOf({ group: 'fast' }, { group: 'missing-two' }) } } });
  assert.deepEqual(problems, [
    'routing.default_strategy.rules[0].use.group: no model group or model "missing-one"',
    'routing.auto.strategy.variants[1].group: no model group or model "missing-two"',
  ]);
});

test('an unknown routing.auto.groups entry is reported with its index', () => {
  assert.deepEqual(problemsOf({ models: [group('fast')], routing: { auto: { groups: ['fast', 'fastest'] } } }), ['routing.auto.groups[1]: no model group or model "fastest"']);
});

test('every problem is listed at once, in config order', () => {
  const problems = problemsOf({
    models: [group('fast', { fallbacks: ['one'], strategy: rulesTo({ group: 'two' }) }), group('slow', { fallbacks: ['fast', 'three'] })],
    routing: { auto: { groups: ['four'] } },
  });
  assert.deepEqual(problems, [
    'models[0].fallbacks[0]: no model group or model "one"',
    'models[0].strategy.rules[0].use.group: no model group or model "two"',
    'models[1].fallbacks[1]: no model group or model "three"',
    'routing.auto.groups[0]: no model group or model "four"',
  ]);
});

test('a routing.auto.groups name the check lets through really adds its deployments to auto', () => {
  // Either answer is sound: refuse the name at start, or serve it. Passing it and then leaving it out
  // of auto silently is not.
  for (const name of ['oai/gpt-4.1-mini', 'openai/gpt-4.1-mini', 'gpt-4.1-mini', 'oai/a-model-the-catalog-does-not-know']) {
    const config = ConfigSchema.parse({ models: [group('fast')], routing: { auto: { groups: ['fast', name] } } });
    const models = new ModelTable({ providers, catalog, groups: config.models, routing: config.routing, warn: () => {} });
    let refused = false;
    try {
      checkGroupReferences(config, models);
    } catch (error) {
      assert.ok(error instanceof ConfigError && error.problems.some((problem) => problem.startsWith('routing.auto.groups[1]')), String(error));
      refused = true;
    }
    if (refused) continue;
    const named = models.resolve(name)!.deployments.map((deployment) => deployment.id);
    const auto = models.resolve('auto')?.deployments.map((deployment) => deployment.id) ?? [];
    for (const id of named) assert.ok(auto.includes(id), `routing.auto.groups names "${name}" (${id}), but auto is ${JSON.stringify(auto)}`);
  }
});
