import { blendRouterScore } from './blend-router-score.js';
import type { CompiledRouterModel } from './compile-router-model.js';
import { extractFeatures } from './extract-features.js';
import { termWeight } from './term-weight.js';

/** The parts of a prompt's score: the similarity vote, its similarity mass, and the blended score. */
export interface RouterScoreParts {
  /** The similarity-weighted mean target of the training prompts (the mean target when none is similar). */
  readonly similarity: number;
  /** Σ of the prompt's cosine similarities to the training prompts. */
  readonly mass: number;
  readonly score: number;
}

/**
 * The router's score of a prompt, 0–1, higher → strong: the similarity vote's position among the
 * training prompts' blended with the length's, with more weight on length when the prompt is unlike
 * the training prompts (router-model.ts, blend-router-score.ts). No network; a few allocations.
 */
export function scoreRouterModel(model: CompiledRouterModel, prompt: string): number {
  return scoreRouterModelParts(model, prompt).score;
}

export function scoreRouterModelParts(model: CompiledRouterModel, prompt: string): RouterScoreParts {
  const { buckets, counts } = extractFeatures(prompt, model.features);
  const table = model.buckets;
  let targetDot = 0;
  let weightDot = 0;
  let squaredNorm = 0;
  for (let index = 0; index < buckets.length; index++) {
    const at = 3 * buckets[index]!;
    const idf = table[at]!;
    if (idf === 0) continue;
    const value = termWeight(counts[index]!, idf);
    targetDot += value * table[at + 1]!;
    weightDot += value * table[at + 2]!;
    squaredNorm += value * value;
  }
  // The vote is a ratio, so the prompt's vector need not be normalised for it; the mass needs the norm.
  const similarity = weightDot > 0 ? targetDot / weightDot : model.meanTarget;
  const mass = squaredNorm > 0 ? weightDot / Math.sqrt(squaredNorm) : 0;
  return { similarity, mass, score: blendRouterScore(model, similarity, mass, prompt.length) };
}
