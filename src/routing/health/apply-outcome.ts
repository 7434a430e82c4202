import type { CircuitBreakerConfig, LatencyLearningConfig } from '../../config/routing-config-schema.js';
import { circuitState } from './circuit-state.js';
import type { HealthRecord } from './health-record.js';

/** What one attempt at a deployment (or at a provider's credentials) taught. */
export type AttemptOutcome =
  | { kind: 'success'; ttftMs?: number; tokensPerSecond?: number }
  | {
      kind: 'failure';
      /** False for failures that say nothing about the deployment's health (a client's bad request, a refused parameter). */
      countsForCircuit: boolean;
      /** Keep requests away this long (a 429's retry-after, rejected credentials), whatever the circuit says. */
      cooldownMs?: number;
      reason: string;
    };

export interface HealthPolicy {
  circuit: CircuitBreakerConfig;
  latency: LatencyLearningConfig;
}

/**
 * The one way a health record changes: the record after `outcome`, observed at `now`. Pure, so
 * every replica can re-apply its outcomes to whichever record won a write race.
 */
export function applyOutcome(record: HealthRecord | undefined, outcome: AttemptOutcome, policy: HealthPolicy, now: number): HealthRecord {
  const base = record ?? emptyRecord(now);
  const circuit = circuitState(base, policy, now);
  const window = now - base.window.startedAt >= policy.circuit.window_ms ? { startedAt: now, requests: 0, failures: 0 } : { ...base.window };
  const next: HealthRecord = { ...base, window, updatedAt: Math.max(base.updatedAt, now) };

  if (outcome.kind === 'success') {
    next.consecutiveFailures = 0;
    window.requests += 1;
    if (circuit === 'half-open') {
      // The probe answered: a fresh start, so the failures that opened the circuit do not re-open it at once.
      next.circuit = 'closed';
      next.probeUntil = 0;
      next.window = { startedAt: now, requests: 1, failures: 0 };
    }
    learnLatency(next, base, outcome, policy.latency, now);
    return next;
  }

  next.lastError = outcome.reason;
  if (outcome.cooldownMs !== undefined && outcome.cooldownMs > 0 && now + outcome.cooldownMs >= base.coolingUntil) {
    next.coolingUntil = now + outcome.cooldownMs;
    next.reason = outcome.reason;
  }
  if (!outcome.countsForCircuit) return next;

  next.consecutiveFailures = base.consecutiveFailures + 1;
  window.requests += 1;
  window.failures += 1;
  if (circuit === 'half-open' || (circuit === 'closed' && tripsBreaker(next, policy.circuit))) {
    next.circuit = 'open';
    next.openedAt = now;
    next.probeUntil = 0;
    next.reason = outcome.reason;
  }
  return next;
}

function emptyRecord(now: number): HealthRecord {
  return {
    circuit: 'closed',
    openedAt: 0,
    probeUntil: 0,
    consecutiveFailures: 0,
    window: { startedAt: now, requests: 0, failures: 0 },
    coolingUntil: 0,
    latencySamples: 0,
    lastSampleAt: 0,
    updatedAt: now,
  };
}

function tripsBreaker(record: HealthRecord, circuit: CircuitBreakerConfig): boolean {
  if (circuit.consecutive_failures > 0 && record.consecutiveFailures >= circuit.consecutive_failures) return true;
  const { requests, failures } = record.window;
  return requests >= circuit.min_requests && failures / requests >= circuit.error_rate;
}

function learnLatency(next: HealthRecord, base: HealthRecord, outcome: { ttftMs?: number; tokensPerSecond?: number }, latency: LatencyLearningConfig, now: number): void {
  const ttft = usableSample(outcome.ttftMs);
  const tokensPerSecond = usableSample(outcome.tokensPerSecond);
  if (ttft === undefined && tokensPerSecond === undefined) return;
  const weight = sampleWeight(now - base.lastSampleAt, latency);
  if (ttft !== undefined) next.ttftMs = blend(base.ttftMs, ttft, weight);
  if (tokensPerSecond !== undefined) next.tokensPerSecond = blend(base.tokensPerSecond, tokensPerSecond, weight);
  next.latencySamples = base.latencySamples + 1;
  next.lastSampleAt = Math.max(base.lastSampleAt, now);
}

/**
 * A sample after a long gap counts for more (1 − e^(−gap/decay)), so figures from before an idle
 * spell fade; never for less than alpha. decay_ms 0 turns the fading off.
 */
function sampleWeight(gapMs: number, latency: LatencyLearningConfig): number {
  if (latency.decay_ms <= 0 || gapMs <= 0) return latency.alpha;
  return Math.max(latency.alpha, 1 - Math.exp(-gapMs / latency.decay_ms));
}

function blend(average: number | undefined, sample: number, weight: number): number {
  // The first sample is the average.
  if (average === undefined) return sample;
  return average + weight * (sample - average);
}

function usableSample(value: number | undefined): number | undefined {
  return value !== undefined && Number.isFinite(value) && value >= 0 ? value : undefined;
}
