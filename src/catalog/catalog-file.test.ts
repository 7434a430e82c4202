import assert from 'node:assert/strict';
import { test } from 'node:test';
import { providerOf } from './catalog.js';
import { loadCatalog } from './load-catalog.js';

/** The bundled catalog: what the gateway promises about coverage and provenance. */
const catalog = loadCatalog();

test('at least 60 models from at least 20 providers, ids unique', () => {
  assert.ok(catalog.models.length >= 60, `${catalog.models.length} models`);
  const providers = new Set(catalog.models.map((model) => providerOf(model.id)));
  assert.ok(providers.size >= 20, `${providers.size} providers`);
  assert.equal(new Set(catalog.models.map((model) => model.id)).size, catalog.models.length);
});

test('every model names its source and the date of its figures, and its provider is described', () => {
  for (const model of catalog.models) {
    assert.ok(model.source, `${model.id} has a source`);
    assert.ok(model.checked, `${model.id} has a date`);
    assert.ok(catalog.providers[providerOf(model.id)], `${model.id}: provider described`);
  }
});

test('the Skylark family on BytePlus ModelArk is there', () => {
  for (const id of ['skylark-lite-250215', 'skylark-pro', 'skylark-vision-250515']) assert.ok(catalog.find('byteplus', id), id);
  assert.equal(catalog.providers.byteplus?.base_url, 'https://ark.ap-southeast.bytepluses.com/api/v3');
  assert.ok(catalog.find('byteplus', 'skylark-vision-250515')?.capabilities.includes('vision'));
});

test('chat models have prices and context windows where known; embedding models have dimensions', () => {
  const openaiMini = catalog.find('openai', 'gpt-4.1-mini');
  assert.ok(openaiMini?.price && openaiMini.price.input > 0 && openaiMini.price.output > openaiMini.price.input);
  assert.ok((openaiMini?.context_window ?? 0) > 100_000);
  for (const model of catalog.models.filter((entry) => entry.mode === 'embedding')) {
    assert.ok(model.capabilities.includes('embeddings'), `${model.id} says it embeds`);
  }
  const anthropic = catalog.modelsOf('anthropic').find((model) => model.price?.cache_write !== undefined);
  assert.ok(anthropic, 'an Anthropic model carries a cache-write price');
});

test('config overrides merge field by field and can add models', () => {
  const merged = loadCatalog({ overrides: [{ id: 'openai/gpt-4.1-mini', price: { input: 1, output: 2 } }, { id: 'local/llama3.2', context_window: 131072 }] });
  assert.equal(merged.find('openai', 'gpt-4.1-mini')?.price?.input, 1);
  assert.equal(merged.find('openai', 'gpt-4.1-mini')?.context_window, catalog.find('openai', 'gpt-4.1-mini')?.context_window);
  assert.equal(merged.find('local', 'llama3.2')?.context_window, 131072);
});
