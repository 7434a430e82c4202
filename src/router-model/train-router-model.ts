import { numpyLinearQuantile } from '../router-eval/numpy-linear-quantile.js';
import { blendRouterScore } from './blend-router-score.js';
import { calibrationQuantiles } from './calibration-quantiles.js';
import { extractFeatures } from './extract-features.js';
import { defaultFeatureSettings, FeatureSettingsSchema, type FeatureSettings } from './feature-settings.js';
import { ROUTER_MODEL_FORMAT, ROUTER_MODEL_VERSION, type RouterModel } from './router-model.js';
import { termWeight } from './term-weight.js';

/** A training prompt with each model's outcome: 1/0 correctness, or a graded score (e.g. MT-Bench's 1–10). */
export interface RouterTrainingItem {
  readonly prompt: string;
  readonly strong: number;
  readonly weak: number;
}

export interface TrainRouterModelOptions {
  readonly features?: Partial<FeatureSettings>;
  /**
   * Without a margin (the default) a training prompt votes with strong − weak, which ranks prompts by
   * the expected gain of the strong model. With one, it votes 1 when strong − weak > margin, else 0
   * (e.g. 1 point on MT-Bench's 1–10 scale).
   */
  readonly labelMargin?: number;
  /** The share of prompt length in the blended score, 0–1. */
  readonly lengthWeight?: number;
}

/**
 * Chosen by 5-fold cross-validation inside protocol B's training sets (seeds 0–4, 2026-11): 0.2 ranked
 * held-out folds a little better than similarity alone (APGR 0.656 against 0.651).
 */
export const defaultLengthWeight = 0.2;

/**
 * The percentile of the training prompts' leave-one-out similarity masses below which the vote is
 * trusted less. Fixed a priori (2026-11), before any out-of-domain result, not tuned: a prompt less
 * similar to the training set than 95 % of its prompts are to the rest is atypical of it, and 5 %
 * leaves in-domain ranking as it was (5-fold CV inside protocol B's training sets: APGR 0.6580 with
 * it, 0.6575 without).
 */
const MASS_FLOOR_PERCENTILE = 0.05;

/**
 * Trains the router: TF-IDF over the hashed n-grams kept (document frequency ≥ the setting; IDF =
 * ln((1 + n) / (1 + df)) + 1, the smoothed form), each prompt's vector L2-normalised, then per bucket
 * the sums of target × value and of value (see router-model.ts for how they score). Cross-validated
 * against the earlier L2 logistic regression on the same features (2026-11, protocol B's training
 * sets): the similarity vote ranked held-out MMLU prompts better (APGR 0.651 against 0.595 with word
 * n-grams only, 0.629 against 0.595 with the same word features), and it has no hyperparameter to
 * tune and nothing to iterate. The quantiles, the mass floor and the calibration use leave-one-out
 * votes and masses (a training prompt is not its own neighbour), so they describe new prompts rather
 * than memorised ones. Deterministic.
 */
export function trainRouterModel(items: readonly RouterTrainingItem[], options: TrainRouterModelOptions = {}): RouterModel {
  const settings = FeatureSettingsSchema.parse({ ...defaultFeatureSettings, ...options.features });
  const margin = options.labelMargin ?? null;
  const lengthWeight = options.lengthWeight ?? defaultLengthWeight;
  if (margin !== null && !Number.isFinite(margin)) throw new Error(`labelMargin must be a finite number, got ${margin}`);
  if (!(lengthWeight >= 0 && lengthWeight <= 1)) throw new Error(`lengthWeight must be between 0 and 1, got ${lengthWeight}`);

  const targets = new Float64Array(items.length);
  for (const [index, item] of items.entries()) {
    if (!Number.isFinite(item.strong) || !Number.isFinite(item.weak)) {
      throw new Error(`training item ${index}: outcomes must be finite numbers (strong ${item.strong}, weak ${item.weak})`);
    }
    const gap = item.strong - item.weak;
    targets[index] = margin === null ? gap : gap > margin ? 1 : 0;
  }
  const positives = margin === null ? null : targets.reduce((sum, target) => sum + target, 0);
  if (items.length === 0 || targets.every((target) => target === targets[0])) {
    throw new Error(
      margin === null
        ? `cannot train a router from ${items.length} items whose strong − weak gaps are all the same: the prompts must differ in which model does better`
        : `cannot train a router from ${items.length} items of which ${positives} are positive (strong − weak > ${margin}): both kinds are needed`,
    );
  }
  const meanTarget = targets.reduce((sum, target) => sum + target, 0) / items.length;

  const features = items.map((item) => {
    const { buckets, counts } = extractFeatures(item.prompt, settings);
    // Copies: the extracted arrays are views of a larger scratch buffer, which need not stay alive.
    return { buckets: buckets.slice(), counts: counts.slice() };
  });
  const size = 2 ** settings.hashBits;
  const documentFrequency = new Uint32Array(size);
  for (const prompt of features) for (const bucket of prompt.buckets) documentFrequency[bucket]!++;
  const idfOf = new Float64Array(size);
  for (let bucket = 0; bucket < size; bucket++) {
    const frequency = documentFrequency[bucket]!;
    if (frequency > 0 && frequency >= settings.minimumDocumentFrequency) idfOf[bucket] = Math.log((1 + items.length) / (1 + frequency)) + 1;
  }

  // Each prompt's L2-normalised TF-IDF vector, summed into the per-bucket tables.
  const targetSumOf = new Float64Array(size);
  const weightSumOf = new Float64Array(size);
  const norms = new Float64Array(items.length);
  for (const [row, prompt] of features.entries()) {
    let squaredNorm = 0;
    for (let index = 0; index < prompt.buckets.length; index++) {
      const idf = idfOf[prompt.buckets[index]!]!;
      if (idf > 0) squaredNorm += termWeight(prompt.counts[index]!, idf) ** 2;
    }
    norms[row] = Math.sqrt(squaredNorm);
    if (squaredNorm === 0) continue;
    for (let index = 0; index < prompt.buckets.length; index++) {
      const bucket = prompt.buckets[index]!;
      const idf = idfOf[bucket]!;
      if (idf === 0) continue;
      const value = termWeight(prompt.counts[index]!, idf) / norms[row]!;
      targetSumOf[bucket]! += targets[row]! * value;
      weightSumOf[bucket]! += value;
    }
  }

  // Leave-one-out: prompt d adds target_d · ‖v_d‖ and ‖v_d‖ to its own sums (v_d unnormalised), so
  // subtracting them scores it as the rest of the training set would.
  const similarities = new Float64Array(items.length);
  const masses = new Float64Array(items.length);
  for (const [row, prompt] of features.entries()) {
    let targetDot = 0;
    let weightDot = 0;
    for (let index = 0; index < prompt.buckets.length; index++) {
      const bucket = prompt.buckets[index]!;
      const idf = idfOf[bucket]!;
      if (idf === 0) continue;
      const value = termWeight(prompt.counts[index]!, idf);
      targetDot += value * targetSumOf[bucket]!;
      weightDot += value * weightSumOf[bucket]!;
    }
    const norm = norms[row]!;
    const otherWeight = weightDot - norm;
    // Relative: the subtraction leaves rounding noise where no other prompt shares a bucket.
    const sharesBuckets = otherWeight > 1e-9 * Math.max(1, weightDot);
    similarities[row] = sharesBuckets ? (targetDot - targets[row]! * norm) / otherWeight : meanTarget;
    masses[row] = sharesBuckets ? otherWeight / norm : 0;
  }
  const blend = {
    lengthWeight,
    massFloor: numpyLinearQuantile(Float64Array.from(masses).sort(), MASS_FLOOR_PERCENTILE),
    similarityQuantiles: calibrationQuantiles(similarities),
    lengthQuantiles: calibrationQuantiles(items.map((item) => item.prompt.length)),
  };
  const scores = items.map((item, row) => blendRouterScore(blend, similarities[row]!, masses[row]!, item.prompt.length));

  const buckets: number[] = [];
  const idf: number[] = [];
  const targetSums: number[] = [];
  const weightSums: number[] = [];
  for (let bucket = 0; bucket < size; bucket++) {
    if (idfOf[bucket] === 0 || weightSumOf[bucket] === 0) continue;
    buckets.push(bucket);
    idf.push(idfOf[bucket]!);
    targetSums.push(targetSumOf[bucket]!);
    weightSums.push(weightSumOf[bucket]!);
  }
  return {
    format: ROUTER_MODEL_FORMAT,
    version: ROUTER_MODEL_VERSION,
    features: settings,
    label: { margin },
    hashed: { buckets, idf, targetSums, weightSums },
    meanTarget,
    ...blend,
    training: { examples: items.length, positives },
    calibration: { quantiles: calibrationQuantiles(scores) },
  };
}
