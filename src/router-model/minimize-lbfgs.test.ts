import assert from 'node:assert/strict';
import { test } from 'node:test';
import { minimizeLbfgs, type Objective } from './minimize-lbfgs.js';

test('L-BFGS finds the minimum of an ill-conditioned quadratic', () => {
  const scales = [1, 10, 100, 1000];
  const centre = [3, -2, 0.5, 7];
  const objective: Objective = (point, gradient) => {
    let value = 0;
    for (let index = 0; index < point.length; index++) {
      const offset = point[index]! - centre[index]!;
      value += 0.5 * scales[index]! * offset * offset;
      gradient[index] = scales[index]! * offset;
    }
    return value;
  };
  const result = minimizeLbfgs(objective, new Float64Array(4), { maxIterations: 200, gradientTolerance: 1e-9, valueTolerance: 0 });
  assert.ok(result.converged);
  for (let index = 0; index < 4; index++) assert.ok(Math.abs(result.point[index]! - centre[index]!) < 1e-8);
});

test('L-BFGS walks the Rosenbrock valley to (1, 1)', () => {
  const objective: Objective = (point, gradient) => {
    const [x, y] = [point[0]!, point[1]!];
    gradient[0] = -2 * (1 - x) - 400 * x * (y - x * x);
    gradient[1] = 200 * (y - x * x);
    return (1 - x) ** 2 + 100 * (y - x * x) ** 2;
  };
  const result = minimizeLbfgs(objective, Float64Array.of(-1.2, 1), { maxIterations: 500, gradientTolerance: 1e-8 });
  assert.ok(result.converged);
  assert.ok(result.iterations > 10 && result.iterations < 500);
  assert.ok(Math.abs(result.point[0]! - 1) < 1e-5 && Math.abs(result.point[1]! - 1) < 1e-5, `${result.point}`);
});

test('L-BFGS stops at maxIterations and says it did not converge', () => {
  const objective: Objective = (point, gradient) => {
    gradient[0] = 2 * (point[0]! - 5);
    return (point[0]! - 5) ** 2;
  };
  const result = minimizeLbfgs(objective, Float64Array.of(1e6), { maxIterations: 0, gradientTolerance: 1e-9 });
  assert.equal(result.iterations, 0);
  assert.equal(result.converged, false);
  assert.equal(result.point[0], 1e6);
});
