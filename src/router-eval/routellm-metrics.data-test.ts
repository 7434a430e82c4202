import assert from 'node:assert/strict';
import { test } from 'node:test';
import { evaluateRoutellmScores } from './evaluate-routellm-scores.js';
import { loadRoutellm } from './load-routellm.js';
import { routellmDataDirectory } from './routellm-data-directory.js';
import { oracleScores } from './oracle-scores.js';
import { promptLengthScores } from './prompt-length-scores.js';
import { randomBaselineCurve } from './random-baseline-curve.js';
import { randomScores } from './random-scores.js';
import { routellmBenchmarks } from './routellm-item.js';
import { routellmMetrics } from './routellm-metrics.js';
import { summarizeRoutellmCurve } from './summarize-routellm-curve.js';

// A missing folder makes these tests fail, on purpose (npm run test:data runs them when the data is at hand).
const data = loadRoutellm(routellmDataDirectory());

const scored = (items: readonly { strong: number; weak: number }[], scores: readonly number[]) =>
  items.map((item, index) => ({ score: scores[index] ?? Number.NaN, strong: item.strong, weak: item.weak }));

test('prompt length on MMLU recovers about 0.58 of the gap, as published', () => {
  const metrics = routellmMetrics(scored(data.mmlu, promptLengthScores(data.mmlu)));
  // "About 0.58" is a rounded figure and does not say how length was counted (characters here). 0.02
  // is about the half-width of this APGR's 95 % bootstrap interval (±0.018), i.e. the sampling noise
  // of 14,037 prompts; ranking short prompts first instead gives about 0.42 and fails.
  assert.ok(Math.abs(metrics.apgr - 0.58) <= 0.02, `APGR ${metrics.apgr}`);
});

test('the sweep agrees with an independent numpy re-implementation of evaluate.py on the real data', () => {
  // Reference values computed with numpy 2.4.6 following evaluate.py's steps: edges from
  // np.percentile(scores, np.linspace(0, 1, 11) * 100) (what pd.qcut uses), ≥ / > selection, realised
  // shares, np.trapezoid for APGR, np.interp for CPT. The oracle's edges repeat, where pd.qcut itself
  // would stop with "Bin edges must be unique".
  const expected = {
    mmlu: {
      length: [0.5836981859881791, 0.3670227137434875, 0.6920435367992027],
      oracle: [1.2853333781732887, 0.062477737408278076, 0.09996437985324501],
    },
    gsm8k: {
      length: [0.5986554769191534, 0.36513280139906, 0.6665646518745223],
      oracle: [1.1208184561761456, 0.11017597551644986, 0.17628156082631988],
    },
    mt_bench: {
      length: [0.5555037313432848, 0.34444444444444483, 0.7756535947712416],
      oracle: [0.9443407960199016, 0.09693287037037052, 0.1750645994832044],
    },
  };
  for (const benchmark of routellmBenchmarks) {
    const items = data[benchmark];
    for (const [name, scores] of [
      ['length', promptLengthScores(items)],
      ['oracle', oracleScores(items)],
    ] as const) {
      const metrics = routellmMetrics(scored(items, scores));
      const [apgr, cpt50, cpt80] = expected[benchmark][name];
      for (const [label, actual, reference] of [
        ['APGR', metrics.apgr, apgr],
        ['CPT50', metrics.cpt50, cpt50],
        ['CPT80', metrics.cpt80, cpt80],
      ] as const) {
        const message = `${benchmark} ${name} ${label}: ${actual} vs ${reference}`;
        assert.ok(Math.abs(actual - (reference ?? Number.NaN)) < 1e-9, message);
      }
    }
  }
});

test('baselines on every benchmark, with bootstrap intervals (figures in the test output)', (t) => {
  const format = (value: number) => value.toFixed(3);
  for (const benchmark of routellmBenchmarks) {
    const items = data[benchmark];
    const evaluations = {
      'prompt length': evaluateRoutellmScores(items, promptLengthScores(items), { seed: 0, resamples: 500 }),
      'random (seed 0)': evaluateRoutellmScores(items, randomScores(items.length, 0), { seed: 0, resamples: 500 }),
      oracle: evaluateRoutellmScores(items, oracleScores(items), { seed: 0, resamples: 500 }),
    };
    for (const [name, evaluation] of Object.entries(evaluations)) {
      const { apgr, cpt50, cpt80, intervals } = evaluation;
      t.diagnostic(
        `${benchmark} ${name}: APGR ${format(apgr)} [${format(intervals.apgr.low)}, ${format(intervals.apgr.high)}]` +
          ` CPT50 ${format(cpt50)} [${format(intervals.cpt50.low)}, ${format(intervals.cpt50.high)}]` +
          ` CPT80 ${format(cpt80)} [${format(intervals.cpt80.low)}, ${format(intervals.cpt80.high)}]`,
      );
      assert.ok(intervals.apgr.low <= apgr && apgr <= intervals.apgr.high, `${benchmark} ${name} APGR outside its interval`);
    }
    const averaged = summarizeRoutellmCurve(randomBaselineCurve(items, { seed: 0, iterations: 10 }));
    t.diagnostic(
      `${benchmark} random (10 runs averaged, as evaluate.py): APGR ${format(averaged.apgr)} CPT50 ${format(averaged.cpt50)} CPT80 ${format(averaged.cpt80)}`,
    );
    assert.ok(evaluations.oracle.apgr > evaluations['prompt length'].apgr, `${benchmark}: oracle below prompt length`);
    if (benchmark === 'mmlu') {
      // Ten runs over 14,037 prompts: the standard error of the mean APGR is about 0.003.
      assert.ok(Math.abs(averaged.apgr - 0.5) < 0.02, `averaged random APGR ${averaged.apgr}`);
    }
  }
});
