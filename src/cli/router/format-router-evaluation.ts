import type { RoutellmBenchmark } from '../../router-eval/routellm-item.js';
import {
  type Interval,
  type MetricOverSeeds,
  type RouterEvaluationReport,
  routerEvaluationScorers,
} from './router-evaluation-report.js';

const BENCHMARK_NAMES: Record<RoutellmBenchmark, string> = { mmlu: 'MMLU', gsm8k: 'GSM8K', mt_bench: 'MT-Bench' };

/**
 * The readable form of `router eval`: per benchmark, the mean over seeds of each scorer's APGR,
 * CPT(50 %) and CPT(80 %) with the 95 % bootstrap interval (mean of the per-seed bounds) and the
 * min–max spread over seeds, the cost at 95 % of the strong model's quality, then each seed's figures.
 */
export function formatRouterEvaluation(report: RouterEvaluationReport): string {
  const lines: string[] = [];
  const seeds = report.seeds.join(', ');
  lines.push(
    `Protocol ${report.protocol}: router trained on ${report.trainSize} seeded MMLU prompts per seed (seeds ${seeds}); ` +
      `mean over seeds, [95 % bootstrap interval, ${report.resamples} resamples, mean of per-seed bounds], {min–max over seeds}.`,
  );
  lines.push(
    `Cost at 95 % of the strong model's quality: ${report.prices.currency} per call at ${report.prices.strong} (strong) / ${report.prices.weak} (weak); ${report.prices.assumption}.`,
  );
  for (const [benchmark, figures] of Object.entries(report.benchmarks) as [RoutellmBenchmark, NonNullable<RouterEvaluationReport['benchmarks'][RoutellmBenchmark]>][]) {
    lines.push('', `${BENCHMARK_NAMES[benchmark]} (${figures.testPrompts} test prompts per seed)`);
    const header = ['', 'APGR', 'CPT(50%)', 'CPT(80%)', 'strong share @95%', 'cost/call @95%'];
    const rows = routerEvaluationScorers.map((scorer) => {
      const scorerFigures = figures[scorer];
      return [
        scorer,
        summaryCell(scorerFigures.apgr, number),
        summaryCell(scorerFigures.cpt50, percent),
        summaryCell(scorerFigures.cpt80, percent),
        percent(scorerFigures.cost95.strongShare.mean),
        money(scorerFigures.cost95.costPerCall.mean),
      ];
    });
    lines.push(...table([header, ...rows]));
    if (report.seeds.length > 1) {
      const seedRows = routerEvaluationScorers.flatMap((scorer) =>
        report.seeds.map((seed, index) => {
          const scorerFigures = figures[scorer];
          const cell = (metric: MetricOverSeeds, format: (value: number | null) => string) =>
            `${format(metric.perSeed[index] ?? null)} ${interval(metric.perSeedIntervals[index] ?? [null, null], format)}`;
          return [
            `${scorer} seed ${seed}`,
            cell(scorerFigures.apgr, number),
            cell(scorerFigures.cpt50, percent),
            cell(scorerFigures.cpt80, percent),
            percent(scorerFigures.cost95.strongShare.perSeed[index] ?? null),
            money(scorerFigures.cost95.costPerCall.perSeed[index] ?? null),
          ];
        }),
      );
      lines.push('  per seed:', ...table([header, ...seedRows]).map((line) => `  ${line}`));
    }
  }
  return `${lines.join('\n')}\n`;
}

function summaryCell(metric: MetricOverSeeds, format: (value: number | null) => string): string {
  const spread = metric.perSeed.length > 1 ? ` {${format(metric.min)}–${format(metric.max)}}` : '';
  return `${format(metric.mean)} ${interval(metric.interval, format)}${spread}`;
}

function interval([low, high]: Interval, format: (value: number | null) => string): string {
  return `[${format(low)}, ${format(high)}]`;
}

function number(value: number | null): string {
  return value === null ? 'n/a' : value.toFixed(3);
}

function percent(value: number | null): string {
  return value === null ? 'n/a' : `${(100 * value).toFixed(1)}%`;
}

function money(value: number | null): string {
  return value === null ? 'n/a' : value.toFixed(5);
}

function table(rows: readonly (readonly string[])[]): string[] {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows.map((row) => row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd());
}
