import type { RoutellmBenchmark } from '../../router-eval/routellm-item.js';

/** The scores `router eval` compares: the trained router and the three baselines. */
export type RouterEvaluationScorer = 'router' | 'random' | 'prompt_length' | 'oracle';

export const routerEvaluationScorers: readonly RouterEvaluationScorer[] = ['router', 'random', 'prompt_length', 'oracle'];

/** `[low, high]`; `null` where a value is undefined (the models tie, or a target is never reached). */
export type Interval = readonly [number | null, number | null];

/**
 * One metric over the seeds. `perSeed[i]` and `perSeedIntervals[i]` belong to `seeds[i]` of the report.
 * `perSeedIntervals` are each seed's percentile-bootstrap 95 % interval (test prompts resampled with
 * replacement, the whole sweep redone, resampling seeded by the seed). `interval` is the mean over seeds
 * of those bounds — an interval for a typical seed's figure, not a (narrower) interval of the mean.
 * `min` and `max` are the spread over seeds. Undefined values are `null` (JSON has no NaN).
 */
export interface MetricOverSeeds {
  readonly mean: number | null;
  readonly min: number | null;
  readonly max: number | null;
  readonly perSeed: readonly (number | null)[];
  readonly interval: Interval;
  readonly perSeedIntervals: readonly Interval[];
}

/** A figure with no interval (the costs): mean, spread and per-seed values as in `MetricOverSeeds`. */
export interface ValueOverSeeds {
  readonly mean: number | null;
  readonly min: number | null;
  readonly max: number | null;
  readonly perSeed: readonly (number | null)[];
}

export interface ScorerReport {
  /** Area under the performance-gap-recovered curve (0.5 for random, about 1 for a good router; can exceed 1). */
  readonly apgr: MetricOverSeeds;
  /** Share of strong calls (0–1) needed to recover 50 % of the gap between the two models. */
  readonly cpt50: MetricOverSeeds;
  /** Share of strong calls (0–1) needed to recover 80 % of the gap. */
  readonly cpt80: MetricOverSeeds;
  /** Reaching 95 % of the strong model's quality at the report's `prices`. */
  readonly cost95: {
    readonly strongShare: ValueOverSeeds;
    /** Mean price per prompt in `prices.currency`. */
    readonly costPerCall: ValueOverSeeds;
    /** 1 − costPerCall / strong price. */
    readonly savings: ValueOverSeeds;
  };
}

export interface BenchmarkReport extends Record<RouterEvaluationScorer, ScorerReport> {
  /** Test prompts per seed. */
  readonly testPrompts: number;
}

/**
 * What `skyroute router eval --json` prints: ONE object.
 *
 * ```
 * { protocol: "B" | "C", seeds: [0, 1, 2, 3, 4], trainSize: 1500, resamples: 1000,
 *   prices: { strong, weak, currency, assumption },
 *   benchmarks: { mmlu | gsm8k | mt_bench: {
 *     testPrompts,
 *     router | random | prompt_length | oracle: {
 *       apgr | cpt50 | cpt80: { mean, min, max, perSeed: [...], interval: [lo, hi], perSeedIntervals: [[lo, hi], ...] },
 *       cost95: { strongShare, costPerCall, savings: { mean, min, max, perSeed } } } } } }
 * ```
 *
 * Protocol B reports `mmlu` (the prompts outside each seed's training set); protocol C `gsm8k` and
 * `mt_bench` (all their prompts, scored by each seed's router trained on MMLU as in B).
 */
export interface RouterEvaluationReport {
  readonly protocol: 'B' | 'C';
  readonly seeds: readonly number[];
  /** MMLU prompts each seed's router trains on. */
  readonly trainSize: number;
  readonly resamples: number;
  readonly prices: { readonly strong: number; readonly weak: number; readonly currency: string; readonly assumption: string };
  readonly benchmarks: Partial<Record<RoutellmBenchmark, BenchmarkReport>>;
}
