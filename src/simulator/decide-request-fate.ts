import type { ModelRuntime } from './create-model-runtime.js';
import type { MidStreamFailureMode, OutageMode } from './model-profile.js';

/** A failure decided before any answer byte is written. */
export type SimulatedFault =
  | { kind: 'outage'; mode: OutageMode }
  | { kind: 'burst'; status: number }
  | { kind: 'rate-limit'; retryAfterSeconds: number }
  | { kind: 'server-error' };

export interface MidStreamFailure {
  afterParts: number;
  mode: MidStreamFailureMode;
}

export interface RequestFate {
  fault: SimulatedFault | undefined;
  /** Only meaningful for streams; a non-stream answer cannot break half-way. */
  midStreamFailure: MidStreamFailure | undefined;
  firstTokenDelayMs: number;
}

/**
 * Decides, in a fixed order (outage, burst, rate limit, server error, mid-stream failure),
 * whether this request fails and how long its first token takes. A rate of 0 draws nothing, so
 * fault-free profiles cost no PRNG calls and leave the sequence of other models untouched.
 */
export function decideRequestFate(runtime: ModelRuntime, now: number): RequestFate {
  const { profile } = runtime;
  runtime.requestCount++;
  const firstTokenDelayMs =
    profile.timeToFirstTokenMs + (profile.timeToFirstTokenJitterMs > 0 ? runtime.random() * profile.timeToFirstTokenJitterMs : 0);
  for (const window of runtime.outageWindows) {
    if (now >= window.from && now < window.to) {
      return { fault: { kind: 'outage', mode: window.mode }, midStreamFailure: undefined, firstTokenDelayMs };
    }
  }
  const burst = profile.errorBurst;
  if (burst && burst.every > 0 && burst.length > 0) {
    const positionInPeriod = (runtime.requestCount - 1) % burst.every;
    if (positionInPeriod >= burst.every - burst.length) {
      return { fault: { kind: 'burst', status: burst.status ?? 503 }, midStreamFailure: undefined, firstTokenDelayMs };
    }
  }
  if (profile.rateLimitRate > 0 && runtime.random() < profile.rateLimitRate) {
    return { fault: { kind: 'rate-limit', retryAfterSeconds: profile.retryAfterSeconds }, midStreamFailure: undefined, firstTokenDelayMs };
  }
  if (profile.errorRate > 0 && runtime.random() < profile.errorRate) {
    return { fault: { kind: 'server-error' }, midStreamFailure: undefined, firstTokenDelayMs };
  }
  const midStreamFailure =
    profile.midStreamFailureRate > 0 && runtime.random() < profile.midStreamFailureRate
      ? { afterParts: profile.midStreamFailureAfterChunks, mode: profile.midStreamFailureMode }
      : undefined;
  return { fault: undefined, midStreamFailure, firstTokenDelayMs };
}
