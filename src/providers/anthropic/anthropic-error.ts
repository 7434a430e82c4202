import type { IncomingHttpHeaders } from 'node:http';
import type { GatewayError } from '../../spec/gateway-error.js';
import { mapUpstreamErrorStatus, type UpstreamErrorDetails } from '../shared/map-upstream-error-status.js';

/**
 * The HTTP status each Anthropic error type stands for (https://platform.claude.com/docs/en/api/errors).
 * An `event: error` inside a stream carries only the type, so this gives it the status it would have
 * had before the stream began, and both go through the one status convention.
 */
const STATUS_OF_TYPE: Record<string, number> = {
  invalid_request_error: 400,
  authentication_error: 401,
  billing_error: 402,
  permission_error: 403,
  not_found_error: 404,
  request_too_large: 413,
  rate_limit_error: 429,
  api_error: 500,
  timeout_error: 504,
  overloaded_error: 529,
};

/**
 * An Anthropic error response (`{type: "error", error: {type, message, details?}, request_id}`) →
 * a GatewayError naming the provider: 529 overloaded → 503, 429 → rate limited with `retry-after`,
 * 401/403 → the gateway's credentials were refused (502), 402 billing → exhausted quota,
 * 400 "prompt is too long" → context length, 400 "credit balance is too low" → exhausted quota,
 * 413 stays 413. The request id is kept in the message
 * (Anthropic support asks for it).
 */
export function mapAnthropicError(provider: string, status: number, bodyText: string, headers: IncomingHttpHeaders = {}): GatewayError {
  const details = readErrorBody(bodyText, headers);
  // An empty prepaid balance comes as a 400 invalid_request_error; it is exhausted quota (402), not a bad request.
  const billing = status === 400 && CREDIT_BALANCE.test(details.message ?? '');
  return mapUpstreamErrorStatus(provider, billing ? 402 : status, details, bodyText, headers);
}

const CREDIT_BALANCE = /credit balance is too low/i;

/** The data of an `event: error` that arrived after the stream began. */
export function mapAnthropicStreamError(provider: string, data: string): GatewayError {
  const details = readErrorBody(data, {});
  const status = STATUS_OF_TYPE[details.type ?? ''] ?? 500;
  return mapUpstreamErrorStatus(provider, status, { ...details, message: details.message ?? 'the stream reported an error' }, data);
}

function readErrorBody(text: string, headers: IncomingHttpHeaders): UpstreamErrorDetails {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return { message: undefined };
  }
  if (body === null || typeof body !== 'object') return { message: undefined };
  const record = body as Record<string, unknown>;
  const error = (record.error ?? {}) as Record<string, unknown>;
  const details = (error.details ?? {}) as Record<string, unknown>;
  const requestId = typeof record.request_id === 'string' ? record.request_id : typeof headers['request-id'] === 'string' ? headers['request-id'] : undefined;
  const message = typeof error.message === 'string' ? error.message : undefined;
  return {
    message: message === undefined ? undefined : requestId === undefined ? message : `${message} (request ${requestId})`,
    type: typeof error.type === 'string' ? error.type : undefined,
    code: typeof details.error_code === 'string' ? details.error_code : undefined,
  };
}
