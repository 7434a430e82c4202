import { z } from 'zod';
import { denseFeatureNames } from './dense-feature-names.js';
import { FeatureSettingsSchema } from './feature-settings.js';

export const ROUTER_MODEL_FORMAT = 'skyroute-router-model';
export const ROUTER_MODEL_VERSION = 1;

const denseFeatureSchema = z.strictObject({
  name: z.string(),
  /** Standardisation learned at training: the value used is (raw − mean) / scale. */
  mean: z.number(),
  scale: z.number().positive(),
  weight: z.number(),
});

/**
 * `router.json`: a binary logistic regression scoring P(only the strong model answers well) from a
 * prompt's TF-IDF-weighted hashed n-grams (L2-normalised) and standardised dense features.
 * `hashed` is sparse: only buckets kept at training (seen in at least `minimumDocumentFrequency`
 * prompts) appear, with their IDF and weight; every other bucket is ignored when scoring.
 */
export const RouterModelSchema = z
  .strictObject({
    format: z.literal(ROUTER_MODEL_FORMAT),
    version: z.literal(ROUTER_MODEL_VERSION),
    features: FeatureSettingsSchema,
    /** An item is positive when strong − weak > margin (for 0/1 outcomes, margin 0: strong right, weak wrong). */
    label: z.strictObject({ margin: z.number() }),
    hashed: z.strictObject({
      buckets: z.array(z.number().int().nonnegative()),
      idf: z.array(z.number().positive()),
      weights: z.array(z.number()),
    }),
    dense: z.array(denseFeatureSchema),
    bias: z.number(),
    training: z.strictObject({
      examples: z.number().int().positive(),
      positives: z.number().int().nonnegative(),
      /**
       * λ in mean log-loss + λ/2 · ‖w‖². Models trained since 2026-11-22 penalise only the hashed
       * weights (not the dense ones or the bias); older ones penalised the dense weights too. Scoring
       * is the same either way.
       */
      l2: z.number().nonnegative(),
      iterations: z.number().int().nonnegative(),
      finalLoss: z.number(),
      converged: z.boolean(),
    }),
    /**
     * The training scores' quantiles at 0, 1, …, 100 % (101 values, ascending), so a `strong_share`
     * can be turned into a threshold when the router is loaded. Optional: older files lack it.
     */
    calibration: z.strictObject({ quantiles: z.array(z.number().min(0).max(1)).length(101) }).optional(),
  })
  .superRefine((model, context) => {
    const { buckets, idf, weights } = model.hashed;
    if (idf.length !== buckets.length || weights.length !== buckets.length) {
      context.addIssue({
        code: 'custom',
        path: ['hashed'],
        message: `buckets, idf and weights must have the same length (got ${buckets.length}, ${idf.length}, ${weights.length})`,
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
    const quantiles = model.calibration?.quantiles ?? [];
    for (let index = 1; index < quantiles.length; index++) {
      if (quantiles[index]! < quantiles[index - 1]!) {
        context.addIssue({ code: 'custom', path: ['calibration', 'quantiles', index], message: 'quantiles must be ascending' });
        break;
      }
    }
    const names = model.dense.map((feature) => feature.name);
    if (names.join(',') !== denseFeatureNames.join(',')) {
      context.addIssue({
        code: 'custom',
        path: ['dense'],
        message: `dense features must be exactly ${denseFeatureNames.join(', ')} in that order (got ${names.join(', ') || 'none'})`,
      });
    }
  });

export type RouterModel = z.infer<typeof RouterModelSchema>;
