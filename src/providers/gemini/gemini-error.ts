import type { IncomingHttpHeaders } from 'node:http';
import { GatewayError } from '../../spec/gateway-error.js';
import { parseRetryAfterMs } from '../../upstream/parse-rate-limit-headers.js';
import { mapUpstreamErrorStatus, upstreamAuthError } from '../shared/map-upstream-error-status.js';

/** google.rpc.Status, the error body of every Google API (https://ai.google.dev/gemini-api/docs/troubleshooting). */
interface GoogleStatus {
  code?: unknown;
  message?: unknown;
  status?: unknown;
  details?: unknown;
}

const CONTEXT_LENGTH = /input token count.*exceeds the maximum|exceeds the maximum number of tokens/i;

/**
 * A Gemini or Vertex error (status + body) → a GatewayError naming the provider. Google's own
 * oddities are settled here before the shared status convention:
 * - a bad, expired or blocked API key is a 400 INVALID_ARGUMENT with an ErrorInfo reason
 *   `API_KEY_*`: the gateway's credentials were refused (502), not the caller's request;
 * - every 429 is RESOURCE_EXHAUSTED and says "You exceeded your current quota" even for a
 *   per-minute limit, so the QuotaFailure detail decides: a per-day quota (`…PerDay…` quota id) or
 *   a quota of 0 (the model is not in the plan) is exhausted quota (not retryable here; another
 *   deployment may serve), anything else is a rate limit, retryable after RetryInfo's `retryDelay`
 *   ("34s", "34.4s"; rounded up) or the `retry-after` header;
 * - "input token count exceeds the maximum" is a context-length error, reported with OpenAI's
 *   `context_length_exceeded` code, which is what clients test for.
 * Bodies come as `{error: {...}}`, array-wrapped `[{error: {...}}]` (non-SSE streaming), or as an SSE
 * `data:` line when the request was a stream.
 */
export function mapGeminiError(provider: string, status: number, bodyText: string, headers: IncomingHttpHeaders = {}): GatewayError {
  const error = parseGoogleStatus(bodyText);
  const message = typeof error?.message === 'string' ? error.message : undefined;
  const statusName = typeof error?.status === 'string' ? error.status : undefined;
  const details = Array.isArray(error?.details) ? (error.details as Array<Record<string, unknown>>) : [];
  const reason = details.map((detail) => detail.reason).find((value): value is string => typeof value === 'string');
  const common = { provider, upstreamStatus: status, upstreamCode: reason ?? statusName ?? null };
  const upstreamMessage = message ?? (bodyText.trim().slice(0, 500) || `HTTP ${status}`);

  const keyRefused = reason?.startsWith('API_KEY_') === true || (status === 400 && /^API key (not valid|expired)/i.test(upstreamMessage));
  if (keyRefused || statusName === 'UNAUTHENTICATED') return upstreamAuthError(provider, upstreamMessage, common);
  if (status === 429) {
    const violations = details.flatMap((detail) => (Array.isArray(detail.violations) ? (detail.violations as Array<Record<string, unknown>>) : []));
    const exhausted = violations.some((violation) => /PerDay/i.test(String(violation.quotaId ?? '')) || String(violation.quotaValue ?? '') === '0');
    if (exhausted) return new GatewayError('GW_ERR_UPSTREAM_QUOTA_EXHAUSTED', `${provider}: ${upstreamMessage}`, common);
    return new GatewayError('GW_ERR_UPSTREAM_RATE_LIMITED', `${provider}: ${upstreamMessage}`, {
      ...common,
      retryAfterSeconds: retryDelaySeconds(details) ?? headerSeconds(headers),
    });
  }
  if (status === 400 && message !== undefined && CONTEXT_LENGTH.test(message)) {
    return new GatewayError('GW_ERR_UPSTREAM_CONTEXT_LENGTH', `${provider}: ${message}`, { ...common, upstreamCode: 'context_length_exceeded', status });
  }
  return mapUpstreamErrorStatus(provider, status, { message, type: statusName, code: reason ?? statusName, retryAfterSeconds: retryDelaySeconds(details) }, bodyText, headers);
}

/** An `{error: {code, message, status}}` event inside a 200 stream: mapped as if it had been the response status. */
export function mapGeminiStreamError(provider: string, error: unknown): GatewayError {
  const code = (error as GoogleStatus | null)?.code;
  const body = JSON.stringify({ error });
  if (typeof code === 'number' && code >= 400 && code < 600) return mapGeminiError(provider, code, body);
  const message = (error as GoogleStatus | null)?.message;
  return new GatewayError('GW_ERR_UPSTREAM_STREAM_INTERRUPTED', `${provider}: ${typeof message === 'string' ? message : 'the stream reported an error'}`, {
    provider,
  });
}

function parseGoogleStatus(text: string): GoogleStatus | undefined {
  let json = text.trim();
  // A stream request's error may come framed as an SSE event.
  if (json.startsWith('data:')) json = json.slice(5).split(/\r?\n\r?\n/)[0]!.trim();
  let body: unknown;
  try {
    body = JSON.parse(json);
  } catch {
    return undefined;
  }
  if (Array.isArray(body)) body = body[0];
  if (body === null || typeof body !== 'object') return undefined;
  const record = body as Record<string, unknown>;
  if (record.error !== null && typeof record.error === 'object') return record.error as GoogleStatus;
  return typeof record.message === 'string' ? (record as GoogleStatus) : undefined;
}

/** RetryInfo's `retryDelay` is a protobuf Duration in JSON: seconds with an `s`, maybe fractional. */
function retryDelaySeconds(details: Array<Record<string, unknown>>): number | undefined {
  for (const detail of details) {
    const match = typeof detail.retryDelay === 'string' ? /^(\d+(?:\.\d+)?)s$/.exec(detail.retryDelay) : null;
    if (match !== null) return Math.ceil(Number(match[1]));
  }
  return undefined;
}

function headerSeconds(headers: IncomingHttpHeaders): number | undefined {
  const ms = parseRetryAfterMs(headers);
  return ms === undefined ? undefined : Math.ceil(ms / 1000);
}
