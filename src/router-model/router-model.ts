import { z } from 'zod';
import { FeatureSettingsSchema } from './feature-settings.js';

export const ROUTER_MODEL_FORMAT = 'skyroute-router-model';
export const ROUTER_MODEL_VERSION = 2;

/** 101 ascending values: a distribution's quantiles at 0, 1, …, 100 %. */
const quantilesSchema = z.array(z.number()).length(101);

/**
 * `router.json` (version 2): a similarity-weighted vote of the training prompts, blended with prompt
 * length. A prompt's similarity vote is the mean training target (strong − weak, or 1/0 around a
 * margin) of the training prompts, each weighted by its TF-IDF cosine similarity to the prompt. That
 * sum over every training prompt is linear in the prompt's vector, so it is stored per hash bucket:
 * `targetSums[b]` = Σ target × the prompt's L2-normalised TF-IDF value in b, `weightSums[b]` = Σ of
 * those values; scoring is one pass over the prompt's buckets, and the training prompts are not kept.
 * The same pass gives the prompt's similarity mass (Σ of its cosine similarities to the training
 * prompts), which says how much the vote rests on. The score (blend-router-score.ts) is the vote's
 * position among the training votes, weighted (1 − lengthWeight) × min(1, mass / massFloor), plus
 * the length's position among the training lengths with the rest of the weight: 0–1, higher → strong.
 * It ranks prompts by the strong model's expected gain over the weak one; it is not a probability.
 * `hashed` is sparse: only buckets kept at training (seen in at least `minimumDocumentFrequency`
 * prompts) appear; every other bucket is ignored when scoring.
 */
export const RouterModelSchema = z
  .strictObject({
    format: z.literal(ROUTER_MODEL_FORMAT),
    version: z.literal(ROUTER_MODEL_VERSION),
    features: FeatureSettingsSchema,
    /** The target: strong − weak when margin is null; else 1 when strong − weak > margin, 0 otherwise. */
    label: z.strictObject({ margin: z.number().nullable() }),
    hashed: z.strictObject({
      buckets: z.array(z.number().int().nonnegative()),
      idf: z.array(z.number().positive()),
      targetSums: z.array(z.number()),
      weightSums: z.array(z.number().positive()),
    }),
    /** The similarity vote of a prompt that shares no kept bucket with the training prompts. */
    meanTarget: z.number(),
    lengthWeight: z.number().min(0).max(1),
    /**
     * The 5th percentile of the training prompts' leave-one-out similarity masses: below it the vote
     * is trusted in proportion to the prompt's mass, and length takes the weight it loses.
     */
    massFloor: z.number().nonnegative(),
    /** Leave-one-out similarity votes of the training prompts. */
    similarityQuantiles: quantilesSchema,
    /** Training prompts' lengths in UTF-16 code units. */
    lengthQuantiles: quantilesSchema,
    training: z.strictObject({
      examples: z.number().int().positive(),
      /** With a margin: how many targets are 1. */
      positives: z.number().int().nonnegative().nullable(),
    }),
    /**
     * The training prompts' final scores (vote and mass left-one-out) at 0, 1, …, 100 %, so a
     * `strong_share` can be turned into a threshold when the router is loaded. Optional in the schema
     * so a file without it is refused only where a strong share needs it.
     */
    calibration: z.strictObject({ quantiles: z.array(z.number().min(0).max(1)).length(101) }).optional(),
  })
  .superRefine((model, context) => {
    const { buckets, idf, targetSums, weightSums } = model.hashed;
    if (idf.length !== buckets.length || targetSums.length !== buckets.length || weightSums.length !== buckets.length) {
      context.addIssue({
        code: 'custom',
        path: ['hashed'],
        message: `buckets, idf, targetSums and weightSums must have the same length (got ${buckets.length}, ${idf.length}, ${targetSums.length}, ${weightSums.length})`,
      });
    }
    const size = 2 ** model.features.hashBits;
    for (let index = 0; index < buckets.length; index++) {
      const bucket = buckets[index]!;
      if (bucket >= size || (index > 0 && bucket <= buckets[index - 1]!)) {
        context.addIssue({
          code: 'custom',
          path: ['hashed', 'buckets', index],
          message: `buckets must be ascending, distinct and below 2^${model.features.hashBits}`,
        });
        break;
      }
    }
    const ascending = (values: readonly number[], path: (string | number)[]): void => {
      for (let index = 1; index < values.length; index++) {
        if (values[index]! < values[index - 1]!) {
          context.addIssue({ code: 'custom', path: [...path, index], message: 'quantiles must be ascending' });
          break;
        }
      }
    };
    ascending(model.similarityQuantiles, ['similarityQuantiles']);
    ascending(model.lengthQuantiles, ['lengthQuantiles']);
    ascending(model.calibration?.quantiles ?? [], ['calibration', 'quantiles']);
  });

export type RouterModel = z.infer<typeof RouterModelSchema>;
