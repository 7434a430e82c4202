import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compileRouterModel } from './compile-router-model.js';
import { parseRouterModel } from './parse-router-model.js';
import { quantilePosition } from './quantile-position.js';
import { scoreRouterModel, scoreRouterModelParts } from './score-router-model.js';
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

test('scores lie in 0–1 and are higher for the prompts only the strong model solves', () => {
  const compiled = compileRouterModel(model);
  const mean = (selected: typeof heldOut): number =>
    selected.reduce((sum, item) => sum + scoreRouterModel(compiled, item.prompt), 0) / selected.length;
  for (const item of heldOut) {
    const score = scoreRouterModel(compiled, item.prompt);
    assert.ok(score >= 0 && score <= 1);
  }
  assert.ok(mean(heldOut.filter((item) => item.math)) > mean(heldOut.filter((item) => !item.math)) + 0.3);
});

test('the score blends the positions of similarity and length among the training prompts', () => {
  const compiled = compileRouterModel(model);
  let trusted = 0;
  for (const item of heldOut.slice(0, 40)) {
    const { similarity, mass, score } = scoreRouterModelParts(compiled, item.prompt);
    if (mass < model.massFloor) continue;
    trusted++;
    const expected = 0.8 * quantilePosition(model.similarityQuantiles, similarity) + 0.2 * quantilePosition(model.lengthQuantiles, item.prompt.length);
    assert.ok(Math.abs(score - expected) < 1e-15);
  }
  assert.ok(trusted >= 30, `${trusted} of 40 held-out prompts at or above the mass floor`);
});

test('a prompt that shares nothing with the training prompts is ranked by its length alone', () => {
  const compiled = compileRouterModel(model);
  const parts = scoreRouterModelParts(compiled, 'ʬʭʮ ʯʰʱ');
  assert.equal(parts.similarity, model.meanTarget);
  assert.equal(parts.mass, 0);
  assert.equal(parts.score, quantilePosition(model.lengthQuantiles, 'ʬʭʮ ʯʰʱ'.length));
  // Longer than every training prompt: the top of the scale, whatever the vote.
  const long = 'ʬʭʮ ʯʰʱ '.repeat(400).slice(0, (model.lengthQuantiles[100] ?? 0) + 1);
  assert.equal(scoreRouterModel(compiled, long), 1);
});
