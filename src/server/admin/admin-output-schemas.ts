import { z } from 'zod';
import { SPEND_DIMENSIONS, STATS_BUCKETS, STATS_WINDOWS } from './admin-input-schemas.js';

/**
 * What admin responses carry. The JSON mapping is typed by these schemas (so the code cannot drift
 * from the OpenAPI document generated from them) and the tests parse real responses with them
 * (strict objects: an undocumented field fails the test).
 */

const IsoTime = z.string().describe('ISO 8601 time, UTC');
const Usd = z.number().describe('USD (exact: stored as integer nano-dollars)');
const Count = z.number().int().nonnegative();
const Period = z.enum(['day', 'week', 'month', 'total']);

export const BudgetJson = z.strictObject({
  period: Period,
  limit_usd: Usd,
  alert_at: z.number().nullable().describe('Share of the limit past which the gateway warns; null: no alert.'),
});

export const BudgetStatusJson = z
  .strictObject({
    period: Period,
    limit_usd: Usd,
    spent_usd: Usd.describe('Spend recorded in the database for the current period (trails live spend by the request-log flush interval).'),
    resets_at: IsoTime.nullable().describe('When the period ends; null for total.'),
  })
  .describe('Spend so far in the current period of one budget.');

const LimitFields = {
  models: z.array(z.string()).nullable().describe('Allowed models or groups; null: every model.'),
  rpm: z.number().int().nullable().describe('Requests per minute; null: no limit.'),
  tpm: z.number().int().nullable().describe('Tokens per minute; null: no limit.'),
  max_parallel: z.number().int().nullable().describe('Requests in flight at once; null: no limit.'),
  budgets: z.array(BudgetJson),
};

export const KeyJson = z
  .strictObject({
    id: z.string(),
    name: z.string(),
    preview: z.string().describe('The secret\'s first characters and last four, to recognise it ("sk-sr-AbC…wXyZ").'),
    team_id: z.string().nullable(),
    ...LimitFields,
    metadata: z.record(z.string(), z.unknown()),
    tags: z.array(z.string()),
    expires_at: IsoTime.nullable(),
    revoked_at: IsoTime.nullable(),
    created_at: IsoTime,
    updated_at: IsoTime,
    previous_valid_until: IsoTime.nullable().describe('After a rotation with a grace period: until when the old secret still works.'),
    budget_status: z.array(BudgetStatusJson),
  })
  .describe('A virtual key (never its secret).');

export const NewKeyJson = KeyJson.extend({
  key: z.string().describe('The secret, sk-sr-…: shown only in this answer; the gateway keeps only its hash.'),
}).describe('A key with its new secret.');

export const KeyListJson = z.strictObject({
  data: z.array(KeyJson),
  next_before: z.string().nullable().describe('Pass as `before` for the next page; null: this was the last.'),
});

export const TeamJson = z
  .strictObject({
    id: z.string(),
    name: z.string(),
    ...LimitFields,
    metadata: z.record(z.string(), z.unknown()),
    created_at: IsoTime,
    updated_at: IsoTime,
    budget_status: z.array(BudgetStatusJson),
  })
  .describe('A team: its limits and budgets apply to all its keys together.');

export const TeamListJson = z.strictObject({ data: z.array(TeamJson) });

export const DeletedTeamJson = z.strictObject({ id: z.string(), deleted: z.literal(true) });

export const CredentialJson = z
  .strictObject({
    name: z.string(),
    provider: z.string(),
    hint: z.string().describe('Last four characters of the main secret (empty when it has none worth showing).'),
    created_at: IsoTime,
    updated_at: IsoTime,
  })
  .describe('A stored provider credential (never its secret).');

export const CredentialListJson = z.strictObject({ data: z.array(CredentialJson) });

export const DeletedCredentialJson = z.strictObject({ name: z.string(), deleted: z.literal(true) });

const SpendFigures = {
  requests: Count,
  input_tokens: Count,
  output_tokens: Count,
  cached_input_tokens: Count,
  cache_write_input_tokens: Count,
  reasoning_tokens: Count,
  cost_usd: Usd,
};

export const SpendTotalsJson = z.strictObject(SpendFigures);

export const SpendRowJson = z
  .strictObject({
    day: z.string().optional(),
    key_id: z.string().nullable().optional(),
    team_id: z.string().nullable().optional(),
    model: z.string().optional(),
    provider: z.string().nullable().optional(),
    deployment: z.string().nullable().optional(),
    ...SpendFigures,
  })
  .describe('Totals of one group: only the grouped dimensions appear; null is "none" (no key, no team, not served).');

export const SpendReportJson = z.strictObject({
  from: z.string(),
  to: z.string(),
  group_by: z.array(z.enum(SPEND_DIMENSIONS)),
  data: z.array(SpendRowJson),
  total: SpendTotalsJson,
});

const LogFields = {
  id: z.string().describe("The gateway's id of the request (its x-request-id when the client sent none)."),
  client_request_id: z.string().nullable().describe('The x-request-id the client sent, if any (a client may reuse one; `id` is unique).'),
  at: IsoTime,
  endpoint: z.enum(['chat', 'messages', 'embeddings']),
  key_id: z.string().nullable(),
  team_id: z.string().nullable(),
  model: z.string().describe('The model the client asked for.'),
  deployment: z.string().nullable().describe('The deployment that served it; null when none did.'),
  provider: z.string().nullable(),
  attempts: Count,
  route_reason: z.string().nullable(),
  category: z.string().nullable().describe('The task category routing decided (an `llm` classifier, or a `bandit` strategy from metadata or a header); null when none did.'),
  stream: z.boolean(),
  status: z.number().int(),
  error_code: z.string().nullable(),
  error_message: z.string().nullable(),
  input_tokens: Count,
  output_tokens: Count,
  cached_input_tokens: Count,
  cache_write_input_tokens: Count,
  reasoning_tokens: Count,
  cost_usd: Usd,
  latency_ms: z.number(),
  ttft_ms: z.number().nullable(),
};

export const LogRowJson = z.strictObject(LogFields).describe('One request.');

export const LogDetailJson = z
  .strictObject({
    ...LogFields,
    trace: z.unknown().describe('The routing decision trace; null when none was kept.'),
    request_body: z.string().nullable().describe('Only when body logging is on (after redaction).'),
    response_body: z.string().nullable(),
  })
  .describe('One request with its routing trace and (when logged) bodies.');

export const LogListJson = z.strictObject({
  data: z.array(LogRowJson),
  next_before: z.string().nullable().describe('Pass as `before` for the next page; null: this was the last.'),
});

const Milliseconds = z.number().nonnegative().describe('Milliseconds');

const HeadroomJson = z
  .strictObject({
    limit: Count,
    used: z.number().nonnegative().describe('Counted in the sliding minute now (the previous minute weighs in for the part still inside it, so this may be a fraction).'),
    left: Count.describe('What fits now: whole requests (or tokens) before the limit refuses.'),
  })
  .describe("One of the deployment's own per-minute limits, as the router counts it.");

export const DeploymentHealthJson = z
  .strictObject({
    circuit: z.enum(['closed', 'half-open', 'open']).describe('open: kept out; half-open: its cool-down is over and one probe request may go through.'),
    half_open_at: IsoTime.nullable().describe('When an open circuit lets a probe through; null when not open.'),
    cooling_until: IsoTime.nullable().describe("Until when the deployment (or its provider's credentials) is cooling down (a 429's retry-after, refused credentials); null when not."),
    reason: z.string().nullable().describe('Why it is open or cooling down (the last error); null when healthy.'),
    ttft_ms: Milliseconds.nullable().describe('Moving average of the time to first token; null until measured.'),
    tokens_per_second: z.number().nonnegative().nullable().describe('Moving average of the output rate; null until measured.'),
    latency_samples: Count.describe('Requests the moving averages learned from.'),
    last_sample_at: IsoTime.nullable(),
    error_rate: z.number().min(0).max(1).describe("Share of failed requests in the circuit breaker's current window (error_window_ms)."),
    in_flight: Count.describe("Requests in flight to it now: this replica's, plus the other replicas' as last published."),
  })
  .describe('A deployment\'s health as the router sees it now (shared across replicas through the state store).');

const PriceJson = z
  .strictObject({
    input: Usd.describe('USD per million input tokens'),
    output: Usd.describe('USD per million output tokens'),
    cached_input: Usd.nullable().describe('Cache reads; null: charged as input'),
    cache_write: Usd.nullable().describe('Cache writes; null: charged as input'),
    cache_write_long: Usd.nullable().describe('Long (1-hour) cache writes; null: as cache_write'),
  })
  .describe('Prices in USD per million tokens (the catalog, or the deployment\'s own price in the config).');

export const DeploymentJson = z
  .strictObject({
    id: z.string().describe('provider/model'),
    provider: z.string(),
    model: z.string().describe('The model id sent upstream.'),
    mode: z.enum(['chat', 'embedding']),
    weight: z.number(),
    priority: z.number(),
    rpm: Count.nullable().describe("The deployment's own requests-per-minute limit; null: none."),
    tpm: Count.nullable().describe("The deployment's own tokens-per-minute limit; null: none."),
    region: z.string().nullable(),
    quality: z.number().nullable(),
    context_window: Count.nullable(),
    price: PriceJson.nullable().describe('null: no price known (the cost strategy ranks it last).'),
    health: DeploymentHealthJson,
    headroom: z
      .strictObject({ rpm: HeadroomJson.nullable(), tpm: HeadroomJson.nullable() })
      .nullable()
      .describe('What is left of rpm and tpm in the current minute (null inside: no such limit); null when the state store did not answer (see limits_error).'),
  })
  .describe('One deployment of a group, with its settings in that group.');

export const DeploymentGroupJson = z
  .strictObject({
    name: z.string().describe('The model name clients send.'),
    strategy: z.string().describe("The group's strategy type."),
    fallbacks: z.array(z.string()),
    deployments: z.array(DeploymentJson),
  })
  .describe('A configured model group.');

export const ProviderSummaryJson = z
  .strictObject({
    id: z.string(),
    type: z.string(),
    status: z.enum(['ok', 'degraded', 'down']).describe('down: its credentials are cooling down, or none of its deployments can serve; degraded: some circuit is not closed or some deployment cools down; ok otherwise.'),
    deployments: Count.describe('Distinct deployments in configured groups.'),
    open: Count,
    half_open: Count,
    cooling: Count,
    in_flight: Count,
    cooling_until: IsoTime.nullable().describe("Until when the provider's credentials are cooling down (refused, or quota spent); null when not."),
    reason: z.string().nullable(),
  })
  .describe('One configured provider at a glance.');

export const DeploymentsJson = z.strictObject({
  at: IsoTime.describe('The instant the health was read.'),
  error_window_ms: Milliseconds.describe("The circuit breaker's window, over which error_rate counts."),
  limits_error: z.string().nullable().describe('Why headroom could not be read (the state store did not answer); null when it was.'),
  groups: z.array(DeploymentGroupJson),
  providers: z.array(ProviderSummaryJson),
});

const LatencyStatsJson = z
  .strictObject({ mean_ms: Milliseconds, p50_ms: Milliseconds, p95_ms: Milliseconds })
  .nullable()
  .describe('Over the requests with a latency; null when none has one.');

const WhatIfDeploymentJson = z
  .strictObject({
    deployment: z.string(),
    current: z.boolean().describe('In the group now; false: it served logged requests, but the current config dropped it.'),
    actual_requests: Count,
    estimated_requests: Count,
    actual_cost_usd: Usd,
    estimated_cost_usd: Usd,
  })
  .describe("One deployment's share, logged against estimated.");

const WhatIfSummaryFields = {
  requests: Count.describe('Served requests compared (failed ones are left out of both sides).'),
  actual: z.strictObject({ cost_usd: Usd.describe('What was billed.'), latency: LatencyStatsJson }),
  estimated: z.strictObject({
    cost_usd: Usd.describe("The logged tokens at today's catalog prices on the deployment the strategy picks."),
    latency: LatencyStatsJson,
    requests_without_latency: Count.describe('Requests sent to a deployment with no latency figures (left out of the latency).'),
    requests_unpriced: Count.describe('Requests sent to a deployment without a price (counted as $0).'),
  }),
  deployments: z.array(WhatIfDeploymentJson),
};

export const WhatIfJson = z.strictObject({
  window: z.strictObject({ from: IsoTime, to: IsoTime }),
  model: z.string().nullable().describe('The one group asked about; null: every group seen.'),
  strategy: z.record(z.string(), z.unknown()).describe('The strategy replayed, with its settings filled in.'),
  seed: Count,
  rows_read: Count,
  sampled: z.boolean().describe('True when the window held more rows than max_rows: only the newest were read.'),
  sampled_from: IsoTime.nullable().describe('When sampled: the time of the oldest row read (the estimate covers sampled_from to window.to).'),
  excluded: z.strictObject({
    failed: Count.describe('Status 400 and above, or served by no deployment.'),
    unknown_group: Count.describe('For a model the current config does not serve.'),
    no_candidate: Count.describe('No deployment of the group fits them now (context window, endpoint).'),
  }),
  overall: z.strictObject(WhatIfSummaryFields),
  groups: z.array(z.strictObject({ group: z.string(), ...WhatIfSummaryFields })),
  latency: z
    .array(
      z.strictObject({
        deployment: z.string(),
        source: z.enum(['window', 'current', 'none']).describe("window: fitted on the window's successful requests; current: the router's moving averages now; none: no figures."),
        base_ms: Milliseconds.nullable(),
        ms_per_output_token: Milliseconds.nullable(),
        samples: Count,
      }),
    )
    .describe('The latency model of each deployment the replay considered: base_ms + ms_per_output_token × output tokens.'),
  caveats: z.array(z.string()).describe('What the estimate assumes and what it left out.'),
});

export const ErrorJson = z
  .strictObject({
    error: z.strictObject({
      message: z.string().describe('What is wrong and what to do.'),
      type: z.string(),
      param: z.string().nullable(),
      code: z.string(),
      skyroute_code: z.string().describe('The stable GW_ERR_* code (docs/errors.md).'),
    }),
  })
  .describe('The error envelope (OpenAI-shaped).');

export type KeyJsonType = z.infer<typeof KeyJson>;
export type TeamJsonType = z.infer<typeof TeamJson>;
export type BudgetStatusJsonType = z.infer<typeof BudgetStatusJson>;
export type CredentialJsonType = z.infer<typeof CredentialJson>;
export type SpendRowJsonType = z.infer<typeof SpendRowJson>;
export type SpendTotalsJsonType = z.infer<typeof SpendTotalsJson>;
export type LogRowJsonType = z.infer<typeof LogRowJson>;
export type LogDetailJsonType = z.infer<typeof LogDetailJson>;
export type DeploymentsJsonType = z.infer<typeof DeploymentsJson>;
export type DeploymentJsonType = z.infer<typeof DeploymentJson>;
export type DeploymentHealthJsonType = z.infer<typeof DeploymentHealthJson>;
export type ProviderSummaryJsonType = z.infer<typeof ProviderSummaryJson>;
export type WhatIfJsonType = z.infer<typeof WhatIfJson>;

/** GET /admin/stats: null where there is nothing to compute from (no request, no stream). */
const StatsMilliseconds = z.number().nonnegative().nullable();

const StatsFigures = {
  requests: Count,
  errors: Count.describe('Requests answered with status 400 or above, except 499.'),
  cancelled: Count.describe('Status 499: the client disconnected before the answer was complete (not an error).'),
  error_rate: z.number().min(0).max(1).nullable().describe('errors ÷ requests; null without requests.'),
  cost_usd: Usd,
  input_tokens: Count,
  output_tokens: Count,
  cached_input_tokens: Count,
  cache_write_input_tokens: Count,
  reasoning_tokens: Count,
  latency_avg_ms: StatsMilliseconds.describe('Mean latency of the requests answered (status below 400), start to last byte.'),
  latency_p50_ms: StatsMilliseconds.describe('Median latency, from the histogram: interpolated within its bucket (at most 20 % off from 23 ms up), to 0.1 ms.'),
  latency_p95_ms: StatsMilliseconds,
  ttft_avg_ms: StatsMilliseconds.describe('Mean time to first output of the streams answered.'),
  ttft_p50_ms: StatsMilliseconds,
  ttft_p95_ms: StatsMilliseconds,
};

export const StatsBucketJson = z.strictObject({ at: IsoTime.describe("The bucket's start."), ...StatsFigures }).describe('One bucket of the window.');

export const StatsTotalsJson = z.strictObject(StatsFigures).describe('The whole window: sums, and percentiles of the merged histograms.');

export const StatsReportJson = z.strictObject({
  window: z.enum(STATS_WINDOWS),
  bucket: z.enum(STATS_BUCKETS),
  from: IsoTime.describe('Start of the first bucket (inclusive).'),
  to: IsoTime.describe('End of the last bucket (exclusive), which holds now.'),
  data: z.array(StatsBucketJson).describe('Every bucket of the window, oldest first, empty ones included.'),
  total: StatsTotalsJson,
});

const NamedJson = z.strictObject({ id: z.string(), name: z.string().nullable().describe('null when it no longer exists.') });

export const StatsDimensionsJson = z.strictObject({
  window: z.enum(STATS_WINDOWS),
  from: IsoTime,
  to: IsoTime,
  models: z.array(z.string()).describe('Models asked for (group names), sorted.'),
  providers: z.array(z.string()),
  deployments: z.array(z.string()),
  keys: z.array(NamedJson),
  teams: z.array(NamedJson),
});

export type StatsReportJsonType = z.infer<typeof StatsReportJson>;
export type StatsFiguresJsonType = z.infer<typeof StatsTotalsJson>;
