import { z } from 'zod';
import { BanditStrategySchema } from './bandit-strategy-schema.js';

/**
 * The routing part of the config: strategies (per group and per request), retries, circuit breakers,
 * cooldowns, latency learning, hedging and health probes. docs/routing.md explains each field.
 */
const durationMs = z.number().int().nonnegative();
const share = z.number().min(0).max(1);

export const STRATEGY_TYPES = ['priority', 'weighted', 'round-robin', 'least-busy', 'latency', 'cost', 'quality', 'hybrid', 'bandit', 'rules', 'ab', 'learned', 'llm'] as const;
/** Strategies that choose a group or a strategy for the request (select-route.ts) rather than rank deployments. */
export const SELECTOR_STRATEGY_TYPES = ['rules', 'ab', 'learned', 'llm'] as const satisfies ReadonlyArray<(typeof STRATEGY_TYPES)[number]>;

export const HybridWeightsSchema = z
  .strictObject({ cost: z.number().nonnegative().default(0), latency: z.number().nonnegative().default(0), quality: z.number().nonnegative().default(0) })
  .refine((weights) => weights.cost + weights.latency + weights.quality > 0, { message: 'at least one of cost, latency, quality must be above 0' });

/** Request features a rule can match; every field given must match (AND). */
export const RuleConditionSchema = z.strictObject({
  /** `metadata.<key>` of the request body equals the value (or one of the values). */
  metadata: z.record(z.string(), z.union([z.string(), z.array(z.string())])).optional(),
  /** A request header (lower-case name) equals the value (or one of the values). */
  headers: z.record(z.string(), z.union([z.string(), z.array(z.string())])).optional(),
  /** The caller's key name (or team, once keys have teams) is one of these. */
  keys: z.array(z.string()).optional(),
  teams: z.array(z.string()).optional(),
  /** Prompt length in tokens. */
  prompt_tokens: z.strictObject({ gt: z.number().int().nonnegative().optional(), lt: z.number().int().positive().optional() }).optional(),
  /** The last user message matches this regular expression (JavaScript syntax, case-insensitive). */
  regex: z
    .string()
    .refine(
      (source) => {
        try {
          new RegExp(source, 'i');
          return true;
        } catch {
          return false;
        }
      },
      { message: 'is not a valid regular expression' },
    )
    .optional(),
  /** The last user message contains one of these words (case-insensitive). */
  keywords: z.array(z.string().min(1)).optional(),
  has_images: z.boolean().optional(),
  has_tools: z.boolean().optional(),
  json_mode: z.boolean().optional(),
  /** UTC hours `"HH-HH"` (start inclusive, end exclusive; `"22-06"` wraps midnight). */
  hours: z
    .string()
    .regex(/^([01]?\d|2[0-3])-([01]?\d|2[0-4])$/, 'must be "HH-HH" in UTC, e.g. "09-17"')
    .optional(),
});

type StrategyConfigInput =
  | z.input<typeof LeafStrategySchema>
  | { type: 'rules'; rules: unknown[]; default?: unknown }
  | { type: 'ab'; variants: unknown[]; sticky_by?: string }
  | { type: 'learned'; router: string; strong: unknown; weak: unknown; threshold?: number; strong_share?: number }
  | { type: 'llm'; model: string; categories: Record<string, unknown>; default: string; timeout_ms?: number; cache?: unknown; max_input_chars?: number };

/** The strategies that rank a group's deployments (exported for the admin what-if, which accepts only these). */
export const LeafStrategySchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('priority') }),
  z.strictObject({ type: z.literal('weighted') }),
  z.strictObject({ type: z.literal('round-robin') }),
  z.strictObject({ type: z.literal('least-busy') }),
  z.strictObject({ type: z.literal('latency') }),
  z.strictObject({ type: z.literal('cost') }),
  z.strictObject({ type: z.literal('quality'), /** Among deployments within this much of the best quality, the cheapest wins. */ tolerance: share.default(0) }),
  z.strictObject({ type: z.literal('hybrid'), weights: HybridWeightsSchema.default({ cost: 0.4, latency: 0.3, quality: 0.3 }) }),
  BanditStrategySchema,
]);

/** What a matching rule or an A/B variant routes to: another group, or a strategy over this group. */
export const RouteTargetSchema: z.ZodType<RouteTarget> = z.lazy(() =>
  z
    .strictObject({ group: z.string().min(1).optional(), strategy: StrategySchema.optional() })
    .refine((target) => (target.group === undefined) !== (target.strategy === undefined), { message: 'give exactly one of group, strategy' }),
);

/** A learned strategy's `strong` / `weak`: a route target, or a bare string as a group (or model) name. */
const LearnedTargetSchema: z.ZodType<RouteTarget> = z.lazy(() => z.preprocess((value) => (typeof value === 'string' ? { group: value } : value), RouteTargetSchema));

export const StrategySchema: z.ZodType<StrategyConfig, StrategyConfigInput | string> = z.lazy(() =>
  z.preprocess(
    (value) => (typeof value === 'string' ? { type: value } : value),
    z.discriminatedUnion(
      'type',
      [
      ...LeafStrategySchema.options,
      z.strictObject({
        type: z.literal('rules'),
        rules: z.array(z.strictObject({ when: RuleConditionSchema, use: RouteTargetSchema })).min(1),
        /** The strategy when no rule matches (default: priority). */
        default: StrategySchema.optional(),
      }),
      z.strictObject({
        type: z.literal('ab'),
        variants: z.array(z.strictObject({ weight: z.number().positive(), name: z.string().min(1).optional() }).and(RouteTargetSchema)).min(2),
        /**
         * What keeps a caller in one variant: `user` (the body's `user` field), `header:<name>`,
         * or `metadata:<key>`. Without it (or when the request lacks it) the split is random per request.
         */
        sticky_by: z
          .string()
          .regex(/^(user|header:[a-z0-9-]+|metadata:.+)$/, 'must be "user", "header:<lower-case name>" or "metadata:<key>"')
          .default('user'),
      }),
      z
        .strictObject({
          type: z.literal('learned'),
          /** Path of the trained `router.json` (`skyroute router train`), relative to the config file. */
          router: z.string().min(1),
          /** Where requests scoring at or above the threshold go, and where the others go. */
          strong: LearnedTargetSchema,
          weak: LearnedTargetSchema,
          /** Strong when score ≥ threshold… */
          threshold: share.optional(),
          /** …or the threshold that sends this share of training-like prompts strong (needs the router's calibration). */
          strong_share: share.optional(),
        })
        .refine((config) => (config.threshold === undefined) !== (config.strong_share === undefined), {
          message: 'give exactly one of threshold, strong_share',
        }),
      llmStrategySchema(),
    ],
      { error: strategyError },
    ),
  ),
) as z.ZodType<StrategyConfig, StrategyConfigInput | string>;

function strategyError(issue: { input?: unknown }): string {
  const type = (issue.input as { type?: unknown } | undefined)?.type;
  if (!(STRATEGY_TYPES as readonly unknown[]).includes(type)) return `unknown strategy ${JSON.stringify(type)}; expected one of ${STRATEGY_TYPES.join(', ')}`;
  return `invalid "${String(type)}" strategy`;
}

/**
 * An `llm` strategy: a small model (the group `model`, routed by the gateway itself) names the
 * request's category; the category's `use` picks the group or strategy (docs/learned-routing.md,
 * "Routing by an LLM"). Built inside StrategySchema's lazy scope, as its targets nest strategies.
 */
function llmStrategySchema() {
  return z
    .strictObject({
      type: z.literal('llm'),
      /** The model group that classifies (any name a client could send, not itself routed by an llm strategy). */
      model: z.string().min(1),
      categories: z
        .record(
          z.string(),
          z.strictObject({
            /** What belongs in the category, for the classifier's prompt. */
            description: z.string().min(1).optional(),
            /** A group name, or { group } / { strategy }. */
            use: LearnedTargetSchema,
          }),
        )
        .superRefine((categories, context) => {
          for (const name of Object.keys(categories)) {
            if (!/^[A-Za-z0-9][A-Za-z0-9_-]*$/.test(name)) {
              context.addIssue({ code: 'custom', path: [name], message: 'a category name is letters, digits, - and _, starting with a letter or digit (the classifier answers with it)' });
            }
          }
        })
        .refine((categories) => Object.keys(categories).length >= 2, { message: 'give at least two categories' })
        .refine((categories) => new Set(Object.keys(categories).map((name) => name.toLowerCase())).size === Object.keys(categories).length, {
          message: 'category names must differ in more than case (the answer is read case-insensitively)',
        }),
      /** The category when the classifier times out, fails, or names no category. */
      default: z.string().min(1),
      timeout_ms: z.number().int().positive().default(1_500),
      cache: z
        .strictObject({ max_entries: z.number().int().nonnegative().default(10_000), ttl_ms: z.number().int().positive().default(3_600_000) })
        .prefault({}),
      /** The client's text sent to the classifier is cut to this many characters. */
      max_input_chars: z.number().int().positive().default(4_000),
    })
    .refine((config) => Object.hasOwn(config.categories, config.default), {
      message: 'must name one of the categories',
      path: ['default'],
    });
}

export type LeafStrategyConfig = z.output<typeof LeafStrategySchema>;
export type RuleCondition = z.output<typeof RuleConditionSchema>;
export interface RouteTarget {
  group?: string | undefined;
  strategy?: StrategyConfig | undefined;
}
export type StrategyConfig =
  | LeafStrategyConfig
  | { type: 'rules'; rules: Array<{ when: RuleCondition; use: RouteTarget }>; default?: StrategyConfig | undefined }
  | { type: 'ab'; variants: Array<{ weight: number; name?: string | undefined } & RouteTarget>; sticky_by: string }
  | LearnedStrategyConfig
  | LlmStrategyConfig;
export interface LlmStrategyConfig {
  type: 'llm';
  model: string;
  categories: Record<string, { description?: string | undefined; use: RouteTarget }>;
  default: string;
  timeout_ms: number;
  cache: { max_entries: number; ttl_ms: number };
  max_input_chars: number;
}
export interface LearnedStrategyConfig {
  type: 'learned';
  router: string;
  strong: RouteTarget;
  weak: RouteTarget;
  threshold?: number | undefined;
  strong_share?: number | undefined;
}

export const RetrySchema = z.strictObject({
  /** Attempts per request across all deployments and fallback groups, the first included. */
  max_attempts: z.number().int().min(1).max(20).default(3),
  /** Jittered exponential backoff before a deployment is tried again: base × 2^n, capped. */
  backoff_base_ms: durationMs.default(200),
  backoff_max_ms: durationMs.default(5_000),
});

export const CircuitBreakerSchema = z.strictObject({
  /** Opens after this many failures in a row (0 = never on a count). */
  consecutive_failures: z.number().int().nonnegative().default(5),
  /** …or when this share of the requests in the window failed (with at least min_requests of them). */
  error_rate: share.default(0.5),
  min_requests: z.number().int().positive().default(20),
  window_ms: durationMs.default(60_000),
  /** How long an open circuit waits before it lets one probe request through (half-open). */
  cooldown_ms: durationMs.default(10_000),
});

export const CooldownSchema = z.strictObject({
  /** A 429 without retry-after or reset headers cools the deployment down this long. */
  rate_limited_ms: durationMs.default(2_000),
  /** Rejected credentials or exhausted quota cool every deployment of that provider down this long. */
  credentials_ms: durationMs.default(60_000),
  /** No cooldown is longer than this, whatever retry-after says. */
  max_ms: durationMs.default(300_000),
});

export const LatencyLearningSchema = z.strictObject({
  /** Weight of a new sample in the moving averages. */
  alpha: z.number().gt(0).max(1).default(0.2),
  /** A sample after this long without one counts for more (weight 1 − e^(−gap/decay_ms)), so old figures fade. */
  decay_ms: durationMs.default(2_000),
  /** A deployment without a latency sample for this long gets one request, so a recovered deployment is seen. */
  explore_after_ms: durationMs.default(5_000),
});

export const HedgeSchema = z.strictObject({
  /** Send a second attempt when the first has not produced its first token after this long… */
  after_ms: durationMs.optional(),
  /** …or after this percentile of the deployment's recent time to first token (local to the replica). */
  after_percentile: z.number().min(50).max(99.9).optional(),
});

export const HealthChecksSchema = z.strictObject({
  enabled: z.boolean().default(false),
  /** Each deployment of a configured group is probed this often (a one-token chat request). */
  interval_ms: durationMs.default(30_000),
  timeout_ms: durationMs.default(10_000),
});

export const RoutingConfigSchema = z.strictObject({
  /** Strategy of configured groups that name none. */
  default_strategy: StrategySchema.default({ type: 'priority' }),
  /** The `auto` model: every model the caller may use, ranked by this strategy. */
  auto: z
    .strictObject({
      strategy: StrategySchema.default({ type: 'hybrid', weights: { cost: 0.4, latency: 0.3, quality: 0.3 } }),
      /** Groups whose deployments make up `auto` (default: every configured group; without groups, every catalog chat model of a configured provider). */
      groups: z.array(z.string()).optional(),
    })
    .prefault({}),
  retry: RetrySchema.prefault({}),
  circuit_breaker: CircuitBreakerSchema.prefault({}),
  cooldown: CooldownSchema.prefault({}),
  latency: LatencyLearningSchema.prefault({}),
  /** Off unless after_ms or after_percentile is set. */
  hedge: HedgeSchema.prefault({}),
  health_checks: HealthChecksSchema.prefault({}),
  /** Header `x-skyroute-strategy` and body `skyroute.strategy` may choose the strategy per request. */
  allow_request_strategy: z.boolean().default(true),
});

export type RoutingConfig = z.output<typeof RoutingConfigSchema>;
export type RetryConfig = z.output<typeof RetrySchema>;
export type CircuitBreakerConfig = z.output<typeof CircuitBreakerSchema>;
export type CooldownConfig = z.output<typeof CooldownSchema>;
export type LatencyLearningConfig = z.output<typeof LatencyLearningSchema>;
export type HedgeConfig = z.output<typeof HedgeSchema>;
export type HealthChecksConfig = z.output<typeof HealthChecksSchema>;
