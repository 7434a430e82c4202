import { z } from 'zod';
import { SPEND_DIMENSIONS } from './admin-input-schemas.js';

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
