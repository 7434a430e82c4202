import type { IncomingHttpHeaders } from 'node:http';
import { GatewayError } from '../../spec/gateway-error.js';
import { mapUpstreamErrorStatus } from '../shared/map-upstream-error-status.js';

/** A Trial key's monthly allowance ("limited to 1000 API calls / month"): waiting a minute will not help. */
const MONTHLY_LIMIT = /\/\s*month|per month|monthly/i;

/**
 * A Cohere error status and body → a GatewayError. The body is `{message}` or `{id, message}`
 * (cohere-openapi.yaml `components/responses`; docs.cohere.com/reference/errors). Cohere's own
 * statuses, before the shared convention (map-upstream-error-status.ts):
 *
 * - 429 is a rate limit ("per minute request limit", a Trial key's "40 API calls / minute"), except a
 *   Trial key's monthly allowance, which is exhausted quota (not retryable; another deployment may work).
 * - 498 "InvalidToken" means the request or the answer contained a deny-listed token: a content
 *   filter (400), not an authentication problem.
 * - 499 "request cancelled": the gateway did not cancel (a client that went away never sees this),
 *   so it is an upstream fault worth retrying (502).
 * - 401/403 → 502 (the gateway's key), 402 → exhausted quota, 404, 5xx, 503 as the convention says.
 */
export function mapCohereError(provider: string, status: number, bodyText: string, headers: IncomingHttpHeaders = {}): GatewayError {
  const message = readMessage(bodyText);
  const common = { provider, upstreamStatus: status, upstreamCode: null };
  const text = `${provider}: ${message ?? (bodyText.trim().slice(0, 500) || `HTTP ${status}`)}`;
  if (status === 429 && message !== undefined && MONTHLY_LIMIT.test(message)) {
    return new GatewayError('GW_ERR_UPSTREAM_QUOTA_EXHAUSTED', text, common);
  }
  if (status === 498) return new GatewayError('GW_ERR_UPSTREAM_CONTENT_FILTER', text, common);
  if (status === 499) return new GatewayError('GW_ERR_UPSTREAM_SERVER', text, common);
  return mapUpstreamErrorStatus(provider, status, { message }, bodyText, headers);
}

/**
 * A generation that failed after the stream began: `message-end` with `finish_reason: "ERROR"` (and
 * its `delta.error` text), or a non-streaming answer with that finish reason. Cohere calls it an
 * internal error, so it is retryable (502).
 */
export function cohereGenerationError(provider: string, detail: string | undefined): GatewayError {
  const message = `${provider}: the generation failed (finish_reason ERROR)${detail === undefined || detail === '' ? '' : `: ${detail}`}`;
  return new GatewayError('GW_ERR_UPSTREAM_SERVER', message, { provider, upstreamCode: 'ERROR' });
}

function readMessage(bodyText: string): string | undefined {
  try {
    const body: unknown = JSON.parse(bodyText);
    if (body !== null && typeof body === 'object' && !Array.isArray(body)) {
      const { message } = body as { message?: unknown };
      if (typeof message === 'string') return message;
      if (message !== undefined) return JSON.stringify(message);
    }
  } catch {
    // Not JSON (a proxy's page): the shared mapper quotes the text.
  }
  return undefined;
}
