import assert from 'node:assert/strict';
import { test } from 'node:test';
import { areaUnderRoc } from './area-under-roc.js';
import { compileRouterModel } from './compile-router-model.js';
import { extractFeatures } from './extract-features.js';
import { defaultFeatureSettings } from './feature-settings.js';
import { scoreRouterModel, scoreRouterModelParts } from './score-router-model.js';
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
  const model = trainRouterModel(items);
  const gaps = items.map((item) => item.strong - item.weak);
  assert.equal(model.format, 'skyroute-router-model');
  assert.equal(model.version, 2);
  assert.deepEqual(model.features, defaultFeatureSettings);
  assert.deepEqual(model.label, { margin: null });
  assert.deepEqual(model.training, { examples: 400, positives: null });
  assert.ok(Math.abs(model.meanTarget - gaps.reduce((sum, gap) => sum + gap, 0) / gaps.length) < 1e-12);
  assert.equal(model.lengthWeight, 0.2);
  assert.ok(model.massFloor > 0 && model.massFloor < 400, `mass floor ${model.massFloor}`);
  assert.equal(model.hashed.idf.length, model.hashed.buckets.length);
  assert.equal(model.hashed.targetSums.length, model.hashed.buckets.length);
  assert.equal(model.hashed.weightSums.length, model.hashed.buckets.length);
  assert.equal(model.lengthQuantiles[0], Math.min(...items.map((item) => item.prompt.length)));
  assert.equal(model.lengthQuantiles[100], Math.max(...items.map((item) => item.prompt.length)));
});

test('a prompt is scored by the similarity-weighted mean gap of the training prompts (left out of its own vote)', () => {
  const settings = { ...defaultFeatureSettings, wordNgrams: [1, 1] as [number, number], characterNgrams: null, minimumDocumentFrequency: 1 };
  const items: RouterTrainingItem[] = [
    { prompt: 'alpha beta', strong: 1, weak: 0 },
    { prompt: 'alpha gamma', strong: 0, weak: 0 },
    { prompt: 'delta', strong: 1, weak: 1 },
  ];
  const model = trainRouterModel(items, { features: settings });
  const compiled = compileRouterModel(model);
  // Left out of its own vote, "alpha beta" hears only "alpha gamma" (gap 0), and "alpha gamma" only "alpha beta" (gap 1).
  assert.ok(Math.abs(model.similarityQuantiles[0]!) < 1e-12);
  assert.ok(Math.abs(model.similarityQuantiles[100]! - 1) < 1e-12);
  // A new "beta" matches only "alpha beta" (gap 1); "alpha" matches both alpha prompts equally (mean 0.5).
  assert.ok(Math.abs(scoreRouterModelParts(compiled, 'beta').similarity - 1) < 1e-12);
  assert.ok(Math.abs(scoreRouterModelParts(compiled, 'alpha').similarity - 0.5) < 1e-12);
  // Unseen words: the mean gap of the training set.
  assert.equal(scoreRouterModelParts(compiled, 'zebra').similarity, 1 / 3);
  // Mass: Σ cosine similarity. "alpha" has cosine a / √(a² + b²) to each alpha prompt (IDF a of alpha, b of beta and gamma).
  const alpha = Math.log(4 / 3) + 1;
  const other = Math.log(4 / 2) + 1;
  const cosine = alpha / Math.hypot(alpha, other);
  assert.ok(Math.abs(scoreRouterModelParts(compiled, 'alpha').mass - 2 * cosine) < 1e-12);
  assert.equal(scoreRouterModelParts(compiled, 'zebra').mass, 0);
  // Leave-one-out masses: cos² for each alpha prompt (the other alpha prompt), 0 for "delta"; the 5th
  // percentile of [0, c, c] (numpy's linear quantile) is 0.1 c.
  assert.ok(Math.abs(model.massFloor - 0.1 * cosine ** 2) < 1e-12, `mass floor ${model.massFloor}`);
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

test('training scores are calibrated: the stored quantiles give about the asked strong share', () => {
  const items = syntheticRouterItems(600, 9);
  const trained = trainRouterModel(items.slice(0, 400));
  const model = compileRouterModel(trained);
  const threshold = trained.calibration?.quantiles[70] ?? Number.NaN;
  const strong = items.slice(400).filter((item) => scoreRouterModel(model, item.prompt) >= threshold).length;
  // 30 % of 200 held-out prompts like the training ones: 60, give or take sampling.
  assert.ok(strong > 35 && strong < 85, `${strong} of 200 above the 70 % quantile`);
});

test('the target is strong − weak, or 1/0 around a margin when one is given', () => {
  const graded: RouterTrainingItem[] = [
    { prompt: 'a hard question about proofs', strong: 9, weak: 5 },
    { prompt: 'a question both do well on', strong: 9, weak: 8.5 },
    { prompt: 'another easy question', strong: 7, weak: 7.5 },
    { prompt: 'a hard question about integrals', strong: 8, weak: 6.5 },
  ];
  assert.equal(trainRouterModel(graded).training.positives, null);
  assert.equal(trainRouterModel(graded).meanTarget, (4 + 0.5 - 0.5 + 1.5) / 4);
  const model = trainRouterModel(graded, { labelMargin: 1 });
  assert.equal(model.training.positives, 2);
  assert.equal(model.meanTarget, 0.5);
  assert.deepEqual(model.label, { margin: 1 });
});

test('training refuses data with one label only, or outcomes that are not numbers', () => {
  const allNegative = syntheticRouterItems(20, 1).map((item) => ({ ...item, strong: 1, weak: 1 }));
  assert.throws(() => trainRouterModel(allNegative), /20 items whose strong − weak gaps are all the same/);
  assert.throws(() => trainRouterModel(allNegative, { labelMargin: 0 }), /20 items of which 0 are positive.*both kinds are needed/);
  const broken = [...syntheticRouterItems(20, 1), { prompt: 'x', strong: Number.NaN, weak: 0 }];
  assert.throws(() => trainRouterModel(broken), /training item 20: outcomes must be finite numbers/);
  assert.throws(() => trainRouterModel(syntheticRouterItems(20, 1), { lengthWeight: 2 }), /lengthWeight must be between 0 and 1/);
});
