import assert from 'node:assert/strict';
import { test } from 'node:test';
import { averageRoutellmCurves } from './average-routellm-curves.js';
import { oracleScores } from './oracle-scores.js';
import { promptLengthScores } from './prompt-length-scores.js';
import { randomScores } from './random-scores.js';
import type { RoutellmCurve } from './routellm-curve.js';

test('prompt length counts code points, so an emoji is one character', () => {
  assert.deepEqual(promptLengthScores([{ prompt: '' }, { prompt: 'abc' }, { prompt: 'a😀b' }, { prompt: 'é\n' }]), [0, 3, 3, 2]);
});

test('the oracle prefers prompts only the strong model gets right, then the largest judge-score gain', () => {
  assert.deepEqual(
    oracleScores([
      { strong: 1, weak: 0 },
      { strong: 1, weak: 1 },
      { strong: 0, weak: 0 },
      { strong: 0, weak: 1 },
      { strong: 9.5, weak: 7 },
    ]),
    [1, 0, 0, -1, 2.5],
  );
});

test('random scores are reproducible per seed and uniform in [0, 1)', () => {
  const scores = randomScores(10_000, 4);
  assert.deepEqual(randomScores(10_000, 4), scores);
  assert.notDeepEqual(randomScores(10_000, 5), scores);
  assert.ok(scores.every((score) => score >= 0 && score < 1));
  const mean = scores.reduce((sum, score) => sum + score, 0) / scores.length;
  // Standard error of the mean: 0.29 / 100 ≈ 0.003.
  assert.ok(Math.abs(mean - 0.5) < 0.012, String(mean));
});

test('averaging runs groups points by realised strong share, as evaluate.py does', () => {
  const run = (qualities: [number, number][]): RoutellmCurve => ({
    weakQuality: 0.5,
    strongQuality: 0.7,
    points: qualities.map(([strongShare, quality]) => ({ threshold: strongShare, strongShare, quality, pgr: Number.NaN })),
  });
  const averaged = averageRoutellmCurves([
    run([
      [1, 0.7],
      [0.5, 0.6],
      [0, 0.5],
    ]),
    run([
      [1, 0.7],
      [0.5, 0.64],
      [0.4, 0.55],
      [0, 0.5],
    ]),
  ]);
  assert.deepEqual(
    averaged.points.map((point) => [point.strongShare, Math.round(point.quality * 1e12) / 1e12]),
    [
      [0, 0.5],
      [0.4, 0.55],
      [0.5, 0.62],
      [1, 0.7],
    ],
  );
  assert.ok(Math.abs((averaged.points[2]?.pgr ?? 0) - 0.6) < 1e-12);
  assert.throws(() => averageRoutellmCurves([]), RangeError);
  assert.throws(() => averageRoutellmCurves([run([[0, 0.5]]), { ...run([[0, 0.5]]), strongQuality: 0.8 }]), RangeError);
});
