import type { HealthPolicy } from './apply-outcome.js';
import type { HealthRecord } from './health-record.js';

/** The circuit as it stands at `now`: an open circuit whose cool-down has passed lets one probe through (half-open). */
export function circuitState(record: HealthRecord | undefined, policy: HealthPolicy, now: number): HealthRecord['circuit'] {
  if (record === undefined) return 'closed';
  if (record.circuit === 'open' && now >= record.openedAt + policy.circuit.cooldown_ms) return 'half-open';
  return record.circuit;
}
