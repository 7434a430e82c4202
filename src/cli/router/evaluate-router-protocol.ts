import { evaluateRoutellmScores } from '../../router-eval/evaluate-routellm-scores.js';
import { costAtQuality } from '../../router-eval/cost-at-quality.js';
import { oracleScores } from '../../router-eval/oracle-scores.js';
import { promptLengthScores } from '../../router-eval/prompt-length-scores.js';
import { randomBaselineCurve } from '../../router-eval/random-baseline-curve.js';
import { randomScores } from '../../router-eval/random-scores.js';
import type { RoutellmBenchmark, RoutellmItem } from '../../router-eval/routellm-item.js';
import { seededSplit } from '../../router-eval/seeded-split.js';
import { summarizeRoutellmCurve } from '../../router-eval/summarize-routellm-curve.js';
import { compileRouterModel } from '../../router-model/compile-router-model.js';
import { scoreRouterModel } from '../../router-model/score-router-model.js';
import { trainRouterModel } from '../../router-model/train-router-model.js';
import { routellmCallPrices } from './routellm-call-prices.js';
import {
  type BenchmarkReport,
  type RouterEvaluationReport,
  type RouterEvaluationScorer,
  routerEvaluationScorers,
} from './router-evaluation-report.js';
import { type SeedFigures, summarizeScorerOverSeeds } from './summarize-scorer-over-seeds.js';

export interface EvaluateRouterProtocolOptions {
  readonly protocol: 'B' | 'C';
  readonly seeds: readonly number[];
  /** Bootstrap resamples per seed and scorer (1,000 by default). */
  readonly resamples?: number;
  /** Protocol B's 1,500 by default. */
  readonly trainSize?: number;
  /** Called with the router's score of every test prompt, per benchmark and seed (for `--scores-out`). */
  readonly onScores?: (benchmark: RoutellmBenchmark, seed: number, items: readonly RoutellmItem[], scores: readonly number[]) => void;
}

/** Test sets: protocol B's MMLU rest, or protocol C's GSM8K and MT-Bench. */
export type ProtocolData = Readonly<Partial<Record<RoutellmBenchmark, readonly RoutellmItem[]>>> & { readonly mmlu: readonly RoutellmItem[] };

// The random baseline must not share a stream with the bootstrap (both seeded by the seed): the same
// draws would pick resampled positions and assign random scores, correlating the two.
const RANDOM_BASELINE_SEED_OFFSET = 0x9e3779b9;

/**
 * The protocols of the data's README. For each seed: train the router on the seeded `trainSize` MMLU
 * prompts (`seededSplit`); B tests it on the rest of MMLU, C on every GSM8K and MT-Bench prompt. On each
 * test set the router and the baselines get RouteLLM's metrics, a bootstrap interval seeded by the seed
 * (the same resamples for all four: paired), and the cost at 95 % of the strong model's quality.
 * - random: APGR/CPT/cost from RouteLLM's 10-run averaged random curve; its interval from the bootstrap
 *   of one random run (an averaged curve has no per-prompt scores to resample).
 * - prompt_length: longer prompts (in code points) go to the strong model first.
 * - oracle: strong − weak outcome, the best any router could do.
 */
export function evaluateRouterProtocol(data: ProtocolData, options: EvaluateRouterProtocolOptions): RouterEvaluationReport {
  const trainSize = options.trainSize ?? 1500;
  const resamples = options.resamples ?? 1000;
  const benchmarks: RoutellmBenchmark[] = options.protocol === 'B' ? ['mmlu'] : ['gsm8k', 'mt_bench'];
  const figures = new Map<RoutellmBenchmark, Record<RouterEvaluationScorer, SeedFigures[]>>();
  const testPrompts = new Map<RoutellmBenchmark, number>();
  for (const benchmark of benchmarks) figures.set(benchmark, { router: [], random: [], prompt_length: [], oracle: [] });

  for (const seed of options.seeds) {
    const { train, test: mmluRest } = seededSplit(data.mmlu, trainSize, seed);
    const model = compileRouterModel(trainRouterModel(train));
    for (const benchmark of benchmarks) {
      const items = benchmark === 'mmlu' ? mmluRest : data[benchmark];
      if (items === undefined || items.length === 0) throw new Error(`no ${benchmark} prompts to test on`);
      testPrompts.set(benchmark, items.length);
      const scores = items.map((item) => scoreRouterModel(model, item.prompt));
      options.onScores?.(benchmark, seed, items, scores);
      const evaluate = (scorerScores: readonly number[]): SeedFigures => {
        const evaluation = evaluateRoutellmScores(items, scorerScores, { seed, resamples, prices: routellmCallPrices });
        return { ...evaluation, cost: evaluation.cost ?? costAtQuality(evaluation.curve, routellmCallPrices) };
      };
      const randomSeed = (seed + RANDOM_BASELINE_SEED_OFFSET) >>> 0;
      const randomCurve = randomBaselineCurve(items, { seed: randomSeed });
      const randomFigures: SeedFigures = {
        ...summarizeRoutellmCurve(randomCurve),
        intervals: evaluate(randomScores(items.length, randomSeed)).intervals,
        cost: costAtQuality(randomCurve, routellmCallPrices),
      };
      const perScorer = figures.get(benchmark)!;
      perScorer.router.push(evaluate(scores));
      perScorer.random.push(randomFigures);
      perScorer.prompt_length.push(evaluate(promptLengthScores(items)));
      perScorer.oracle.push(evaluate(oracleScores(items)));
    }
  }

  const report: Partial<Record<RoutellmBenchmark, BenchmarkReport>> = {};
  for (const benchmark of benchmarks) {
    const perScorer = figures.get(benchmark)!;
    const summaries = Object.fromEntries(
      routerEvaluationScorers.map((scorer) => [scorer, summarizeScorerOverSeeds(perScorer[scorer])]),
    ) as Record<RouterEvaluationScorer, BenchmarkReport['router']>;
    report[benchmark] = { testPrompts: testPrompts.get(benchmark) ?? 0, ...summaries };
  }
  return {
    protocol: options.protocol,
    seeds: [...options.seeds],
    trainSize,
    resamples,
    prices: routellmCallPrices,
    benchmarks: report,
  };
}
