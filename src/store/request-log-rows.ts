import type { RequestLogDetailTable, RequestLogTable } from './database-schema.js';
import type { RequestLogRow } from './store-port.js';

export function requestLogToRow(row: RequestLogRow): RequestLogTable {
  return {
    id: row.id,
    client_request_id: row.clientRequestId ?? null,
    at: row.at,
    endpoint: row.endpoint,
    key_id: row.keyId ?? null,
    team_id: row.teamId ?? null,
    model: row.model,
    deployment: row.deployment ?? null,
    provider: row.provider ?? null,
    attempts: row.attempts,
    route_reason: row.routeReason ?? null,
    stream: row.stream ? 1 : 0,
    status: row.status,
    error_code: row.errorCode ?? null,
    error_message: row.errorMessage ?? null,
    input_tokens: row.inputTokens,
    output_tokens: row.outputTokens,
    cached_input_tokens: row.cachedInputTokens,
    cache_write_input_tokens: row.cacheWriteInputTokens,
    reasoning_tokens: row.reasoningTokens,
    cost_nusd: row.costNusd,
    latency_ms: row.latencyMs,
    ttft_ms: row.ttftMs ?? null,
    category: row.category ?? null,
  };
}

/** The details row of a request, or undefined when it has no trace and no bodies (most requests). */
export function requestLogDetailToRow(row: RequestLogRow): RequestLogDetailTable | undefined {
  if (row.trace === undefined && row.requestBody === undefined && row.responseBody === undefined) return undefined;
  return {
    request_id: row.id,
    trace: row.trace === undefined ? null : JSON.stringify(row.trace),
    request_body: row.requestBody ?? null,
    response_body: row.responseBody ?? null,
  };
}

export function requestLogFromRow(row: RequestLogTable, detail?: Omit<RequestLogDetailTable, 'request_id'>): RequestLogRow {
  const log: RequestLogRow = {
    id: row.id,
    at: row.at,
    endpoint: row.endpoint as RequestLogRow['endpoint'],
    model: row.model,
    attempts: row.attempts,
    stream: row.stream === 1,
    status: row.status,
    inputTokens: row.input_tokens,
    outputTokens: row.output_tokens,
    cachedInputTokens: row.cached_input_tokens,
    cacheWriteInputTokens: row.cache_write_input_tokens,
    reasoningTokens: row.reasoning_tokens,
    costNusd: row.cost_nusd,
    latencyMs: row.latency_ms,
  };
  // Absent, not undefined, like every optional field the store reads back.
  if (row.key_id !== null) log.keyId = row.key_id;
  if (row.team_id !== null) log.teamId = row.team_id;
  if (row.deployment !== null) log.deployment = row.deployment;
  if (row.provider !== null) log.provider = row.provider;
  if (row.route_reason !== null) log.routeReason = row.route_reason;
  if (row.error_code !== null) log.errorCode = row.error_code;
  if (row.error_message !== null) log.errorMessage = row.error_message;
  if (row.ttft_ms !== null) log.ttftMs = row.ttft_ms;
  if (row.client_request_id !== null) log.clientRequestId = row.client_request_id;
  if (row.category !== null) log.category = row.category;
  if (detail?.trace != null) log.trace = JSON.parse(detail.trace) as unknown;
  if (detail?.request_body != null) log.requestBody = detail.request_body;
  if (detail?.response_body != null) log.responseBody = detail.response_body;
  return log;
}
