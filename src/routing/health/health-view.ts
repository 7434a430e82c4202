/**
 * What the router and the strategies read about one deployment, synchronously, from this replica's
 * mirror of the shared health records (deployment-health.ts keeps it current).
 */
export interface HealthView {
  /** `half-open`: the cool-down has passed and one probe request may go through. */
  circuit: 'closed' | 'open' | 'half-open';
  /** Epoch ms when an open circuit half-opens (0 when it is not open): the retry-after a client is told. */
  halfOpenAt: number;
  /** Epoch ms until which the deployment (or its provider's credentials) is cooling down; 0 when not. */
  coolingUntil: number;
  /** Why it is cooling down or open (the last error), for the trace. */
  reason: string | undefined;
  /** Moving averages; undefined until the first sample. */
  ttftMs: number | undefined;
  tokensPerSecond: number | undefined;
  latencySamples: number;
  /** Epoch ms of the last latency sample (0: none). */
  lastSampleAt: number;
  /** Requests in flight to this deployment: this replica's, plus the others' as last published. */
  inFlight: number;
  /** Share of failed requests in the circuit breaker's window (0 when it has none). */
  errorRate: number;
}

export const UNKNOWN_HEALTH: HealthView = Object.freeze({
  circuit: 'closed',
  halfOpenAt: 0,
  coolingUntil: 0,
  reason: undefined,
  ttftMs: undefined,
  tokensPerSecond: undefined,
  latencySamples: 0,
  lastSampleAt: 0,
  inFlight: 0,
  errorRate: 0,
});
