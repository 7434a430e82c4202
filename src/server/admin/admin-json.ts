import { budgetWindow } from '../../governance/budget-window.js';
import type {
  Budget,
  CredentialRecord,
  KeyRecord,
  Limits,
  RequestLogRow,
  SpendDimension,
  SpendReportRow,
  SpendScope,
  Store,
  TeamRecord,
} from '../../store/store-port.js';
import type {
  BudgetStatusJsonType,
  CredentialJsonType,
  KeyJsonType,
  LogDetailJsonType,
  LogRowJsonType,
  SpendRowJsonType,
  SpendTotalsJsonType,
  TeamJsonType,
} from './admin-output-schemas.js';

/**
 * Store records → admin JSON: snake_case, ISO times, USD. The store counts money in integer
 * nano-dollars; one division by 1e9 gives the double nearest the exact decimal, so 1234567 nUSD
 * prints as 0.001234567 (exact while a figure stays under 2^53 nUSD, about 9 million USD).
 */
export function usdOf(nusd: number): number {
  return nusd / 1e9;
}

export function isoOf(at: number): string {
  return new Date(at).toISOString();
}

function isoOrNull(at: number | undefined): string | null {
  return at === undefined ? null : isoOf(at);
}

function limitsJson(limits: Limits): Pick<KeyJsonType, 'models' | 'rpm' | 'tpm' | 'max_parallel' | 'budgets'> {
  return {
    models: limits.models ?? null,
    rpm: limits.rpm ?? null,
    tpm: limits.tpm ?? null,
    max_parallel: limits.maxParallel ?? null,
    budgets: (limits.budgets ?? []).map((budget) => ({ period: budget.period, limit_usd: budget.limitUsd, alert_at: budget.alertAt ?? null })),
  };
}

/**
 * Spend of the current period of each budget, as the database has it: the request-log writer adds
 * spend in batches, so this trails the live figure (which lives in the shared state) by its flush interval.
 */
async function budgetStatus(store: Store, scope: SpendScope, budgets: readonly Budget[] | undefined, now: number): Promise<BudgetStatusJsonType[]> {
  return Promise.all(
    (budgets ?? []).map(async (budget) => {
      const window = budgetWindow(budget.period, now);
      const spent = await store.spendSince(scope, window.fromDay);
      return { period: budget.period, limit_usd: budget.limitUsd, spent_usd: usdOf(spent), resets_at: isoOrNull(window.resetsAt) };
    }),
  );
}

export async function keyJson(store: Store, key: KeyRecord, now: number): Promise<KeyJsonType> {
  return {
    id: key.id,
    name: key.name,
    preview: key.preview,
    team_id: key.teamId ?? null,
    ...limitsJson(key.limits),
    metadata: key.metadata,
    tags: key.tags,
    expires_at: isoOrNull(key.expiresAt),
    revoked_at: isoOrNull(key.revokedAt),
    created_at: isoOf(key.createdAt),
    updated_at: isoOf(key.updatedAt),
    previous_valid_until: key.previousHash === undefined ? null : isoOrNull(key.previousValidUntil),
    budget_status: await budgetStatus(store, { keyId: key.id }, key.limits.budgets, now),
  };
}

export async function teamJson(store: Store, team: TeamRecord, now: number): Promise<TeamJsonType> {
  return {
    id: team.id,
    name: team.name,
    ...limitsJson(team.limits),
    metadata: team.metadata,
    created_at: isoOf(team.createdAt),
    updated_at: isoOf(team.updatedAt),
    budget_status: await budgetStatus(store, { teamId: team.id }, team.limits.budgets, now),
  };
}

export function credentialJson(credential: CredentialRecord): CredentialJsonType {
  return {
    name: credential.name,
    provider: credential.provider,
    hint: credential.hint,
    created_at: isoOf(credential.createdAt),
    updated_at: isoOf(credential.updatedAt),
  };
}

export function logRowJson(row: RequestLogRow): LogRowJsonType {
  return {
    id: row.id,
    client_request_id: row.clientRequestId ?? null,
    at: isoOf(row.at),
    endpoint: row.endpoint,
    key_id: row.keyId ?? null,
    team_id: row.teamId ?? null,
    model: row.model,
    deployment: row.deployment ?? null,
    provider: row.provider ?? null,
    attempts: row.attempts,
    route_reason: row.routeReason ?? null,
    category: row.category ?? null,
    stream: row.stream,
    status: row.status,
    error_code: row.errorCode ?? null,
    error_message: row.errorMessage ?? null,
    input_tokens: row.inputTokens,
    output_tokens: row.outputTokens,
    cached_input_tokens: row.cachedInputTokens,
    cache_write_input_tokens: row.cacheWriteInputTokens,
    reasoning_tokens: row.reasoningTokens,
    cost_usd: usdOf(row.costNusd),
    latency_ms: row.latencyMs,
    ttft_ms: row.ttftMs ?? null,
  };
}

export function logDetailJson(row: RequestLogRow): LogDetailJsonType {
  return { ...logRowJson(row), trace: row.trace ?? null, request_body: row.requestBody ?? null, response_body: row.responseBody ?? null };
}

/** A dimension the store keeps as '' (no key, no team, not served) reads as null. */
function dimension(value: string | undefined): string | null {
  return value === undefined || value === '' ? null : value;
}

export function spendRowJson(row: SpendReportRow, groupBy: readonly SpendDimension[]): SpendRowJsonType {
  const json: SpendRowJsonType = spendTotalsJson([row]);
  // Only the grouped dimensions, in a fixed order, ahead of the figures.
  const dimensions: Partial<SpendRowJsonType> = {};
  if (groupBy.includes('day')) dimensions.day = row.day ?? '';
  if (groupBy.includes('key')) dimensions.key_id = dimension(row.keyId);
  if (groupBy.includes('team')) dimensions.team_id = dimension(row.teamId);
  if (groupBy.includes('model')) dimensions.model = row.model ?? '';
  if (groupBy.includes('provider')) dimensions.provider = dimension(row.provider);
  if (groupBy.includes('deployment')) dimensions.deployment = dimension(row.deployment);
  return { ...dimensions, ...json };
}

/** Sums in integer nano-dollars first, so the total is exactly the sum of the rows. */
export function spendTotalsJson(rows: readonly SpendReportRow[]): SpendTotalsJsonType {
  const total = { requests: 0, input_tokens: 0, output_tokens: 0, cached_input_tokens: 0, cache_write_input_tokens: 0, reasoning_tokens: 0, cost_usd: 0 };
  let costNusd = 0;
  for (const row of rows) {
    total.requests += row.requests;
    total.input_tokens += row.inputTokens;
    total.output_tokens += row.outputTokens;
    total.cached_input_tokens += row.cachedInputTokens;
    total.cache_write_input_tokens += row.cacheWriteInputTokens;
    total.reasoning_tokens += row.reasoningTokens;
    costNusd += row.costNusd;
  }
  total.cost_usd = usdOf(costNusd);
  return total;
}
