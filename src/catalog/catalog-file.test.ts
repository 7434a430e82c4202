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

test('quality scores are 0–1, only on chat models, and each names its leaderboard, copy date and entry', () => {
  const scored = catalog.models.filter((model) => model.quality !== undefined);
  assert.ok(scored.length >= 60, `${scored.length} models scored`);
  for (const model of catalog.models) {
    if (model.mode === 'embedding') assert.equal(model.quality, undefined, `${model.id}: embedding models get no quality`);
    if (model.quality_source !== undefined) assert.notEqual(model.quality, undefined, `${model.id}: a quality_source without a quality`);
  }
  for (const model of scored) {
    const quality = model.quality!;
    assert.ok(quality >= 0 && quality <= 1, `${model.id}: ${quality} outside 0–1`);
    assert.ok(model.quality_source, `${model.id} has a quality score but no quality_source`);
    assert.match(model.quality_source, /\d{4}-\d{2}-\d{2}/, `${model.id}: quality_source names the date of the copy read`);
  }
});

test('every quality score is on one scale and equals the index its source quotes, divided by 100', () => {
  // A second leaderboard or index version would make scores incomparable; adding one must be a deliberate change here.
  const scales = new Set<string>();
  for (const model of catalog.models.filter((entry) => entry.quality !== undefined)) {
    const source = model.quality_source ?? '';
    scales.add(source.slice(0, source.indexOf(':')));
    const quoted = /= (\d+(?:\.\d+)?)/.exec(source);
    assert.ok(quoted, `${model.id}: quality_source quotes the index value`);
    assert.equal(model.quality, Math.round(Number(quoted[1]) * 10) / 1000, `${model.id}: quality = quoted index / 100`);
  }
  assert.deepEqual([...scales], ['Artificial Analysis Intelligence Index v4.1 (copy of 2026-07-10)']);
});

test('quality is overridable from config, and an out-of-range override is refused', () => {
  const merged = loadCatalog({ overrides: [{ id: 'openai/gpt-4o-mini', quality: 0.9, quality_source: 'our own eval, 2026-11-30' }] });
  assert.equal(merged.find('openai', 'gpt-4o-mini')?.quality, 0.9);
  assert.notEqual(catalog.find('openai', 'gpt-4o-mini')?.quality, 0.9);
  assert.throws(() => loadCatalog({ overrides: [{ id: 'openai/gpt-4o-mini', quality: 1.5 }] }), /quality/);
  assert.throws(() => loadCatalog({ overrides: [{ id: 'openai/gpt-4o-mini', quality: -0.1 }] }), /quality/);
});
