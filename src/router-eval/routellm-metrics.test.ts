import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createSeededRandom } from '../simulator/create-seeded-random.js';
import { oracleScores } from './oracle-scores.js';
import { randomBaselineCurve } from './random-baseline-curve.js';
import { randomScores } from './random-scores.js';
import type { RoutellmCurve } from './routellm-curve.js';
import { routellmMetrics } from './routellm-metrics.js';
import type { ScoredOutcome } from './scored-outcome.js';
import { summarizeRoutellmCurve } from './summarize-routellm-curve.js';

const close = (actual: number, expected: number, message?: string) =>
  assert.ok(Math.abs(actual - expected) < 1e-12, `${message ?? ''} expected ${expected}, got ${actual}`);

const withScores = (outcomes: readonly { strong: number; weak: number }[], scores: readonly number[]): ScoredOutcome[] =>
  outcomes.map((outcome, index) => ({ ...outcome, score: scores[index] ?? Number.NaN }));

// 3 prompts only the strong model gets right, 1 only the weak one, 4 both, 2 neither.
// weak quality 5/10 = 0.5, strong 7/10 = 0.7.
const tenOutcomes = [
  { strong: 1, weak: 0 },
  { strong: 1, weak: 0 },
  { strong: 1, weak: 0 },
  { strong: 0, weak: 1 },
  { strong: 1, weak: 1 },
  { strong: 1, weak: 1 },
  { strong: 1, weak: 1 },
  { strong: 1, weak: 1 },
  { strong: 0, weak: 0 },
  { strong: 0, weak: 0 },
];

test('oracle on ten prompts: the curve and APGR derived by hand', () => {
  const metrics = routellmMetrics(withScores(tenOutcomes, oracleScores(tenOutcomes)));
  close(metrics.curve.weakQuality, 0.5);
  close(metrics.curve.strongQuality, 0.7);
  // Scores sorted: −1, 0 ×6, 1 ×3. Edges (numpy): −1, −0.1, 0 ×5, 0.3, 1, 1, 1 (the last one strict).
  // Edge −1 → all 10 strong (quality 0.7). Edges −0.1 and 0 (6 of them) → all but the weak-only prompt:
  // 9 strong, quality (7 + 1) / 10 = 0.8. Edges 0.3, 1, 1 → the 3 strong-only prompts: quality
  // (3 + 5) / 10 = 0.8. Last edge, > 1 → none: 0.5.
  assert.deepEqual(
    metrics.curve.points.map((point) => point.strongShare),
    [0, 0.3, 0.3, 0.3, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 1],
  );
  const qualities = metrics.curve.points.map((point) => point.quality);
  for (const [index, expected] of [0.5, 0.8, 0.8, 0.8, 0.8, 0.8, 0.8, 0.8, 0.8, 0.8, 0.7].entries()) {
    close(qualities[index] ?? Number.NaN, expected, `point ${index}`);
  }
  // PGR: 0 at 0, 1.5 from 0.3 to 0.9, 1 at 1. Area: 0.3 × 1.5 / 2 + 0.6 × 1.5 + 0.1 × (1.5 + 1) / 2 = 1.25.
  close(metrics.apgr, 1.25);
  // PGR rises from 0 to 1.5 over shares 0–0.3: it reaches 0.5 at 0.1 and 0.8 at 0.16.
  close(metrics.cpt50, 0.1);
  close(metrics.cpt80, 0.16);
});

test('ties: tied scores move together, the last edge is strict, and the x axis is the realised share', () => {
  // 6 prompts score 0 (3 both right, 3 both wrong), 4 score 1 (only strong right). weak 0.3, strong 0.7.
  const outcomes = [
    ...Array.from({ length: 3 }, () => ({ strong: 1, weak: 1, score: 0 })),
    ...Array.from({ length: 3 }, () => ({ strong: 0, weak: 0, score: 0 })),
    ...Array.from({ length: 4 }, () => ({ strong: 1, weak: 0, score: 1 })),
  ];
  const metrics = routellmMetrics(outcomes);
  // Edges: 0 ×6, 0.40000000000000036, 1 ×4 → shares 1 ×6, 0.4 ×4, and 0 for "> 1" although 1 is tied.
  assert.deepEqual(
    metrics.curve.points.map((point) => point.strongShare),
    [0, 0.4, 0.4, 0.4, 0.4, 1, 1, 1, 1, 1, 1],
  );
  // Realised points (0, 0), (0.4, 1), (1, 1): APGR = 0.4 / 2 + 0.6 = 0.8. Nominal shares (1, 0.9, … 0)
  // would give 0.95 instead.
  close(metrics.apgr, 0.8);
  close(metrics.cpt50, 0.2);
  close(metrics.cpt80, 0.32);
});

test('a threshold one ulp above a score leaves that prompt weak, as pandas does', () => {
  // Scores 0…10: pd.qcut's edge at 30 % is 3.0000000000000004, so the prompt scoring 3 stays weak:
  // 7 of 11 prompts go strong, not 8.
  const outcomes = Array.from({ length: 11 }, (_, index) => ({ score: index, strong: 1, weak: 0 }));
  const shares = routellmMetrics(outcomes).curve.points.map((point) => point.strongShare);
  assert.ok(shares.includes(7 / 11));
  assert.ok(!shares.includes(8 / 11));
  assert.ok(shares.includes(4 / 11), 'the 60 % edge is 6.000000000000001 too');
});

test('CPT is the first crossing, interpolated; APGR is the trapezoid over the points', () => {
  const curve = (qualities: [number, number][]): RoutellmCurve => ({
    weakQuality: 0.5,
    strongQuality: 0.7,
    points: qualities.map(([strongShare, quality]) => ({ threshold: 0, strongShare, quality, pgr: (quality - 0.5) / 0.2 })),
  });
  // A dip after the first crossing does not move CPT(50 %): target quality 0.6 is first reached between
  // (0, 0.5) and (0.2, 0.62), at 0.2 × 0.1 / 0.12.
  const dipping = summarizeRoutellmCurve(
    curve([
      [0, 0.5],
      [0.2, 0.62],
      [0.4, 0.58],
      [0.6, 0.66],
      [1, 0.7],
    ]),
  );
  close(dipping.cpt50, 0.2 / 1.2);
  // CPT(80 %), quality 0.66: reached at the point (0.6, 0.66) itself, after the dip.
  close(dipping.cpt80, 0.6);
  // PGR 0, 0.6, 0.4, 0.8, 1: 0.2 × 0.3 + 0.2 × 0.5 + 0.2 × 0.6 + 0.4 × 0.9 = 0.64.
  close(dipping.apgr, 0.64);
  // On a plateau exactly at the target, the first share of the plateau (np.interp would give 0.5).
  const plateau = summarizeRoutellmCurve(
    curve([
      [0, 0.5],
      [0.3, 0.6],
      [0.5, 0.6],
      [1, 0.7],
    ]),
  );
  close(plateau.cpt50, 0.3);
  // Order of the points does not matter.
  close(summarizeRoutellmCurve(curve([[1, 0.7], [0, 0.5], [0.5, 0.6]])).apgr, 0.5);
});

test('equal model qualities leave the metrics undefined rather than dividing by zero', () => {
  const metrics = routellmMetrics([
    { score: 0, strong: 1, weak: 0 },
    { score: 1, strong: 0, weak: 1 },
  ]);
  assert.ok(Number.isNaN(metrics.apgr) && Number.isNaN(metrics.cpt50) && Number.isNaN(metrics.cpt80));
  assert.throws(() => routellmMetrics([]), RangeError);
  assert.throws(() => routellmMetrics([{ score: Number.NaN, strong: 1, weak: 0 }]), RangeError);
});

function syntheticOutcomes(count: number, seed: number): { strong: number; weak: number }[] {
  const random = createSeededRandom(seed);
  return Array.from({ length: count }, () => ({ strong: random() < 0.8 ? 1 : 0, weak: random() < 0.6 ? 1 : 0 }));
}

test('random scores recover half the gap on a large synthetic set', () => {
  // 20,000 prompts, strong right 80 %, weak 60 %, independently. The standard error of a single random
  // router's APGR here is about 0.007, so ±0.03 is over four of them: a router that is not random (for
  // example one reading the outcomes, or a sweep on nominal shares) falls outside.
  const outcomes = syntheticOutcomes(20_000, 42);
  const single = routellmMetrics(withScores(outcomes, randomScores(outcomes.length, 7)));
  assert.ok(Math.abs(single.apgr - 0.5) < 0.03, `APGR ${single.apgr}`);
  assert.ok(Math.abs(single.cpt50 - 0.5) < 0.06, `CPT50 ${single.cpt50}`);
  assert.ok(Math.abs(single.cpt80 - 0.8) < 0.06, `CPT80 ${single.cpt80}`);
  const averaged = summarizeRoutellmCurve(randomBaselineCurve(outcomes, { seed: 7, iterations: 10 }));
  assert.ok(Math.abs(averaged.apgr - 0.5) < 0.02, `averaged APGR ${averaged.apgr}`);
  // The oracle on the same set: far above random.
  assert.ok(routellmMetrics(withScores(outcomes, oracleScores(outcomes))).apgr > 1);
});
