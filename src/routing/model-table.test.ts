import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Catalog } from '../catalog/catalog.js';
import { ConfigSchema } from '../config/config-schema.js';
import type { ChatProvider } from '../providers/provider.js';
import { ModelTable, type ProviderEntry } from './model-table.js';

const catalog = new Catalog({ openai: { name: 'OpenAI' } }, [
  { id: 'openai/gpt-4.1-mini', mode: 'chat', capabilities: ['tools', 'vision'], aliases: ['gpt-4.1-mini-2025-04-14'], context_window: 1_000_000, price: { input: 0.4, output: 1.6 } },
  { id: 'openai/text-embedding-3-small', mode: 'embedding', capabilities: ['embeddings'], aliases: [] },
  { id: 'local/llama3.2', mode: 'chat', capabilities: ['tools'], aliases: [], context_window: 131_072 },
]);

function entry(id: string, catalogProviders: string[]): [string, ProviderEntry] {
  return [id, { provider: { id } as ChatProvider, catalogProviders }];
}

function table(warnings: string[] = []) {
  const providers = new Map([entry('oai', ['oai', 'openai']), entry('local', ['local'])]);
  const config = ConfigSchema.parse({
    models: [{ name: 'fast', deployments: [{ provider: 'local', model: 'llama3.2' }, { provider: 'oai', model: 'mystery-model', price: { input: 1, output: 2 }, weight: 3, rpm: 60, region: 'eu' }] }],
  });
  return new ModelTable({ providers, catalog, groups: config.models, routing: config.routing, warn: (message) => warnings.push(message) });
}

test('a configured group keeps its deployments in order, with catalog facts and price overrides', () => {
  const warnings: string[] = [];
  const group = table(warnings).resolve('fast');
  assert.deepEqual(group?.deployments.map((deployment) => deployment.id), ['local/llama3.2', 'oai/mystery-model']);
  assert.equal(group?.deployments[0]?.contextWindow, 131_072);
  assert.equal(group?.deployments[1]?.capabilities, undefined, 'unknown model: every capability assumed');
  assert.deepEqual(group?.deployments[1]?.price, { input: 1, output: 2 });
  assert.deepEqual([group?.deployments[1]?.weight, group?.deployments[1]?.rpm, group?.deployments[1]?.region], [3, 60, 'eu']);
  assert.deepEqual([group?.deployments[0]?.weight, group?.deployments[0]?.priority, group?.deployments[0]?.rpm], [1, 0, undefined]);
  assert.equal(group?.strategy.type, 'priority', 'the default strategy of a configured group');
  assert.equal(warnings.length, 1);
  assert.match(warnings[0]!, /the catalog does not know oai\/mystery-model; it is served all the same/);
});

test('<provider>/<model> reaches any model of a configured provider, known to the catalog or not', () => {
  const models = table();
  assert.equal(models.resolve('oai/gpt-4.1-mini')?.deployments[0]?.price?.input, 0.4);
  const unknown = models.resolve('oai/brand-new-model');
  assert.equal(unknown?.deployments[0]?.model, 'brand-new-model');
  assert.equal(unknown?.deployments[0]?.price, undefined);
  assert.equal(models.resolve('nope/gpt-4.1-mini'), undefined);
  assert.equal(models.resolve('oai/'), undefined);
});

test('a catalog id reaches the one provider that serves that catalog provider; a bare id or alias too', () => {
  const models = table();
  assert.equal(models.resolve('openai/gpt-4.1-mini')?.deployments[0]?.id, 'oai/gpt-4.1-mini');
  assert.equal(models.resolve('gpt-4.1-mini')?.deployments[0]?.id, 'oai/gpt-4.1-mini');
  assert.equal(models.resolve('gpt-4.1-mini-2025-04-14')?.deployments[0]?.id, 'oai/gpt-4.1-mini');
  assert.equal(models.resolve('llama3.2')?.deployments[0]?.id, 'local/llama3.2');
  assert.equal(models.resolve('text-embedding-3-small')?.deployments[0]?.mode, 'embedding');
  assert.equal(models.resolve('gpt-9'), undefined);
});

test('the list has configured groups and the catalog models of configured providers', () => {
  const names = table().list().map((group) => group.name);
  for (const name of ['fast', 'oai/gpt-4.1-mini', 'oai/text-embedding-3-small', 'local/llama3.2']) assert.ok(names.includes(name), name);
});

test('auto is every deployment of the configured groups, ranked by routing.auto.strategy', () => {
  const auto = table().resolve('auto');
  assert.deepEqual(auto?.deployments.map((deployment) => deployment.id), ['local/llama3.2', 'oai/mystery-model']);
  assert.equal(auto?.strategy.type, 'hybrid');
});

test('without configured groups, auto is every catalog chat model of a configured provider', () => {
  const providers = new Map([entry('oai', ['oai', 'openai']), entry('local', ['local'])]);
  const config = ConfigSchema.parse({});
  const models = new ModelTable({ providers, catalog, groups: config.models, routing: config.routing, warn: () => {} });
  assert.deepEqual(models.resolve('auto')?.deployments.map((deployment) => deployment.id).sort(), ['local/llama3.2', 'oai/gpt-4.1-mini']);
});
