import type { RoutellmEvaluation } from '../../router-eval/evaluate-routellm-scores.js';
import type { Interval, MetricOverSeeds, ScorerReport, ValueOverSeeds } from './router-evaluation-report.js';

/** One scorer's figures on one benchmark for one seed: the metrics, their intervals and the cost. */
export type SeedFigures = Required<Pick<RoutellmEvaluation, 'apgr' | 'cpt50' | 'cpt80' | 'intervals' | 'cost'>>;

/** A scorer's per-seed figures (in seed order) as the report gives them; see router-evaluation-report.ts. */
export function summarizeScorerOverSeeds(figures: readonly SeedFigures[]): ScorerReport {
  const metric = (name: 'apgr' | 'cpt50' | 'cpt80'): MetricOverSeeds => {
    const perSeedIntervals: Interval[] = figures.map((seed) => [finite(seed.intervals[name].low), finite(seed.intervals[name].high)]);
    return {
      ...overSeeds(figures.map((seed) => seed[name])),
      interval: [meanOrNull(figures.map((seed) => seed.intervals[name].low)), meanOrNull(figures.map((seed) => seed.intervals[name].high))],
      perSeedIntervals,
    };
  };
  return {
    apgr: metric('apgr'),
    cpt50: metric('cpt50'),
    cpt80: metric('cpt80'),
    cost95: {
      strongShare: overSeeds(figures.map((seed) => seed.cost.strongShare)),
      costPerCall: overSeeds(figures.map((seed) => seed.cost.costPerCall)),
      savings: overSeeds(figures.map((seed) => seed.cost.savings)),
    },
  };
}

function overSeeds(values: readonly number[]): ValueOverSeeds {
  // A NaN in any seed makes the summary undefined rather than silently dropping that seed.
  const defined = values.every(Number.isFinite);
  return {
    mean: meanOrNull(values),
    min: defined ? Math.min(...values) : null,
    max: defined ? Math.max(...values) : null,
    perSeed: values.map(finite),
  };
}

function meanOrNull(values: readonly number[]): number | null {
  if (values.length === 0 || !values.every(Number.isFinite)) return null;
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

function finite(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}
