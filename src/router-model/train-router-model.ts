import { calibrationQuantiles } from './calibration-quantiles.js';
import { denseFeatureNames } from './dense-feature-names.js';
import { extractFeatures, type PromptFeatures } from './extract-features.js';
import { defaultFeatureSettings, FeatureSettingsSchema, type FeatureSettings } from './feature-settings.js';
import { logistic } from './logistic.js';
import { logisticObjective } from './logistic-objective.js';
import { minimizeLbfgs } from './minimize-lbfgs.js';
import { ROUTER_MODEL_FORMAT, ROUTER_MODEL_VERSION, type RouterModel } from './router-model.js';
import type { SparseRows } from './sparse-rows.js';
import { termWeight } from './term-weight.js';

/** A training prompt with each model's outcome: 1/0 correctness, or a graded score (e.g. MT-Bench's 1–10). */
export interface RouterTrainingItem {
  readonly prompt: string;
  readonly strong: number;
  readonly weak: number;
}

export interface TrainRouterModelOptions {
  readonly features?: Partial<FeatureSettings>;
  /** λ of the L2 penalty on the mean log-loss, on the hashed n-gram weights only. */
  readonly l2?: number;
  /**
   * An item is positive ("only the strong model answers well") when strong − weak > labelMargin.
   * With 0/1 outcomes the default 0 means strong right and weak wrong. With graded outcomes choose
   * the gap that matters, e.g. 1 point on MT-Bench's 1–10 scale.
   */
  readonly labelMargin?: number;
  readonly maxIterations?: number;
  readonly gradientTolerance?: number;
}

export const defaultL2 = 1e-3;
const DEFAULT_MAX_ITERATIONS = 1000;
const DEFAULT_GRADIENT_TOLERANCE = 1e-7;
/** A dense feature whose spread is below this is constant in the training set: it is centred, not scaled. */
const CONSTANT_SPREAD = 1e-12;

/**
 * Trains the router's logistic regression on items with both models' outcomes: TF-IDF over the
 * hashed n-grams kept (document frequency ≥ the setting; IDF = ln((1 + n) / (1 + df)) + 1, the
 * smoothed form), dense features standardised, then full-batch L-BFGS on the L2-regularised mean
 * log-loss. The penalty covers the hashed weights only: shrinking the 15 dense weights (prompt length
 * among them) together with thousands of n-gram weights let MMLU's subject words crowd out features
 * that carry to other prompts; freed, they raised APGR on protocol B and on both of C's benchmarks
 * (2026-11-22, seeds 0–4). `calibration` holds the training scores' 1 % quantiles (in-sample scores,
 * so a little more spread out than on new prompts). Deterministic: the same items, in the same order, give the same model.
 */
export function trainRouterModel(items: readonly RouterTrainingItem[], options: TrainRouterModelOptions = {}): RouterModel {
  const settings = FeatureSettingsSchema.parse({ ...defaultFeatureSettings, ...options.features });
  const l2 = options.l2 ?? defaultL2;
  const labelMargin = options.labelMargin ?? 0;
  if (!(l2 >= 0) || !Number.isFinite(l2)) throw new Error(`l2 must be a finite number ≥ 0, got ${l2}`);
  if (!Number.isFinite(labelMargin)) throw new Error(`labelMargin must be a finite number, got ${labelMargin}`);

  const labels = new Uint8Array(items.length);
  for (const [index, item] of items.entries()) {
    if (!Number.isFinite(item.strong) || !Number.isFinite(item.weak)) {
      throw new Error(`training item ${index}: outcomes must be finite numbers (strong ${item.strong}, weak ${item.weak})`);
    }
    labels[index] = item.strong - item.weak > labelMargin ? 1 : 0;
  }
  const positives = labels.reduce((sum, label) => sum + label, 0);
  if (positives === 0 || positives === items.length) {
    throw new Error(
      `cannot train a router from ${items.length} items of which ${positives} are positive (strong − weak > ${labelMargin}): both kinds are needed`,
    );
  }

  const features = items.map((item) => {
    const { buckets, counts, dense } = extractFeatures(item.prompt, settings);
    // Copies: the extracted arrays are views of a larger scratch buffer, which need not stay alive.
    return { buckets: buckets.slice(), counts: counts.slice(), dense };
  });
  const vocabulary = keptBuckets(features, settings);
  const denseScaling = standardisation(features);
  const rows = buildRows(features, vocabulary, denseScaling);
  const weightCount = vocabulary.buckets.length + denseFeatureNames.length;

  const result = minimizeLbfgs(logisticObjective(rows, labels, weightCount, l2, vocabulary.buckets.length), new Float64Array(weightCount + 1), {
    maxIterations: options.maxIterations ?? DEFAULT_MAX_ITERATIONS,
    gradientTolerance: options.gradientTolerance ?? DEFAULT_GRADIENT_TOLERANCE,
  });
  const hashedCount = vocabulary.buckets.length;
  return {
    format: ROUTER_MODEL_FORMAT,
    version: ROUTER_MODEL_VERSION,
    features: settings,
    label: { margin: labelMargin },
    hashed: {
      buckets: Array.from(vocabulary.buckets),
      idf: Array.from(vocabulary.idf),
      weights: Array.from(result.point.subarray(0, hashedCount)),
    },
    dense: denseFeatureNames.map((name, index) => ({
      name,
      mean: denseScaling.means[index]!,
      scale: denseScaling.scales[index]!,
      weight: result.point[hashedCount + index]!,
    })),
    bias: result.point[weightCount]!,
    training: {
      examples: items.length,
      positives,
      l2,
      iterations: result.iterations,
      finalLoss: result.value,
      converged: result.converged,
    },
    calibration: { quantiles: calibrationQuantiles(trainingScores(rows, result.point)) },
  };
}

/** Each training row's score under the fitted weights (the bias last): what the scorer gives those prompts. */
function trainingScores(rows: SparseRows, point: Float64Array): Float64Array {
  const bias = point[point.length - 1]!;
  const scores = new Float64Array(rows.rowStarts.length - 1);
  for (let row = 0; row < scores.length; row++) {
    let z = bias;
    for (let entry = rows.rowStarts[row]!; entry < rows.rowStarts[row + 1]!; entry++) z += rows.values[entry]! * point[rows.columns[entry]!]!;
    scores[row] = logistic(z);
  }
  return scores;
}

interface Vocabulary {
  /** Kept buckets, ascending. */
  readonly buckets: Uint32Array;
  readonly idf: Float64Array;
  /** Column of each bucket in the training matrix, −1 when not kept. */
  readonly columnOf: Int32Array;
}

function keptBuckets(features: readonly PromptFeatures[], settings: FeatureSettings): Vocabulary {
  const size = 2 ** settings.hashBits;
  const documentFrequency = new Uint32Array(size);
  for (const prompt of features) for (const bucket of prompt.buckets) documentFrequency[bucket]!++;
  const columnOf = new Int32Array(size).fill(-1);
  const kept: number[] = [];
  const idf: number[] = [];
  for (let bucket = 0; bucket < size; bucket++) {
    const frequency = documentFrequency[bucket]!;
    if (frequency === 0 || frequency < settings.minimumDocumentFrequency) continue;
    columnOf[bucket] = kept.length;
    kept.push(bucket);
    idf.push(Math.log((1 + features.length) / (1 + frequency)) + 1);
  }
  return { buckets: Uint32Array.from(kept), idf: Float64Array.from(idf), columnOf };
}

interface Standardisation {
  readonly means: Float64Array;
  readonly scales: Float64Array;
}

function standardisation(features: readonly PromptFeatures[]): Standardisation {
  const count = denseFeatureNames.length;
  const means = new Float64Array(count);
  const scales = new Float64Array(count);
  for (let index = 0; index < count; index++) {
    let sum = 0;
    for (const prompt of features) sum += prompt.dense[index]!;
    const mean = sum / features.length;
    let squares = 0;
    for (const prompt of features) squares += (prompt.dense[index]! - mean) ** 2;
    const spread = Math.sqrt(squares / features.length);
    means[index] = mean;
    scales[index] = spread > CONSTANT_SPREAD ? spread : 1;
  }
  return { means, scales };
}

/** The training matrix: each row's L2-normalised TF-IDF entries (kept buckets), then its standardised dense features. */
function buildRows(features: readonly PromptFeatures[], vocabulary: Vocabulary, scaling: Standardisation): SparseRows {
  const denseCount = denseFeatureNames.length;
  const hashedColumns = vocabulary.buckets.length;
  let entries = 0;
  for (const prompt of features) entries += prompt.buckets.length + denseCount;
  const rowStarts = new Int32Array(features.length + 1);
  const columns = new Int32Array(entries);
  const values = new Float64Array(entries);
  let filled = 0;
  for (const [row, prompt] of features.entries()) {
    const rowStart = filled;
    let squaredNorm = 0;
    for (let index = 0; index < prompt.buckets.length; index++) {
      const column = vocabulary.columnOf[prompt.buckets[index]!]!;
      if (column < 0) continue;
      const value = termWeight(prompt.counts[index]!, vocabulary.idf[column]!);
      columns[filled] = column;
      values[filled++] = value;
      squaredNorm += value * value;
    }
    const inverseNorm = squaredNorm > 0 ? 1 / Math.sqrt(squaredNorm) : 0;
    for (let entry = rowStart; entry < filled; entry++) values[entry]! *= inverseNorm;
    for (let index = 0; index < denseCount; index++) {
      columns[filled] = hashedColumns + index;
      values[filled++] = (prompt.dense[index]! - scaling.means[index]!) / scaling.scales[index]!;
    }
    rowStarts[row + 1] = filled;
  }
  return { rowStarts, columns: columns.subarray(0, filled), values: values.subarray(0, filled) };
}
