import { z } from 'zod';

const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

const DURATION_TEXT = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)$/;
const DURATION_HINT = 'must be milliseconds or a duration such as "7d", "12h", "30m", "45s"';

/** Milliseconds, as a number or as text such as `7d`, `12h`, `30m`, `45s`, `500ms`; text that is neither is left for the number check to refuse. */
const durationSchema = z.preprocess(
  (value) => {
    if (typeof value !== 'string') return value;
    const match = DURATION_TEXT.exec(value.trim());
    return match === null ? value : Math.round(Number(match[1]) * (UNIT_MS[match[2] ?? 'ms'] ?? 1));
  },
  z.number({ error: DURATION_HINT }).int(DURATION_HINT).positive('must be longer than 0'),
);

/**
 * The `bandit` strategy (docs/routing.md, docs/learned-routing.md "Learning from feedback"): Thompson
 * sampling over the group's deployments, per task category, from the POST /v1/feedback scores.
 */
export const BanditStrategySchema = z.strictObject({
  type: z.literal('bandit'),
  /**
   * Where the category comes from when no selector on the way (an `llm` classifier) named one:
   * `metadata:<key>` of the request body or `header:<lower-case name>`. Absent → `default`.
   */
  category: z
    .string()
    .regex(/^(header:[a-z0-9-]+|metadata:.+)$/, 'must be "metadata:<key>" or "header:<lower-case name>"')
    .default('metadata:category'),
  /** The categories learned apart; any other value counts as `default`. Unset: every value (up to 64 characters) is its own. */
  categories: z.array(z.string().min(1).max(64)).min(1).optional(),
  /** Share of requests (0–1) ordered uniformly at random, on top of Thompson sampling's own exploration. */
  exploration: z.number().min(0).max(1).default(0.05),
  /** Beta prior of every deployment: alpha pseudo-successes and beta pseudo-failures. */
  prior: z.strictObject({ alpha: z.number().positive().default(1), beta: z.number().positive().default(1) }).prefault({}),
  /** Only feedback given within this long counts, so the strategy follows a deployment that got worse or better. */
  window: durationSchema.default(7 * 86_400_000),
  /** How often each replica reloads the feedback totals from the database. */
  refresh_ms: z.number().int().min(100).default(5_000),
});

export type BanditStrategyConfig = z.output<typeof BanditStrategySchema>;
