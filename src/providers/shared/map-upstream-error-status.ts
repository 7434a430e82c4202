import type { IncomingHttpHeaders } from 'node:http';
import { GatewayError } from '../../spec/gateway-error.js';
import { parseRetryAfterMs, rateLimitResetMs } from '../../upstream/parse-rate-limit-headers.js';

/** What an adapter read from its provider's error body (each provider has its own envelope). */
export interface UpstreamErrorDetails {
  /** The provider's message, for the client (keys are redacted on auth errors). */
  message: string | undefined;
  /** The provider's error type / code / status name (`rate_limit_exceeded`, `overloaded_error`, `RESOURCE_EXHAUSTED`…). */
  type?: string | undefined;
  code?: string | undefined;
  param?: string | undefined;
  /** Seconds to wait, when the body says so (Gemini's RetryInfo); the `retry-after` header is read here. */
  retryAfterSeconds?: number | undefined;
}

const CONTEXT_LENGTH = /context[_ ]length|maximum context|context window|too many tokens|prompt is too long|input is too long|reduce the length|input length and `max_tokens` exceed/i;
const QUOTA = /insufficient_quota|quota|billing|insufficient balance|credit/i;

/**
 * The one status convention for every provider (PROVIDER-MAPPING.md §6): rate limit → 429 with
 * `retry-after` (retryable); exhausted quota or credit → 429 `insufficient_quota` (not retryable here,
 * another deployment may work); the provider rejecting the gateway's credentials → 502 naming the
 * provider; overload (503, Anthropic 529) → 503; 5xx → 502; 4xx keeps its status. Adapters parse their
 * envelope and handle their own oddities (Gemini's 400 for a bad key) before calling this.
 */
export function mapUpstreamErrorStatus(
  provider: string,
  status: number,
  details: UpstreamErrorDetails,
  bodyText: string,
  headers: IncomingHttpHeaders = {},
): GatewayError {
  const upstreamMessage = details.message ?? (bodyText.trim().slice(0, 500) || `HTTP ${status}`);
  const message = `${provider}: ${upstreamMessage}`;
  const common = {
    provider,
    upstreamStatus: status,
    upstreamCode: details.code ?? details.type ?? null,
    param: details.param ?? null,
  };
  const codeOrType = `${details.code ?? ''} ${details.type ?? ''}`;
  // Without retry-after, a 429 still says when it ends in its rate-limit reset headers (OpenAI, Groq, Anthropic).
  const retryAfterMs = parseRetryAfterMs(headers) ?? (status === 429 ? rateLimitResetMs(headers) : undefined);
  const retryAfterSeconds = details.retryAfterSeconds ?? (retryAfterMs === undefined ? undefined : Math.ceil(retryAfterMs / 1000));

  if (status === 429 || status === 402) {
    if (status === 402 || QUOTA.test(codeOrType) || /exceeded your current quota|insufficient balance/i.test(upstreamMessage)) {
      return new GatewayError('GW_ERR_UPSTREAM_QUOTA_EXHAUSTED', message, common);
    }
    return new GatewayError('GW_ERR_UPSTREAM_RATE_LIMITED', message, { ...common, retryAfterSeconds });
  }
  if (status === 401 || status === 403) return upstreamAuthError(provider, upstreamMessage, common);
  if (status === 404) return new GatewayError('GW_ERR_UPSTREAM_NOT_FOUND', message, common);
  if (status === 408) return new GatewayError('GW_ERR_UPSTREAM_TIMEOUT', message, common);
  if (status === 503 || status === 529) return new GatewayError('GW_ERR_UPSTREAM_OVERLOADED', message, { ...common, retryAfterSeconds });
  if (status === 504) return new GatewayError('GW_ERR_UPSTREAM_TIMEOUT', message, common);
  if (status >= 500) return new GatewayError('GW_ERR_UPSTREAM_SERVER', message, { ...common, retryAfterSeconds });
  if (/context_length_exceeded/.test(codeOrType) || CONTEXT_LENGTH.test(upstreamMessage)) {
    return new GatewayError('GW_ERR_UPSTREAM_CONTEXT_LENGTH', message, { ...common, status });
  }
  if (/content_filter|content_policy/.test(codeOrType)) return new GatewayError('GW_ERR_UPSTREAM_CONTENT_FILTER', message, { ...common, status });
  return new GatewayError('GW_ERR_UPSTREAM_BAD_REQUEST', message, { ...common, status: status >= 400 && status < 500 ? status : 502 });
}

/** The provider rejected the gateway's own credentials: the caller is not at fault (502, named provider, key redacted). */
export function upstreamAuthError(
  provider: string,
  upstreamMessage: string,
  common: { provider: string; upstreamStatus?: number; upstreamCode?: string | null; param?: string | null },
): GatewayError {
  return new GatewayError('GW_ERR_UPSTREAM_AUTH', `${provider} rejected the gateway's credentials: ${redactKeys(upstreamMessage)}`, common);
}

/** Upstreams echo (partly masked) keys in auth errors; the gateway's credentials are nobody else's business. */
export function redactKeys(message: string): string {
  return message.replace(/\b(sk|pk|rk|key|gsk|xai|AIza|AKIA|ASIA)[-_]?[A-Za-z0-9*_-]{4,}/g, '[redacted key]');
}
