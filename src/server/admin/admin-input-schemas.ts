import { z } from 'zod';
import { LeafStrategySchema, STRATEGY_TYPES } from '../../config/routing-config-schema.js';
import { dayOf } from '../../governance/budget-window.js';
import { PROVIDER_TYPES } from '../../providers/provider-types.js';

/**
 * What admin requests may send, as zod schemas: the handlers validate with them and the OpenAPI
 * document is generated from them, so the two cannot disagree. Objects are strict: a misspelt field
 * is refused by name instead of being ignored (a "budget" that silently does nothing is worse than a 400).
 */

const ISO_TIME = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2}))?$/;

/** An ISO 8601 time with a zone (or a bare day, meaning its start in UTC), read as epoch ms. */
export const IsoTimeInput = z
  .string()
  .regex(ISO_TIME, 'must be an ISO 8601 time with a zone, e.g. "2026-01-31T00:00:00Z" (a bare day, "2026-01-31", means its start in UTC)')
  .transform((text, context) => {
    const at = Date.parse(text);
    if (!Number.isFinite(at)) {
      context.addIssue({ code: 'custom', message: `"${text}" is not a real date` });
      return z.NEVER;
    }
    return at;
  })
  .describe('ISO 8601 time with a zone, e.g. 2026-01-31T00:00:00Z');

/** A UTC day, 'YYYY-MM-DD', that exists on the calendar. */
export const DayInput = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a day as YYYY-MM-DD, e.g. "2026-01-31"')
  .refine((day) => {
    const at = Date.parse(day);
    return Number.isFinite(at) && dayOf(at) === day;
  }, 'is not a real day on the calendar')
  .describe('A UTC day, YYYY-MM-DD');

/** Epoch milliseconds or an ISO 8601 time (query strings carry either). */
export const TimeQueryInput = z
  .string()
  .transform((text, context) => {
    if (/^\d{1,15}$/.test(text)) return Number(text);
    const parsed = IsoTimeInput.safeParse(text);
    if (parsed.success) return parsed.data;
    context.addIssue({ code: 'custom', message: 'must be epoch milliseconds (e.g. 1767225600000) or an ISO 8601 time with a zone (e.g. 2026-01-01T00:00:00Z)' });
    return z.NEVER;
  })
  .describe('Epoch milliseconds or an ISO 8601 time with a zone');

const Name = z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters');
const Id = z.string().min(1, 'must not be empty').max(200);

/** USD budgets are compared in integer nano-dollars, which are exact up to 2^53 (about 9 million USD). */
const MAX_BUDGET_USD = 9_000_000;

export const BudgetInput = z
  .strictObject({
    period: z.enum(['day', 'week', 'month', 'total'], { error: 'must be one of day, week, month, total' }).describe('The window the limit counts over (UTC; weeks start on Monday).'),
    limit_usd: z
      .number()
      .positive('must be more than 0')
      .max(MAX_BUDGET_USD, `must be at most ${MAX_BUDGET_USD} (spend is counted in nano-dollars, exact up to about 9 million USD)`)
      .describe('Spend allowed in the period, in USD.'),
    alert_at: z.number().min(0, 'must be between 0 and 1').max(1, 'must be between 0 and 1').optional().describe('Share of the limit (0–1) past which the gateway warns, once per period.'),
  })
  .describe('A spend limit over one period.');

const Budgets = z
  .array(BudgetInput)
  .max(4)
  .refine((budgets) => new Set(budgets.map((budget) => budget.period)).size === budgets.length, 'must have at most one budget per period')
  .describe('Spend limits, at most one per period; [] means none.');

const Models = z
  .array(z.string().trim().min(1, 'must not be empty').max(300))
  .min(1, 'must list at least one model; leave the field out (or send null) to allow every model')
  .max(1000)
  .describe('Model names or groups the caller may use; absent or null: every model.');

const Rpm = z.number().int('must be a whole number').positive('must be more than 0').describe('Requests per minute.');
const Tpm = z.number().int('must be a whole number').positive('must be more than 0').describe('Tokens (input and output) per minute.');
const MaxParallel = z.number().int('must be a whole number').positive('must be more than 0').describe('Requests in flight at once.');
const Metadata = z.record(z.string(), z.unknown()).describe('Free-form JSON object kept with the record.');
const Tags = z.array(z.string().trim().min(1, 'must not be empty').max(100)).max(100).describe('Labels, e.g. for reports.');
const TeamId = Id.describe('The team the key belongs to (its limits and budgets apply too).');
const ExpiresAt = IsoTimeInput.describe('When the key stops working (ISO 8601 with a zone).');

export const CreateKeyBody = z
  .strictObject({
    name: Name.describe('Unique name of the key.'),
    team_id: TeamId.optional(),
    models: Models.optional(),
    rpm: Rpm.optional(),
    tpm: Tpm.optional(),
    max_parallel: MaxParallel.optional(),
    budgets: Budgets.optional(),
    metadata: Metadata.optional(),
    tags: Tags.optional(),
    expires_at: ExpiresAt.optional(),
  })
  .describe('A new virtual key.');

export const UpdateKeyBody = z
  .strictObject({
    name: Name.optional(),
    team_id: TeamId.nullable().optional(),
    models: Models.nullable().optional(),
    rpm: Rpm.nullable().optional(),
    tpm: Tpm.nullable().optional(),
    max_parallel: MaxParallel.nullable().optional(),
    budgets: Budgets.nullable().optional(),
    metadata: Metadata.nullable().optional(),
    tags: Tags.nullable().optional(),
    expires_at: ExpiresAt.nullable().optional(),
  })
  .describe('Fields to change: absent ones stay as they are, null clears an optional one.');

export const RevokeBySecretBody = z
  .strictObject({
    key: z.string().startsWith('sk-sr-', 'must be a Skyroute virtual key (they start with "sk-sr-")').describe('The secret itself, sk-sr-…'),
  })
  .describe('A key to revoke, named by its secret.');

/** A day at most: a longer overlap of two secrets is a rotation that never finished. */
const MAX_GRACE_SECONDS = 30 * 86_400;

export const RotateKeyBody = z
  .strictObject({
    grace_seconds: z
      .number()
      .int('must be a whole number of seconds')
      .min(0, 'must be 0 or more')
      .max(MAX_GRACE_SECONDS, `must be at most ${MAX_GRACE_SECONDS} (30 days)`)
      .default(0)
      .describe('How long the old secret keeps working (default 0: it stops at once).'),
  })
  .describe('A rotation: the key gets a new secret.');

export const CreateTeamBody = z
  .strictObject({
    name: Name.describe('Unique name of the team.'),
    models: Models.optional(),
    rpm: Rpm.optional(),
    tpm: Tpm.optional(),
    max_parallel: MaxParallel.optional(),
    budgets: Budgets.optional(),
    metadata: Metadata.optional(),
  })
  .describe('A new team: its limits apply to all its keys together.');

export const UpdateTeamBody = z
  .strictObject({
    name: Name.optional(),
    models: Models.nullable().optional(),
    rpm: Rpm.nullable().optional(),
    tpm: Tpm.nullable().optional(),
    max_parallel: MaxParallel.nullable().optional(),
    budgets: Budgets.nullable().optional(),
    metadata: Metadata.nullable().optional(),
  })
  .describe('Fields to change: absent ones stay as they are, null clears an optional one.');

/** The secret fields a provider's credentials may have (the same names as in the config file). */
export const CREDENTIAL_SECRET_FIELDS = ['api_key', 'aws_access_key_id', 'aws_secret_access_key', 'aws_session_token', 'credentials'] as const;

const Secret = z.string().min(1, 'must not be empty').max(65_536);

export const PutCredentialBody = z
  .strictObject({
    provider: z
      .enum(PROVIDER_TYPES, { error: `must be a provider type: ${PROVIDER_TYPES.join(', ')}` })
      .describe('The provider type the credential is for.'),
    api_key: Secret.optional().describe('The API key.'),
    aws_access_key_id: Secret.optional().describe('Bedrock: AWS access key id.'),
    aws_secret_access_key: Secret.optional().describe('Bedrock: AWS secret access key.'),
    aws_session_token: Secret.optional().describe('Bedrock: AWS session token.'),
    credentials: Secret.optional().describe('Vertex AI: the service-account JSON.'),
  })
  .refine((body) => CREDENTIAL_SECRET_FIELDS.some((field) => body[field] !== undefined), {
    message: `needs at least one secret field: ${CREDENTIAL_SECRET_FIELDS.join(', ')}`,
  })
  .describe('A provider credential; the secret fields are stored encrypted and never returned.');

const PageLimit = (fallback: number) =>
  z.coerce
    .number({ error: 'must be a whole number' })
    .int('must be a whole number')
    .min(1, 'must be between 1 and 500')
    .max(500, 'must be between 1 and 500')
    .default(fallback);

export const ListKeysQuery = z.strictObject({
  team_id: Id.optional().describe('Only the keys of this team.'),
  include_revoked: z.enum(['true', 'false'], { error: 'must be true or false' }).optional().describe('Also list revoked keys (default false).'),
  limit: PageLimit(100).describe('Keys per page (1–500, default 100).'),
  before: Id.optional().describe('next_before of the previous page.'),
});

export const SPEND_DIMENSIONS = ['day', 'key', 'team', 'model', 'provider', 'deployment'] as const;

export const SpendQuery = z.strictObject({
  from: DayInput.optional().describe('First day, inclusive (default: 29 days before `to`, so 30 days in all).'),
  to: DayInput.optional().describe('Last day, inclusive (default: today, UTC).'),
  group_by: z
    .string()
    .regex(
      new RegExp(`^(?:${SPEND_DIMENSIONS.join('|')})(?:,(?:${SPEND_DIMENSIONS.join('|')}))*$`),
      `must be a comma-separated list of ${SPEND_DIMENSIONS.join(', ')}`,
    )
    .optional()
    .describe(`Comma-separated dimensions to group by: ${SPEND_DIMENSIONS.join(', ')} (default: none, one total row).`),
  key_id: Id.optional().describe('Only the spend of this key.'),
  team_id: Id.optional().describe('Only the spend of this team.'),
});

export const LogsQuery = z.strictObject({
  from: TimeQueryInput.optional().describe('Rows at or after this time (epoch ms or ISO 8601).'),
  to: TimeQueryInput.optional().describe('Rows before this time (epoch ms or ISO 8601).'),
  key_id: Id.optional().describe('Only the requests of this key.'),
  team_id: Id.optional().describe('Only the requests of this team.'),
  model: z.string().min(1).optional().describe('Only requests for this model (the name the client sent).'),
  deployment: z.string().min(1).optional().describe('Only requests served by this deployment (provider/model).'),
  provider: z.string().min(1).optional().describe('Only requests served by this provider.'),
  client_request_id: z.string().min(1).optional().describe('Only requests the client sent with this x-request-id.'),
  status: z
    .string()
    .regex(/^(?:ok|error|[1-5]\d\d)$/, 'must be ok, error, or an HTTP status such as 429')
    .optional()
    .describe('ok (status below 400), error (400 and above), or one HTTP status.'),
  search: z.string().min(1).max(200).optional().describe('Text within the request id, route reason or error message.'),
  limit: PageLimit(50).describe('Rows per page (1–500, default 50).'),
  before: z.string().min(1).optional().describe('next_before of the previous page (an opaque cursor).'),
});

/** The window presets of a what-if, in milliseconds back from now. */
export const WHAT_IF_PRESETS = { '1h': 3_600_000, '24h': 86_400_000, '7d': 7 * 86_400_000, '30d': 30 * 86_400_000 } as const;
/** A what-if reads at most this many rows (the newest of the window): about a second of work, and a bounded answer time. */
export const WHAT_IF_MAX_ROWS = 50_000;

/** Why a what-if cannot replay a strategy, by type: each needs something the request log does not keep. */
const UNREPLAYABLE_STRATEGIES: Readonly<Record<string, string>> = {
  learned: 'a learned strategy scores the prompt text, which the request log does not keep; run a what-if of its strong and weak targets\' strategies instead',
  llm: 'an llm strategy asks a classifier model about the prompt text, which the request log does not keep; run a what-if of the strategies its categories use instead',
  rules: 'rules match headers, metadata, keys and the prompt text, which the request log does not keep; run a what-if of the strategy a rule routes to instead',
  ab: 'an A/B split follows the user, a header or metadata, which the request log does not keep; run a what-if per variant instead',
  bandit: 'a bandit ranks by the feedback posterior as it stood at each request, which is not kept; its choices are in the log already (GET /admin/logs, GET /admin/spend?group_by=deployment)',
};
const REPLAYABLE_STRATEGIES = STRATEGY_TYPES.filter((type) => !Object.hasOwn(UNREPLAYABLE_STRATEGIES, type));

/** A ranking strategy as the config accepts it (a name, or an object with its settings), refusing with the reason those a what-if cannot replay. */
export const WhatIfStrategyInput = z
  .preprocess((value, context) => {
    // Missing: the object schema says it is required.
    if (value === undefined) return value;
    if (typeof value !== 'string' && (value === null || typeof value !== 'object' || Array.isArray(value))) {
      context.addIssue({ code: 'custom', message: `must be a strategy name (${REPLAYABLE_STRATEGIES.join(', ')}) or an object with its type and settings`, input: value });
      return z.NEVER;
    }
    const config = typeof value === 'string' ? { type: value } : value;
    const type = (config as { type?: unknown } | null | undefined)?.type;
    if (typeof type === 'string' && Object.hasOwn(UNREPLAYABLE_STRATEGIES, type)) {
      context.addIssue({ code: 'custom', message: `a what-if cannot replay "${type}": ${UNREPLAYABLE_STRATEGIES[type]}`, input: value });
      return z.NEVER;
    }
    if (typeof type === 'string' && !(STRATEGY_TYPES as readonly string[]).includes(type)) {
      context.addIssue({ code: 'custom', message: `unknown strategy ${JSON.stringify(type)}; a what-if replays ${REPLAYABLE_STRATEGIES.join(', ')}`, input: value });
      return z.NEVER;
    }
    return config;
  }, LeafStrategySchema)
  .describe(
    `The strategy to replay, as the config writes it: a name (${REPLAYABLE_STRATEGIES.join(', ')}) or an object with its settings, e.g. {"type": "hybrid", "weights": {"cost": 0.7, "latency": 0.3}}. Selectors (rules, ab, learned, llm) and bandit are refused: they need what the request log does not keep.`,
  );

const WhatIfTime = z
  .union([z.number().int().nonnegative(), IsoTimeInput], { error: 'must be epoch milliseconds or an ISO 8601 time with a zone, e.g. "2026-01-31T00:00:00Z"' })
  .describe('Epoch milliseconds or an ISO 8601 time with a zone');

export const WhatIfBody = z
  .strictObject({
    window: z
      .union([z.enum(Object.keys(WHAT_IF_PRESETS) as [keyof typeof WHAT_IF_PRESETS]), z.strictObject({ from: WhatIfTime, to: WhatIfTime.optional() })], {
        error: `must be one of ${Object.keys(WHAT_IF_PRESETS).join(', ')}, or {"from": …, "to": …}`,
      })
      .default('24h')
      .describe(`The logged traffic to replay: a preset back from now (${Object.keys(WHAT_IF_PRESETS).join(', ')}; default 24h), or {from, to} (to defaults to now); from inclusive, to exclusive.`),
    model: z.string().min(1, 'must not be empty').max(300).optional().describe('Only the requests for this model group (the name clients send); default: every group seen in the window.'),
    strategy: WhatIfStrategyInput,
    seed: z
      .number()
      .int('must be a whole number')
      .min(0, 'must be between 0 and 4294967295')
      .max(4_294_967_295, 'must be between 0 and 4294967295')
      .default(1)
      .describe('Seeds the random draws (weighted, least-busy ties): the same rows and seed give the same answer (default 1).'),
    max_rows: z
      .number()
      .int('must be a whole number')
      .min(1, `must be between 1 and ${WHAT_IF_MAX_ROWS}`)
      .max(WHAT_IF_MAX_ROWS, `must be between 1 and ${WHAT_IF_MAX_ROWS}`)
      .default(WHAT_IF_MAX_ROWS)
      .describe(`Read at most this many rows, the newest of the window (1–${WHAT_IF_MAX_ROWS}, default ${WHAT_IF_MAX_ROWS}); the answer says when it was capped.`),
  })
  .describe('A routing what-if: the logged requests of a window, routed again by another strategy.');

/** GET /admin/stats windows, back from now. */
export const STATS_WINDOWS = ['1h', '24h', '7d', '30d'] as const;
/** Bucket widths GET /admin/stats takes: each divides a day, so buckets start at whole UTC minutes, hours or days. */
export const STATS_BUCKETS = ['1m', '5m', '10m', '15m', '30m', '1h', '2h', '3h', '6h', '12h', '1d'] as const;

/** One value or several separated by commas (a name never holds one); repeats count once. */
const StatsFilter = (what: string, example: string) =>
  z
    .string()
    .max(4_000, 'must be at most 4000 characters')
    .regex(/^[^,]+(?:,[^,]+)*$/, `must be one ${what} or several separated by commas (no empty one), e.g. "${example}"`)
    .transform((text) => [...new Set(text.split(','))])
    .refine((values) => values.length <= 100, 'must list at most 100 values')
    .describe(`Only these ${what}s: one, or several separated by commas (e.g. ${example}).`);

const StatsWindow = z
  .enum(STATS_WINDOWS, { error: `must be one of ${STATS_WINDOWS.join(', ')}` })
  .default('24h')
  .describe(`How far back from now: ${STATS_WINDOWS.join(', ')} (default 24h).`);

export const StatsQuery = z.strictObject({
  window: StatsWindow,
  bucket: z
    .enum(STATS_BUCKETS, { error: `must be one of ${STATS_BUCKETS.join(', ')}` })
    .optional()
    .describe(`Width of a bucket: ${STATS_BUCKETS.join(', ')}. Default by window: 1h → 1m, 24h → 15m, 7d → 1h, 30d → 1d. At most 1440 buckets per window.`),
  model: StatsFilter('model', 'gpt-4o,claude').optional(),
  provider: StatsFilter('provider', 'openai,anthropic').optional(),
  deployment: StatsFilter('deployment', 'openai/gpt-4o').optional(),
  key_id: StatsFilter('key id', 'key_1,key_2').optional(),
  team_id: StatsFilter('team id', 'team_1').optional(),
});

export const StatsDimensionsQuery = z.strictObject({ window: StatsWindow });
