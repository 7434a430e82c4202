import { createSeededRandom } from './create-seeded-random.js';
import { hashString } from './hash-string.js';

/**
 * A deterministic unit vector for (seed, model, input). The full-size vector is drawn first and
 * then cut to `dimensions` and renormalised, as OpenAI's shortened embeddings are, so a shorter
 * embedding is a prefix (up to scale) of the longer one.
 */
export function embedText(seed: number, model: string, input: string, fullDimensions: number, dimensions: number): Float32Array {
  const random = createSeededRandom(hashString(input, hashString(model, hashString(`embed:${seed}`))));
  const full = new Float64Array(fullDimensions);
  for (let index = 0; index < fullDimensions; index++) {
    // The sum of two uniforms is triangular around 0: closer to real embeddings than a flat spread.
    full[index] = random() + random() - 1;
  }
  let norm = 0;
  for (let index = 0; index < dimensions; index++) norm += (full[index] ?? 0) ** 2;
  norm = Math.sqrt(norm) || 1;
  const vector = new Float32Array(dimensions);
  for (let index = 0; index < dimensions; index++) vector[index] = (full[index] ?? 0) / norm;
  return vector;
}
