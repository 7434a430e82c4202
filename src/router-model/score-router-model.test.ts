import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compileRouterModel } from './compile-router-model.js';
import { extractFeatures } from './extract-features.js';
import { logistic } from './logistic.js';
import { parseRouterModel } from './parse-router-model.js';
import { scoreRouterModel } from './score-router-model.js';
import { syntheticRouterItems } from './synthetic-router-items.js';
import { trainRouterModel } from './train-router-model.js';

const items = syntheticRouterItems(600, 12);
const model = trainRouterModel(items.slice(0, 400));
const heldOut = items.slice(400);

test('a model read back from its JSON scores every prompt identically', () => {
  const original = compileRouterModel(model);
  const loaded = compileRouterModel(parseRouterModel(JSON.parse(JSON.stringify(model))));
  for (const item of heldOut) assert.equal(scoreRouterModel(loaded, item.prompt), scoreRouterModel(original, item.prompt));
});

test('scores are probabilities, higher for the prompts only the strong model solves', () => {
  const compiled = compileRouterModel(model);
  const mean = (selected: typeof heldOut): number =>
    selected.reduce((sum, item) => sum + scoreRouterModel(compiled, item.prompt), 0) / selected.length;
  for (const item of heldOut) {
    const score = scoreRouterModel(compiled, item.prompt);
    assert.ok(score > 0 && score < 1);
  }
  assert.ok(mean(heldOut.filter((item) => item.math)) > mean(heldOut.filter((item) => !item.math)) + 0.3);
});

test('a prompt of unseen words gets the bias plus its dense part', () => {
  const prompt = 'Zyxwv quorbl fnargh?';
  const dense = extractFeatures(prompt, model.features).dense;
  const z = model.dense.reduce((sum, feature, index) => sum + ((dense[index]! - feature.mean) / feature.scale) * feature.weight, model.bias);
  assert.ok(Math.abs(scoreRouterModel(compileRouterModel(model), prompt) - logistic(z)) < 1e-15);
});
