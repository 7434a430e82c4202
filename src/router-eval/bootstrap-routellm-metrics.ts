import { createSeededRandom } from '../simulator/create-seeded-random.js';
import { numpyLinearQuantile } from './numpy-linear-quantile.js';
import { sweepSortedOutcomes } from './routellm-curve.js';
import type { ScoredOutcome } from './scored-outcome.js';
import { sortOutcomesByScore } from './sorted-outcomes.js';
import { summarizeRoutellmCurve } from './summarize-routellm-curve.js';

export interface BootstrapOptions {
  readonly seed: number;
  /** 1,000 by default. */
  readonly resamples?: number;
  /** 0.95 by default. */
  readonly confidence?: number;
  readonly bins?: number;
}

export interface MetricInterval {
  readonly low: number;
  readonly high: number;
}

export interface RoutellmIntervals {
  readonly apgr: MetricInterval;
  readonly cpt50: MetricInterval;
  readonly cpt80: MetricInterval;
  readonly resamples: number;
  /** Resamples in which the two models' qualities were equal, so no metric was defined; left out. */
  readonly undefinedResamples: number;
}

/**
 * Percentile bootstrap intervals for APGR, CPT(50 %) and CPT(80 %): resample the test prompts with
 * replacement, redo the whole sweep on each resample (thresholds, weak and strong quality included),
 * and take numpy-linear percentiles of the results. The draws pick positions in the caller's item
 * order, so one seed resamples the same prompts for every router: intervals of a router and of its
 * baselines on the same items come from paired resamples.
 */
export function bootstrapRoutellmMetrics(items: readonly ScoredOutcome[], options: BootstrapOptions): RoutellmIntervals {
  const resamples = options.resamples ?? 1000;
  const confidence = options.confidence ?? 0.95;
  if (!Number.isInteger(resamples) || resamples < 1) throw new RangeError('resamples must be a positive integer');
  if (!(confidence > 0 && confidence < 1)) throw new RangeError('confidence must be between 0 and 1');
  const sorted = sortOutcomesByScore(items);
  const count = items.length;
  const random = createSeededRandom(options.seed);
  const copies = new Uint32Array(count);
  const resample = {
    scores: new Float64Array(count),
    strong: new Float64Array(count),
    weak: new Float64Array(count),
    positionOf: sorted.positionOf,
  };
  const values = { apgr: [] as number[], cpt50: [] as number[], cpt80: [] as number[] };
  let undefinedResamples = 0;
  for (let round = 0; round < resamples; round++) {
    copies.fill(0);
    for (let draw = 0; draw < count; draw++) {
      const position = sorted.positionOf[Math.floor(random() * count)] ?? 0;
      copies[position] = (copies[position] ?? 0) + 1;
    }
    // Walking the sorted items and repeating each by its copies keeps the resample sorted.
    let next = 0;
    for (let position = 0; position < count; position++) {
      for (let copy = copies[position] ?? 0; copy > 0; copy--) {
        resample.scores[next] = sorted.scores[position] ?? 0;
        resample.strong[next] = sorted.strong[position] ?? 0;
        resample.weak[next] = sorted.weak[position] ?? 0;
        next++;
      }
    }
    const summary = summarizeRoutellmCurve(sweepSortedOutcomes(resample, options.bins));
    if (Number.isNaN(summary.apgr)) {
      undefinedResamples++;
      continue;
    }
    values.apgr.push(summary.apgr);
    values.cpt50.push(summary.cpt50);
    values.cpt80.push(summary.cpt80);
  }
  const tail = (1 - confidence) / 2;
  const interval = (list: number[]): MetricInterval => {
    if (list.length === 0) return { low: Number.NaN, high: Number.NaN };
    list.sort((left, right) => left - right);
    return { low: numpyLinearQuantile(list, tail), high: numpyLinearQuantile(list, 1 - tail) };
  };
  return {
    apgr: interval(values.apgr),
    cpt50: interval(values.cpt50),
    cpt80: interval(values.cpt80),
    resamples,
    undefinedResamples,
  };
}
