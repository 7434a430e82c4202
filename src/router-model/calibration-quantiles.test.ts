import assert from 'node:assert/strict';
import { test } from 'node:test';
import { calibrationQuantiles } from './calibration-quantiles.js';
import { compileRouterModel } from './compile-router-model.js';
import { parseRouterModel } from './parse-router-model.js';
import { scoreRouterModel } from './score-router-model.js';
import { syntheticRouterItems } from './synthetic-router-items.js';
import { thresholdFromCalibration } from './threshold-from-calibration.js';
import { trainRouterModel } from './train-router-model.js';

test('101 ascending quantiles: the minimum, interpolated order statistics, the maximum', () => {
  const scores = Array.from({ length: 201 }, (_, index) => (200 - index) / 200);
  const quantiles = calibrationQuantiles(scores);
  assert.equal(quantiles.length, 101);
  assert.equal(quantiles[0], 0);
  assert.equal(quantiles[100], 1);
  assert.ok(Math.abs(quantiles[37]! - 0.37) < 1e-12);
  const two = calibrationQuantiles([0.4, 0.2]);
  for (const [index, expected] of [[0, 0.2], [1, 0.202], [2, 0.204], [50, 0.3], [100, 0.4]] as const) assert.ok(Math.abs(two[index]! - expected) < 1e-12, `${index}: ${two[index]}`);
  assert.throws(() => calibrationQuantiles([]), /at least one score/);
});

test('thresholdFromCalibration: the (1 − share) quantile; share 0 is +Infinity, share 1 is 0', () => {
  const quantiles = Array.from({ length: 101 }, (_, index) => index / 100);
  assert.ok(Math.abs(thresholdFromCalibration(quantiles, 0.3) - 0.7) < 1e-12);
  assert.ok(Math.abs(thresholdFromCalibration(quantiles, 0.255) - 0.745) < 1e-12);
  assert.equal(thresholdFromCalibration(quantiles, 0), Number.POSITIVE_INFINITY);
  assert.equal(thresholdFromCalibration(quantiles, 1), 0);
  assert.throws(() => thresholdFromCalibration(quantiles.slice(1), 0.5), /101 quantiles/);
});

test('training records left-one-out quantiles: closer to new prompts\' scores than the training prompts\' own scores are', () => {
  const items = syntheticRouterItems(800, 12);
  const model = trainRouterModel(items.slice(0, 400));
  const quantiles = model.calibration?.quantiles ?? [];
  const compiled = compileRouterModel(model);
  const inSample = calibrationQuantiles(items.slice(0, 400).map((item) => scoreRouterModel(compiled, item.prompt)));
  const heldOut = calibrationQuantiles(items.slice(400).map((item) => scoreRouterModel(compiled, item.prompt)));
  const distance = (left: readonly number[], right: readonly number[]): number => left.reduce((sum, value, index) => sum + Math.abs(value - right[index]!), 0) / left.length;
  assert.equal(quantiles.length, 101);
  assert.ok(distance(quantiles, heldOut) < distance(inSample, heldOut), `${distance(quantiles, heldOut)} vs ${distance(inSample, heldOut)}`);
  // It survives the JSON round trip and the schema.
  assert.deepEqual(parseRouterModel(JSON.parse(JSON.stringify(model))).calibration, model.calibration);
});

test('the schema refuses a calibration of the wrong length or out of order, and accepts none', () => {
  const model = JSON.parse(JSON.stringify(trainRouterModel(syntheticRouterItems(200, 13)))) as Record<string, unknown> & { calibration: { quantiles: number[] } };
  const quantiles = model.calibration.quantiles;
  assert.throws(() => parseRouterModel({ ...model, calibration: { quantiles: quantiles.slice(1) } }), /calibration\.quantiles: /);
  assert.throws(() => parseRouterModel({ ...model, calibration: { quantiles: [...quantiles].reverse() } }), /quantiles must be ascending/);
  const { calibration: _calibration, ...without } = model;
  assert.equal(parseRouterModel(without).calibration, undefined);
});
