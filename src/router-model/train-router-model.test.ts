import assert from 'node:assert/strict';
import { test } from 'node:test';
import { areaUnderRoc } from './area-under-roc.js';
import { compileRouterModel } from './compile-router-model.js';
import { denseFeatureNames } from './dense-feature-names.js';
import { extractFeatures } from './extract-features.js';
import { defaultFeatureSettings } from './feature-settings.js';
import { scoreRouterModel } from './score-router-model.js';
import { syntheticRouterItems, type SyntheticRouterItem } from './synthetic-router-items.js';
import { trainRouterModel, type RouterTrainingItem } from './train-router-model.js';

function heldOutAuc(items: readonly SyntheticRouterItem[], trainCount: number): { auc: number } {
  const train = items.slice(0, trainCount);
  const test = items.slice(trainCount);
  const model = compileRouterModel(trainRouterModel(train));
  const scores = test.map((item) => scoreRouterModel(model, item.prompt));
  return { auc: areaUnderRoc(scores, test.map((item) => (item.strong > item.weak ? 1 : 0))) };
}

test('on synthetic data with a rule, held-out positives rank above negatives (AUC > 0.9)', (context) => {
  // 95% of math prompts and 5% of the others are positive: the best possible AUC is about 0.95.
  const { auc } = heldOutAuc(syntheticRouterItems(1200, 21), 800);
  context.diagnostic(`held-out AUC ${auc.toFixed(4)}`);
  assert.ok(auc > 0.9, `held-out AUC ${auc}`);
});

test('with random labels there is nothing to learn: held-out AUC stays near 0.5', (context) => {
  // 400 held-out items, about 200 of each label: the AUC's standard deviation under no signal is
  // about 0.03, so [0.4, 0.6] is more than three of them either side.
  const { auc } = heldOutAuc(syntheticRouterItems(1200, 21, { randomLabels: true }), 800);
  context.diagnostic(`held-out AUC ${auc.toFixed(4)}`);
  assert.ok(auc > 0.4 && auc < 0.6, `held-out AUC ${auc}`);
});

test('training is deterministic: the same items give identical weights', () => {
  const items = syntheticRouterItems(400, 5);
  assert.deepEqual(trainRouterModel(items), trainRouterModel(items));
});

test('the model records its settings and a training summary', () => {
  const items = syntheticRouterItems(400, 6);
  const model = trainRouterModel(items, { l2: 0.01 });
  const positives = items.filter((item) => item.strong > item.weak).length;
  assert.equal(model.format, 'skyroute-router-model');
  assert.equal(model.version, 1);
  assert.deepEqual(model.features, defaultFeatureSettings);
  assert.deepEqual(model.label, { margin: 0 });
  assert.equal(model.training.examples, 400);
  assert.equal(model.training.positives, positives);
  assert.equal(model.training.l2, 0.01);
  assert.ok(model.training.converged);
  assert.ok(model.training.iterations > 0);
  assert.ok(model.training.finalLoss > 0 && model.training.finalLoss < Math.LN2);
  assert.deepEqual(model.dense.map((feature) => feature.name), [...denseFeatureNames]);
  assert.equal(model.hashed.idf.length, model.hashed.buckets.length);
  assert.equal(model.hashed.weights.length, model.hashed.buckets.length);
});

test('the final loss is what the scorer gives on the training items (scoring matches training)', () => {
  const items = syntheticRouterItems(300, 8);
  const l2 = 0.002;
  const model = trainRouterModel(items, { l2 });
  const compiled = compileRouterModel(model);
  let loss = 0;
  for (const item of items) {
    const score = scoreRouterModel(compiled, item.prompt);
    loss -= Math.log(item.strong > item.weak ? score : 1 - score);
  }
  // Only the hashed weights are penalised; the dense ones and the bias are free.
  const penalty = (l2 / 2) * model.hashed.weights.reduce((sum, weight) => sum + weight * weight, 0);
  assert.ok(Math.abs(loss / items.length + penalty - model.training.finalLoss) < 1e-9);
});

test('buckets seen in fewer prompts than the minimum are dropped; IDF is the smoothed form', () => {
  const items: RouterTrainingItem[] = [
    { prompt: 'common zebra', strong: 1, weak: 0 },
    { prompt: 'common words', strong: 0, weak: 0 },
    { prompt: 'common words again', strong: 1, weak: 1 },
  ];
  const settings = { ...defaultFeatureSettings, wordNgrams: [1, 1] as [number, number] };
  const bucket = (word: string): number => extractFeatures(word, settings).buckets[0]!;
  const model = trainRouterModel(items, { features: settings });
  assert.ok(!model.hashed.buckets.includes(bucket('zebra')));
  const common = model.hashed.buckets.indexOf(bucket('common'));
  const words = model.hashed.buckets.indexOf(bucket('words'));
  assert.equal(model.hashed.idf[common], 1); // in all 3 prompts: ln(4/4) + 1
  assert.equal(model.hashed.idf[words], Math.log(4 / 3) + 1);
  const everything = trainRouterModel(items, { features: { ...settings, minimumDocumentFrequency: 1 } });
  assert.ok(everything.hashed.buckets.includes(bucket('zebra')));
});

test('dense features are standardised with the training mean and spread', () => {
  const items = syntheticRouterItems(200, 9);
  const model = trainRouterModel(items);
  const lengths = items.map((item) => Math.log1p(item.prompt.length));
  const mean = lengths.reduce((sum, value) => sum + value, 0) / lengths.length;
  const spread = Math.sqrt(lengths.reduce((sum, value) => sum + (value - mean) ** 2, 0) / lengths.length);
  const feature = model.dense[denseFeatureNames.indexOf('log_characters')]!;
  assert.ok(Math.abs(feature.mean - mean) < 1e-12);
  assert.ok(Math.abs(feature.scale - spread) < 1e-12);
  // No training prompt has a code fence: the feature is constant and is centred, not scaled.
  assert.equal(model.dense[denseFeatureNames.indexOf('code_fences')]!.scale, 1);
});

test('the label is strong − weak above the margin, for graded outcomes too', () => {
  const graded: RouterTrainingItem[] = [
    { prompt: 'a hard question about proofs', strong: 9, weak: 5 },
    { prompt: 'a question both do well on', strong: 9, weak: 8.5 },
    { prompt: 'another easy question', strong: 7, weak: 7.5 },
    { prompt: 'a hard question about integrals', strong: 8, weak: 6.5 },
  ];
  assert.equal(trainRouterModel(graded).training.positives, 3);
  const model = trainRouterModel(graded, { labelMargin: 1 });
  assert.equal(model.training.positives, 2);
  assert.deepEqual(model.label, { margin: 1 });
});

test('training refuses data with one label only, or outcomes that are not numbers', () => {
  const allNegative = syntheticRouterItems(20, 1).map((item) => ({ ...item, strong: 1, weak: 1 }));
  assert.throws(() => trainRouterModel(allNegative), /20 items of which 0 are positive.*both kinds are needed/);
  const broken = [...syntheticRouterItems(20, 1), { prompt: 'x', strong: Number.NaN, weak: 0 }];
  assert.throws(() => trainRouterModel(broken), /training item 20: outcomes must be finite numbers/);
  assert.throws(() => trainRouterModel(syntheticRouterItems(20, 1), { l2: -1 }), /l2 must be/);
});
