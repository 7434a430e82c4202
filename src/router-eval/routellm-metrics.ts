import { type RoutellmCurve, routellmCurve } from './routellm-curve.js';
import type { ScoredOutcome } from './scored-outcome.js';
import { type RoutellmSummary, summarizeRoutellmCurve } from './summarize-routellm-curve.js';

export interface RoutellmMetrics extends RoutellmSummary {
  readonly curve: RoutellmCurve;
}

/**
 * RouteLLM's metrics for one router on one benchmark, as `routellm/evals/evaluate.py` and
 * `routellm/evals/benchmarks.py` compute them (lm-sys/RouteLLM at 0b64fda, the commit the data comes from).
 *
 * Where this follows RouteLLM:
 * - Thresholds: the edges of `pd.qcut(scores, 10, retbins=True)`, i.e. numpy's linear quantiles at
 *   0, 0.1, …, 1 of the scores, bit for bit (routellm-thresholds.ts, numpy-linear-quantile.ts).
 * - Routing: a prompt goes to the strong model when its score is ≥ the threshold, except at the last
 *   (maximum) threshold, where it must be > — so the sweep always runs from 100 % to 0 % strong calls,
 *   and tied scores always move together.
 * - x axis: the realised share of strong calls (`model_counts[strong] / total`), not the nominal 10 %
 *   steps; with ties the two differ.
 * - Quality: mean outcome of the model each prompt was sent to; weak and strong quality are the all-weak
 *   and all-strong means (`get_model_accuracy`). MT-Bench outcomes are per-question means over turns
 *   (see load-routellm-mt-bench.ts for why that equals RouteLLM's per-row mean).
 * - APGR: `apgr_metric` — (AUC − weak AUC) / (strong AUC − weak AUC) with `np.trapz` over the points
 *   sorted by realised share.
 * - CPT(x): the strong share at which quality reaches weak + x·(strong − weak), interpolated linearly
 *   between curve points (`pct_call_metric`).
 * - Random: RouteLLM scores each prompt with `random.uniform(0, 1)` and averages 10 runs per realised
 *   share (random-baseline-curve.ts).
 *
 * Deliberate differences:
 * - Duplicate thresholds: `pd.qcut` defaults to `duplicates="raise"`, so RouteLLM stops with "Bin edges
 *   must be unique" whenever two edges coincide (heavily tied scores, such as the oracle's). Here all
 *   11 edges are kept; coinciding edges give the same point twice, which adds zero width to the
 *   trapezoid. Whenever RouteLLM gives a curve, this gives the same curve.
 * - CPT: `np.interp` assumes qualities that increase along the share; when they do not (a noisy router
 *   dips), its answer depends on its binary search, and on a plateau exactly at the target it returns
 *   the plateau's last share. Here CPT is the first crossing, as the paper defines it ("the minimum
 *   percentage of calls to the strong model"). When quality rises strictly with share the two agree.
 * - Units: shares and CPT are fractions 0–1 (RouteLLM prints percents); qualities are fractions for
 *   MMLU and GSM8K (RouteLLM: percent) and judge scores for MT-Bench. APGR is unit-free either way.
 * - Not in evaluate.py: the bootstrap intervals, the cost at 95 % of the strong model's quality, the
 *   prompt-length baseline, and the oracle as a score (RouteLLM's "Optimal" line is
 *   `get_optimal_accuracy` at nominal shares, plotted but not in its metrics table).
 */
export function routellmMetrics(items: readonly ScoredOutcome[], bins = 10): RoutellmMetrics {
  const curve = routellmCurve(items, bins);
  return { curve, ...summarizeRoutellmCurve(curve) };
}
