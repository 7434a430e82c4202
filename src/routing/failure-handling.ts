import type { CooldownConfig } from '../config/routing-config-schema.js';
import type { GatewayError } from '../spec/gateway-error.js';

/**
 * What the router does after a failed attempt, decided from the error alone:
 * - `stop`: the request itself is at fault (a 400, a content filter): no other deployment will do better.
 * - `next`: try the next deployment (and, once all are tried, another round after a backoff).
 * - `other-credentials`: the provider refused our key or our quota is spent: skip every deployment
 *   that uses the same provider (same credentials) and cool the provider down.
 * - `larger-context`: the prompt did not fit: only deployments with a larger context window remain.
 *
 * `countsForCircuit` marks failures that say the deployment is unwell (5xx, timeouts, broken
 * connections, overload). A 429 says it is busy: it cools the deployment down for as long as the
 * provider asks, but does not open its circuit.
 */
export interface FailureHandling {
  next: 'stop' | 'next' | 'other-credentials' | 'larger-context';
  countsForCircuit: boolean;
  /** Cool this deployment down this long. */
  cooldownMs: number | undefined;
  /** Cool every deployment of this provider down this long (its credentials). */
  providerCooldownMs: number | undefined;
}

export function handleFailure(error: GatewayError, cooldown: CooldownConfig): FailureHandling {
  const retryAfterMs = error.retryAfterSeconds === undefined ? undefined : Math.min(error.retryAfterSeconds * 1000, cooldown.max_ms);
  switch (error.code) {
    case 'GW_ERR_UPSTREAM_RATE_LIMITED':
      return { next: 'next', countsForCircuit: false, cooldownMs: retryAfterMs ?? cooldown.rate_limited_ms, providerCooldownMs: undefined };
    case 'GW_ERR_UPSTREAM_AUTH':
      // 403 is this model or resource refused to this key (OpenAI's "not allowed to generate embeddings
      // from this model"); 401 is the key itself, for every model of the provider.
      if (error.upstreamStatus === 403) {
        return { next: 'next', countsForCircuit: false, cooldownMs: Math.min(cooldown.credentials_ms, cooldown.max_ms), providerCooldownMs: undefined };
      }
      return { next: 'other-credentials', countsForCircuit: false, cooldownMs: undefined, providerCooldownMs: Math.min(cooldown.credentials_ms, cooldown.max_ms) };
    case 'GW_ERR_UPSTREAM_QUOTA_EXHAUSTED':
      return { next: 'other-credentials', countsForCircuit: false, cooldownMs: undefined, providerCooldownMs: Math.min(cooldown.credentials_ms, cooldown.max_ms) };
    case 'GW_ERR_UPSTREAM_NOT_FOUND':
      // The provider does not have this model (a typo in config, a retired model): it will not appear within seconds.
      return { next: 'next', countsForCircuit: false, cooldownMs: Math.min(cooldown.credentials_ms, cooldown.max_ms), providerCooldownMs: undefined };
    case 'GW_ERR_UPSTREAM_CONTEXT_LENGTH':
      return { next: 'larger-context', countsForCircuit: false, cooldownMs: undefined, providerCooldownMs: undefined };
    case 'GW_ERR_REQUEST_UNSUPPORTED_PARAMETER':
    case 'GW_ERR_REQUEST_UNSUPPORTED_CONTENT':
      // This deployment refuses a field or a part another may take (checked by the adapter before any call).
      return { next: 'next', countsForCircuit: false, cooldownMs: undefined, providerCooldownMs: undefined };
    case 'GW_ERR_UPSTREAM_OVERLOADED':
      return { next: 'next', countsForCircuit: true, cooldownMs: retryAfterMs, providerCooldownMs: undefined };
    default:
      if (error.retryable) return { next: 'next', countsForCircuit: true, cooldownMs: retryAfterMs, providerCooldownMs: undefined };
      return { next: 'stop', countsForCircuit: false, cooldownMs: undefined, providerCooldownMs: undefined };
  }
}

/**
 * The reason a health record keeps for a failure: the status (the upstream's, else ours), the code and
 * where it happened. One format, written here and read by `isRateLimited`.
 */
export function failureReason(error: GatewayError, where?: string): string {
  const reason = `${error.upstreamStatus ?? error.status} ${error.code}`;
  return where === undefined ? reason : `${reason} ${where}`;
}

/** Whether a cooldown's reason is the provider's own rate limit (the client is told 429, not 503). */
export function isRateLimited(reason: string): boolean {
  return reason.includes(' GW_ERR_UPSTREAM_RATE_LIMITED');
}
