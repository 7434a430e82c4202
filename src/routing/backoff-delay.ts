import type { RetryConfig } from '../config/routing-config-schema.js';

/**
 * How long to wait before round `round` (1 = the first retry round) of a request's attempts:
 * "full jitter" exponential backoff (a uniform draw up to base × 2^(round−1), capped), so replicas
 * that failed together do not retry together. When the provider said how long to wait (retry-after,
 * or its rate-limit reset), the wait is at least that; when that is longer than backoff_max_ms, the
 * answer is undefined: waiting so long inside one request is worse than telling the client.
 */
export function backoffDelay(round: number, retry: RetryConfig, random: () => number, retryAfterMs?: number): number | undefined {
  const ceiling = Math.min(retry.backoff_max_ms, retry.backoff_base_ms * 2 ** Math.max(0, round - 1));
  const jittered = Math.round(random() * ceiling);
  if (retryAfterMs === undefined) return jittered;
  if (retryAfterMs > retry.backoff_max_ms) return undefined;
  return Math.max(retryAfterMs, jittered);
}
