import assert from 'node:assert/strict';
import { test } from 'node:test';
import { logistic, softplus } from './logistic.js';
import { logisticObjective } from './logistic-objective.js';
import type { SparseRows } from './sparse-rows.js';

// Three rows over 3 weight columns (column 3 of the point is the bias).
const rows: SparseRows = {
  rowStarts: Int32Array.of(0, 2, 3, 5),
  columns: Int32Array.of(0, 2, 1, 0, 1),
  values: Float64Array.of(0.5, -1, 2, 1, 1),
};
const labels = Uint8Array.of(1, 0, 1);

test('the objective is the mean log-loss plus the L2 penalty on the weights, not the bias', () => {
  const point = Float64Array.of(0.3, -0.2, 0.1, 0.4);
  const l2 = 0.5;
  const z = [0.4 + 0.5 * 0.3 - 0.1, 0.4 + 2 * -0.2, 0.4 + 0.3 - 0.2];
  const loss = (softplus(z[0]!) - z[0]! + softplus(z[1]!) + softplus(z[2]!) - z[2]!) / 3;
  const penalty = (l2 / 2) * (0.09 + 0.04 + 0.01);
  const value = logisticObjective(rows, labels, 3, l2)(point, new Float64Array(4));
  assert.ok(Math.abs(value - (loss + penalty)) < 1e-12);
});

test('only the first penalisedCount weights are penalised', () => {
  const point = Float64Array.of(0.3, -0.2, 0.1, 0.4);
  const l2 = 0.5;
  const all = logisticObjective(rows, labels, 3, l2)(point, new Float64Array(4));
  const gradient = new Float64Array(4);
  const firstTwo = logisticObjective(rows, labels, 3, l2, 2)(point, gradient);
  assert.ok(Math.abs(all - firstTwo - (l2 / 2) * 0.01) < 1e-12, `${all} − ${firstTwo}`);
  const unpenalisedGradient = new Float64Array(4);
  logisticObjective(rows, labels, 3, 0)(point, unpenalisedGradient);
  assert.ok(Math.abs(gradient[2]! - unpenalisedGradient[2]!) < 1e-15);
  assert.ok(Math.abs(gradient[1]! - (unpenalisedGradient[1]! + l2 * -0.2)) < 1e-12);
});

for (const penalisedCount of [3, 1]) {
  test(`the gradient matches central differences (${penalisedCount} of 3 weights penalised)`, () => {
    const objective = logisticObjective(rows, labels, 3, 0.1, penalisedCount);
    const point = Float64Array.of(0.7, -1.1, 0.25, -0.3);
    const gradient = new Float64Array(4);
    objective(point, gradient);
    const step = 1e-6;
    for (let index = 0; index < 4; index++) {
      const plus = Float64Array.from(point);
      const minus = Float64Array.from(point);
      plus[index]! += step;
      minus[index]! -= step;
      const numeric = (objective(plus, new Float64Array(4)) - objective(minus, new Float64Array(4))) / (2 * step);
      assert.ok(Math.abs(numeric - gradient[index]!) < 1e-7, `component ${index}: ${numeric} vs ${gradient[index]}`);
    }
  });
}

test('logistic and softplus stay finite at the extremes', () => {
  assert.equal(logistic(0), 0.5);
  assert.equal(logistic(1000), 1);
  assert.equal(logistic(-1000), 0);
  assert.equal(softplus(1000), 1000);
  assert.equal(softplus(-1000), 0);
  assert.ok(Math.abs(softplus(0) - Math.LN2) < 1e-15);
});
