import type { FeatureSettings } from './feature-settings.js';
import type { RouterModel } from './router-model.js';

/** A router model laid out for scoring. */
export interface CompiledRouterModel {
  readonly features: FeatureSettings;
  /** Per bucket b: IDF at 2b (0: bucket not kept, ignored), weight at 2b + 1. */
  readonly buckets: Float64Array;
  readonly denseMeans: Float64Array;
  readonly denseScales: Float64Array;
  readonly denseWeights: Float64Array;
  readonly bias: number;
}

/**
 * Spreads a (validated) model's sparse tables over the whole hash space, so scoring a bucket reads
 * one cache line. 2^18 buckets cost 4 MB, once per loaded model.
 */
export function compileRouterModel(model: RouterModel): CompiledRouterModel {
  const buckets = new Float64Array(2 * 2 ** model.features.hashBits);
  const { buckets: kept, idf, weights } = model.hashed;
  for (let index = 0; index < kept.length; index++) {
    buckets[2 * kept[index]!] = idf[index]!;
    buckets[2 * kept[index]! + 1] = weights[index]!;
  }
  return {
    features: model.features,
    buckets,
    denseMeans: Float64Array.from(model.dense, (feature) => feature.mean),
    denseScales: Float64Array.from(model.dense, (feature) => feature.scale),
    denseWeights: Float64Array.from(model.dense, (feature) => feature.weight),
    bias: model.bias,
  };
}
