import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseRouterModel } from './parse-router-model.js';
import type { RouterModel } from './router-model.js';
import { syntheticRouterItems } from './synthetic-router-items.js';
import { trainRouterModel } from './train-router-model.js';

const model = trainRouterModel(syntheticRouterItems(200, 2));

/** The model as parsed JSON, with some change made to it. */
function changed(change: (json: Record<string, any>) => void): unknown {
  const json = JSON.parse(JSON.stringify(model)) as Record<string, any>;
  change(json);
  return json;
}

test('a valid model is accepted unchanged', () => {
  const parsed: RouterModel = parseRouterModel(changed(() => {}));
  assert.deepEqual(parsed, model);
});

test('another version is named as such', () => {
  assert.throws(
    () => parseRouterModel(changed((json) => (json.version = 1))),
    /Router model version 1 is not supported: this version of Skyroute reads version 2\. Retrain it/,
  );
  assert.throws(() => parseRouterModel(changed((json) => delete json.version)), /Router model version \(missing\) is not supported/);
});

test('something that is not a router model is named as such', () => {
  assert.throws(() => parseRouterModel([1, 2]), /Not a router model: expected a JSON object, got an array/);
  assert.throws(() => parseRouterModel(null), /got null/);
  assert.throws(() => parseRouterModel({ weights: [] }), /Not a router model: "format" is missing, expected "skyroute-router-model"/);
});

test('shape problems are listed with their paths', () => {
  assert.throws(
    () => parseRouterModel(changed((json) => delete json.training.examples)),
    /Invalid router model: training\.examples: /,
  );
  assert.throws(() => parseRouterModel(changed((json) => (json.meanTarget = 'high'))), /meanTarget: /);
  assert.throws(() => parseRouterModel(changed((json) => (json.features.hashBits = 40))), /features\.hashBits: /);
  assert.throws(() => parseRouterModel(changed((json) => (json.extra = true))), /extra/);
  assert.throws(() => parseRouterModel(changed((json) => (json.hashed.idf[0] = -1))), /hashed\.idf\[0\]: /);
});

test('inconsistent tables are refused', () => {
  assert.throws(
    () => parseRouterModel(changed((json) => json.hashed.targetSums.pop())),
    /hashed: buckets, idf, targetSums and weightSums must have the same length/,
  );
  assert.throws(
    () => parseRouterModel(changed((json) => ([json.hashed.buckets[0], json.hashed.buckets[1]] = [json.hashed.buckets[1], json.hashed.buckets[0]]))),
    /hashed\.buckets\[1\]: buckets must be ascending, distinct and below 2\^18/,
  );
  assert.throws(() => parseRouterModel(changed((json) => (json.hashed.buckets[json.hashed.buckets.length - 1] = 2 ** 18))), /below 2\^18/);
  assert.throws(() => parseRouterModel(changed((json) => json.similarityQuantiles.reverse())), /similarityQuantiles\[1\]: quantiles must be ascending/);
  assert.throws(() => parseRouterModel(changed((json) => json.lengthQuantiles.pop())), /lengthQuantiles: /);
  assert.throws(() => parseRouterModel(changed((json) => (json.lengthWeight = 1.5))), /lengthWeight: /);
  assert.throws(() => parseRouterModel(changed((json) => (json.massFloor = -1))), /massFloor: /);
  assert.throws(() => parseRouterModel(changed((json) => delete json.features.scannedCharacters)), /features\.scannedCharacters: /);
});
