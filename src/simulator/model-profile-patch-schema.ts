import { z } from 'zod';
import type { ModelProfile } from './model-profile.js';

const fraction = z.number().min(0).max(1);
const nonNegative = z.number().min(0);
const count = z.number().int().min(0);
const instant = z.union([z.number(), z.string().refine((value) => !Number.isNaN(Date.parse(value)), 'not a date')]);

const outageWindowSchema = z
  .object({
    mode: z.enum(['error', 'hang', 'reset']),
    startAfterMs: z.number().optional(),
    endAfterMs: z.number().optional(),
    startsAt: instant.optional(),
    endsAt: instant.optional(),
  })
  .strict();

const errorBurstSchema = z
  .object({ every: z.number().int().min(1), length: z.number().int().min(1), status: z.number().int().min(400).max(599).optional() })
  .strict()
  .refine((burst) => burst.length <= burst.every, 'length must not exceed every');

/**
 * Validates a profile patch from `setProfile` or `PUT /_sim/profiles/{model}`. JSON has no
 * Infinity, so `tokensPerSecond: null` means Infinity (and `GET /_sim/profiles` shows Infinity as null).
 */
export const modelProfilePatchSchema = z
  .object({
    kind: z.enum(['chat', 'embedding']),
    timeToFirstTokenMs: nonNegative,
    timeToFirstTokenJitterMs: nonNegative,
    tokensPerSecond: z.union([nonNegative, z.literal(Infinity), z.null().transform(() => Infinity)]),
    outputTokens: count,
    maxOutputTokens: z.number().int().min(1),
    contextWindow: z.number().int().min(1),
    errorRate: fraction,
    rateLimitRate: fraction,
    retryAfterSeconds: nonNegative,
    errorBurst: errorBurstSchema.nullable(),
    outages: z.array(outageWindowSchema),
    midStreamFailureRate: fraction,
    midStreamFailureAfterChunks: count,
    midStreamFailureMode: z.enum(['error-event', 'cut']),
    supportsVision: z.boolean(),
    supportsTools: z.boolean(),
    reasoning: z.boolean(),
    reasoningTokens: count,
    rejectsMaxTokens: z.boolean(),
    embeddingDimensions: count,
    fixedText: z.string().nullable(),
    autoToolCallRate: fraction,
    cachedPromptFraction: fraction,
    scriptedReplies: z.array(
      z.strictObject({
        match: z.string().min(1).refine(isRegExp, { message: 'not a valid regular expression' }),
        reply: z.string(),
      }),
    ),
  } satisfies { [Field in keyof ModelProfile]-?: z.ZodType<ModelProfile[Field], unknown> })
  .partial()
  .strict();

function isRegExp(source: string): boolean {
  try {
    new RegExp(source, 'i');
    return true;
  } catch {
    return false;
  }
}
