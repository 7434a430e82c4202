import type { CompiledRouterModel } from './compile-router-model.js';
import { extractFeatures } from './extract-features.js';
import { logistic } from './logistic.js';
import { termWeight } from './term-weight.js';

/**
 * P(only the strong model answers this prompt well), by the model: the hashed part is the dot
 * product of the L2-normalised TF-IDF vector with the weights (buckets not kept at training are
 * ignored), the dense part uses the training standardisation. No network; a few allocations.
 */
export function scoreRouterModel(model: CompiledRouterModel, prompt: string): number {
  const { buckets, counts, dense } = extractFeatures(prompt, model.features);
  const table = model.buckets;
  let dot = 0;
  let squaredNorm = 0;
  for (let index = 0; index < buckets.length; index++) {
    const at = 2 * buckets[index]!;
    const idf = table[at]!;
    if (idf === 0) continue;
    const value = termWeight(counts[index]!, idf);
    dot += value * table[at + 1]!;
    squaredNorm += value * value;
  }
  let z = model.bias + (squaredNorm > 0 ? dot / Math.sqrt(squaredNorm) : 0);
  for (let index = 0; index < dense.length; index++) {
    z += ((dense[index]! - model.denseMeans[index]!) / model.denseScales[index]!) * model.denseWeights[index]!;
  }
  return logistic(z);
}
