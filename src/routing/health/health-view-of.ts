import type { HealthPolicy } from './apply-outcome.js';
import { circuitState } from './circuit-state.js';
import type { HealthRecord } from './health-record.js';
import { UNKNOWN_HEALTH, type HealthView } from './health-view.js';

/** What the router reads about a subject at `now`, from its mirrored record and the requests in flight to it. */
export function healthViewOf(record: HealthRecord | undefined, policy: HealthPolicy, now: number, inFlight: number): HealthView {
  if (record === undefined) return inFlight === 0 ? UNKNOWN_HEALTH : { ...UNKNOWN_HEALTH, inFlight };
  const circuit = circuitState(record, policy, now);
  const coolingUntil = record.coolingUntil > now ? record.coolingUntil : 0;
  const window = record.window;
  const windowIsCurrent = now - window.startedAt < policy.circuit.window_ms && window.requests > 0;
  return {
    circuit,
    halfOpenAt: circuit === 'open' ? record.openedAt + policy.circuit.cooldown_ms : 0,
    coolingUntil,
    // A healthy subject's old failure would only mislead the trace.
    reason: circuit !== 'closed' || coolingUntil > 0 ? (record.reason ?? record.lastError) : undefined,
    ttftMs: record.ttftMs,
    tokensPerSecond: record.tokensPerSecond,
    latencySamples: record.latencySamples,
    lastSampleAt: record.lastSampleAt,
    inFlight,
    errorRate: windowIsCurrent ? window.failures / window.requests : 0,
  };
}
