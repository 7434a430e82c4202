import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Catalog } from '../../catalog/catalog.js';
import { ConfigError } from '../../config/config-error.js';
import { ConfigSchema } from '../../config/config-schema.js';
import type { ChatProvider } from '../../providers/provider.js';
import { checkGroupReferences } from '../check-group-references.js';
import { ModelTable, type ProviderEntry } from '../model-table.js';

const catalog = new Catalog({}, [{ id: 'local/llama3.2', mode: 'chat', capabilities: ['tools'], aliases: [], context_window: 131_072 }]);
const providers = new Map<string, ProviderEntry>([['local', { provider: { id: 'local' } as ChatProvider, catalogProviders: ['local'] }]]);

const group = (name: string, extra: Record<string, unknown> = {}) => ({ name, deployments: [{ provider: 'local', model: 'llama3.2' }], ...extra });
const llm = (model: string, extra: Record<string, unknown> = {}) => ({
  type: 'llm',
  model,
  categories: { code: { description: 'programming', use: 'coder' }, general: { use: { strategy: 'cost' } } },
  default: 'general',
  ...extra,
});

function problemsOf(input: unknown): string[] {
  const config = ConfigSchema.parse(input);
  const models = new ModelTable({ providers, catalog, groups: config.models, routing: config.routing, warn: () => {} });
  try {
    checkGroupReferences(config, models);
  } catch (error) {
    assert.ok(error instanceof ConfigError, `expected a ConfigError, got ${String(error)}`);
    return error.problems;
  }
  return [];
}

test('a classifier group that routes plainly, a catalog id, and llm strategies nested in selectors pass', () => {
  assert.deepEqual(
    problemsOf({
      models: [
        group('coder'),
        group('router-small', { strategy: { type: 'rules', rules: [{ when: { has_tools: true }, use: { group: 'coder' } }] }, fallbacks: ['coder'] }),
        group('smart', { strategy: llm('router-small') }),
        group('catalog-classified', { strategy: llm('local/llama3.2') }),
        group('nested', { strategy: { type: 'ab', variants: [{ weight: 1, strategy: llm('router-small') }, { weight: 1, group: 'smart' }] } }),
      ],
    }),
    [],
  );
});

test('the classifier model and the categories\' groups must exist; the error names the field', () => {
  const problems = problemsOf({
    models: [group('smart', { strategy: llm('router-smal', { categories: { code: { use: 'codr' }, general: { use: { strategy: llm('router-small') } } } }) }), group('router-small')],
  });
  assert.deepEqual(problems, [
    'models[0].strategy.model: no model group or model "router-smal"',
    'models[0].strategy.categories.code.use.group: no model group or model "codr"',
    'models[0].strategy.categories.general.use.strategy.categories.code.use.group: no model group or model "coder"',
  ]);
});

test('a classifier routed by an llm strategy itself is refused, with the path that leads there', () => {
  // Directly: the classifier group classifies with itself.
  assert.deepEqual(problemsOf({ models: [group('coder'), group('smart', { strategy: llm('smart') })] }), [
    'models[1].strategy.model: the classifier "smart" is itself routed by an llm strategy ("smart" → strategy llm); name a group whose routing asks no classifier',
  ]);
  // Through a rule's group, a nested strategy, and a fallback group.
  const viaRule = problemsOf({
    models: [
      group('coder'),
      group('smart', { strategy: llm('router') }),
      group('router', { strategy: { type: 'rules', rules: [{ when: { has_tools: true }, use: { group: 'smart' } }] } }),
    ],
  });
  assert.deepEqual(viaRule, [
    'models[1].strategy.model: the classifier "router" is itself routed by an llm strategy ("router" → strategy group "smart" → strategy llm); name a group whose routing asks no classifier',
  ]);
  const viaNested = problemsOf({
    models: [group('coder'), group('other', { strategy: llm('coder') }), group('smart', { strategy: llm('router') }), group('router', { strategy: { type: 'ab', variants: [{ weight: 1, strategy: llm('coder') }, { weight: 1, strategy: 'cost' }] } })],
  });
  assert.match(viaNested.join('\n'), /models\[2\]\.strategy\.model: the classifier "router" is itself routed by an llm strategy \("router" → strategy ab → llm\)/);
  const viaFallback = problemsOf({ models: [group('coder'), group('smart', { strategy: llm('router') }), group('router', { fallbacks: ['smart'] })] });
  assert.deepEqual(viaFallback, [
    'models[1].strategy.model: the classifier "router" is itself routed by an llm strategy ("router" → fallback "smart" → strategy llm); name a group whose routing asks no classifier',
  ]);
  // routing.default_strategy reaches every configured group that names no strategy.
  const viaDefault = problemsOf({ models: [group('coder'), group('router')], routing: { default_strategy: llm('router') } });
  assert.ok(viaDefault.includes('routing.default_strategy.model: the classifier "router" is itself routed by an llm strategy ("router" → strategy llm); name a group whose routing asks no classifier'), viaDefault.join('\n'));
});
