import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createSeededRandom } from '../simulator/create-seeded-random.js';
import { bootstrapRoutellmMetrics } from './bootstrap-routellm-metrics.js';
import { randomScores } from './random-scores.js';
import { routellmMetrics } from './routellm-metrics.js';

test('two prompts: every possible resample is known, and so is the interval', () => {
  // A: only strong right, score 1. B: both wrong, score 0. A resample is {A, A}, {A, B} or {B, B}.
  // {B, B}: strong = weak, no metric (probability 1/4). {A, A}: tied scores, points (0, 0) and (1, 1):
  // APGR 0.5, CPT50 0.5, CPT80 0.8 (probability 1/4). {A, B}: A alone goes strong first, PGR 1 at
  // share 0.5: APGR 0.75, CPT50 0.25, CPT80 0.4 (probability 1/2).
  const items = [
    { score: 1, strong: 1, weak: 0 },
    { score: 0, strong: 0, weak: 0 },
  ];
  const intervals = bootstrapRoutellmMetrics(items, { seed: 3, resamples: 2000 });
  assert.equal(intervals.resamples, 2000);
  // 500 expected, standard deviation about 19.
  assert.ok(intervals.undefinedResamples > 420 && intervals.undefinedResamples < 580, String(intervals.undefinedResamples));
  assert.deepEqual(intervals.apgr, { low: 0.5, high: 0.75 });
  assert.deepEqual(intervals.cpt50, { low: 0.25, high: 0.5 });
  assert.deepEqual(intervals.cpt80, { low: 0.4, high: 0.8 });
});

test('the same seed gives the same intervals, another seed other ones', () => {
  const random = createSeededRandom(5);
  const outcomes = Array.from({ length: 500 }, () => ({ strong: random() < 0.8 ? 1 : 0, weak: random() < 0.6 ? 1 : 0 }));
  const scores = randomScores(outcomes.length, 9);
  const items = outcomes.map((outcome, index) => ({ ...outcome, score: scores[index] ?? 0 }));
  const first = bootstrapRoutellmMetrics(items, { seed: 1, resamples: 200 });
  assert.deepEqual(bootstrapRoutellmMetrics(items, { seed: 1, resamples: 200 }), first);
  assert.notDeepEqual(bootstrapRoutellmMetrics(items, { seed: 2, resamples: 200 }), first);
  assert.ok(first.apgr.low < first.apgr.high);
  assert.ok(first.cpt50.low <= first.cpt50.high && first.cpt80.low <= first.cpt80.high);
  assert.throws(() => bootstrapRoutellmMetrics(items, { seed: 1, resamples: 0 }), RangeError);
  assert.throws(() => bootstrapRoutellmMetrics(items, { seed: 1, confidence: 1 }), RangeError);
});

test('a 95 % interval covers the true APGR of a random router about 95 % of the time, and is not wider than needed', () => {
  // 40 independent synthetic test sets of 300 prompts, each with its own random router, whose expected
  // APGR is 0.5. Too narrow intervals show as low coverage (fewer than 32 of 40 has probability < 1 %
  // at 95 %); too wide ones as a width far from 3.92 × the spread of APGR between the sets.
  let covered = 0;
  let widths = 0;
  const apgrs: number[] = [];
  for (let set = 0; set < 40; set++) {
    const random = createSeededRandom(1000 + set);
    const items = Array.from({ length: 300 }, () => ({
      strong: random() < 0.8 ? 1 : 0,
      weak: random() < 0.6 ? 1 : 0,
      score: random(),
    }));
    apgrs.push(routellmMetrics(items).apgr);
    const { apgr } = bootstrapRoutellmMetrics(items, { seed: set, resamples: 200 });
    if (apgr.low <= 0.5 && 0.5 <= apgr.high) covered++;
    widths += apgr.high - apgr.low;
  }
  assert.ok(covered >= 32, `covered ${covered} of 40`);
  const mean = apgrs.reduce((sum, apgr) => sum + apgr, 0) / apgrs.length;
  const spread = Math.sqrt(apgrs.reduce((sum, apgr) => sum + (apgr - mean) ** 2, 0) / (apgrs.length - 1));
  const ratio = widths / 40 / (3.92 * spread);
  assert.ok(ratio > 0.7 && ratio < 1.4, `mean width / (3.92 × spread) = ${ratio}`);
});
