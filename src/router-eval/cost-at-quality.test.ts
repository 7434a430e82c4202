import assert from 'node:assert/strict';
import { test } from 'node:test';
import { costAtQuality } from './cost-at-quality.js';
import type { RoutellmCurve } from './routellm-curve.js';

const curve = (weakQuality: number, strongQuality: number, points: [number, number][]): RoutellmCurve => ({
  weakQuality,
  strongQuality,
  points: points.map(([strongShare, quality]) => ({
    threshold: 0,
    strongShare,
    quality,
    pgr: (quality - weakQuality) / (strongQuality - weakQuality),
  })),
});

test('cost at 95 % of the strong quality, interpolated on the curve', () => {
  // Target 0.95 × 0.7 = 0.665, reached between (0, 0.5) and (0.3, 0.8) at 0.3 × 0.165 / 0.3 = 0.165.
  // Cost per call: 0.165 × 10 + 0.835 × 1 = 2.485; savings against all-strong: 1 − 2.485 / 10.
  const cost = costAtQuality(
    curve(0.5, 0.7, [
      [0, 0.5],
      [0.3, 0.8],
      [0.9, 0.8],
      [1, 0.7],
    ]),
    { strong: 10, weak: 1 },
  );
  assert.ok(Math.abs(cost.targetQuality - 0.665) < 1e-12);
  assert.ok(Math.abs(cost.strongShare - 0.165) < 1e-12, String(cost.strongShare));
  assert.ok(Math.abs(cost.costPerCall - 2.485) < 1e-12);
  assert.ok(Math.abs(cost.savings - 0.7515) < 1e-12);
});

test('a weak model already at 95 % costs only weak calls; other fractions are honoured', () => {
  const flat = curve(9, 9.2, [
    [0, 9],
    [0.5, 9.1],
    [1, 9.2],
  ]);
  const cost = costAtQuality(flat, { strong: 3, weak: 0.5 });
  assert.equal(cost.strongShare, 0);
  assert.equal(cost.costPerCall, 0.5);
  // 100 % of 9.2 is reached only with every call strong.
  assert.equal(costAtQuality(flat, { strong: 3, weak: 0.5 }, 1).strongShare, 1);
});
