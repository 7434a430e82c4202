import type { RouterBlend } from './blend-router-score.js';
import type { FeatureSettings } from './feature-settings.js';
import type { RouterModel } from './router-model.js';

/** A router model laid out for scoring. */
export interface CompiledRouterModel extends RouterBlend {
  readonly features: FeatureSettings;
  /** Per bucket b: IDF at 3b (0: bucket not kept, ignored), target sum at 3b + 1, weight sum at 3b + 2. */
  readonly buckets: Float64Array;
  readonly meanTarget: number;
  readonly lengthWeight: number;
  readonly massFloor: number;
  readonly similarityQuantiles: Float64Array;
  readonly lengthQuantiles: Float64Array;
}

/**
 * Spreads a (validated) model's sparse tables over the whole hash space, so scoring a bucket reads
 * one cache line. 2^18 buckets cost 6 MB, once per loaded model.
 */
export function compileRouterModel(model: RouterModel): CompiledRouterModel {
  const buckets = new Float64Array(3 * 2 ** model.features.hashBits);
  const { buckets: kept, idf, targetSums, weightSums } = model.hashed;
  for (let index = 0; index < kept.length; index++) {
    const at = 3 * kept[index]!;
    buckets[at] = idf[index]!;
    buckets[at + 1] = targetSums[index]!;
    buckets[at + 2] = weightSums[index]!;
  }
  return {
    features: model.features,
    buckets,
    meanTarget: model.meanTarget,
    lengthWeight: model.lengthWeight,
    massFloor: model.massFloor,
    similarityQuantiles: Float64Array.from(model.similarityQuantiles),
    lengthQuantiles: Float64Array.from(model.lengthQuantiles),
  };
}
