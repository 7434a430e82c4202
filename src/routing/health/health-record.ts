/**
 * One deployment's (or one provider's, subject `provider:<id>`) shared health: what every replica
 * learned about it. Stored as JSON under `health:<subject>` in the state port; deployment-health.ts
 * mirrors it locally and apply-outcome.ts is the only thing that changes it.
 */
export interface HealthRecord {
  /** As stored: an `open` circuit whose cool-down has passed reads as half-open (circuit-state.ts). */
  circuit: 'closed' | 'open' | 'half-open';
  /** Epoch ms the circuit last opened (0: never). */
  openedAt: number;
  /** Epoch ms until which a half-open probe request is in flight (0: none); no other request is let through until then. */
  probeUntil: number;
  consecutiveFailures: number;
  /** The circuit breaker's error-rate window (failures that count for the circuit, and every success). */
  window: { startedAt: number; requests: number; failures: number };
  /** Epoch ms until which the subject is cooling down (a 429's retry-after, rejected credentials…); 0: never. */
  coolingUntil: number;
  /** Why the cooldown that ends last, or the circuit's last opening, happened. */
  reason?: string | undefined;
  /** Moving averages; undefined until the first sample. */
  ttftMs?: number | undefined;
  tokensPerSecond?: number | undefined;
  latencySamples: number;
  /** Epoch ms of the last latency sample (0: none). */
  lastSampleAt: number;
  /** The last failure of any kind, for the trace. */
  lastError?: string | undefined;
  updatedAt: number;
}
