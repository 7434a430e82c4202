import { z } from 'zod';

const ngramRangeSchema = z
  .tuple([z.number().int().min(1).max(8), z.number().int().min(1).max(8)])
  .refine(([low, high]) => low <= high, { message: 'the first n must not exceed the second' });

/**
 * How a prompt becomes hashed n-gram features. Stored in `router.json`, so a model is always scored
 * with the settings it was trained with.
 */
export const FeatureSettingsSchema = z.strictObject({
  /** The hash space is 2^hashBits buckets. */
  hashBits: z.number().int().min(8).max(24),
  /** Word n-grams, e.g. [1, 2] for unigrams and bigrams (bigrams at most: longer ones are not hashed). */
  wordNgrams: ngramRangeSchema.refine(([, high]) => high <= 2, { message: 'word n-grams go up to 2' }),
  /** Character n-grams over the normalised text, or null for none. */
  characterNgrams: ngramRangeSchema.nullable(),
  /** Buckets seen in fewer training prompts than this are dropped (mostly one-off names and numbers). */
  minimumDocumentFrequency: z.number().int().min(1),
  /**
   * N-grams are taken from at most this many characters: all of a shorter prompt, the first and the
   * last half of this many of a longer one (the gap reads as a space). Bounds the scoring time of a
   * long prompt; its length is still measured on the whole text.
   */
  scannedCharacters: z.number().int().min(16),
});

export type FeatureSettings = z.infer<typeof FeatureSettingsSchema>;

export const defaultFeatureSettings: FeatureSettings = {
  hashBits: 18,
  wordNgrams: [1, 2],
  // Character 2–4-grams beside the words: numbers, formulas and units share pieces (cross-validated, 2026-11).
  characterNgrams: [2, 4],
  minimumDocumentFrequency: 2,
  // 99.96 % of RouteLLM's MMLU prompts are shorter; scoring 4,096 characters takes about 0.15 ms.
  scannedCharacters: 4096,
};
