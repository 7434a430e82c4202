import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { HealthPolicy } from './apply-outcome.js';
import { circuitState } from './circuit-state.js';
import type { HealthRecord } from './health-record.js';

const policy: HealthPolicy = {
  circuit: { consecutive_failures: 3, error_rate: 0.5, min_requests: 20, window_ms: 60_000, cooldown_ms: 10_000 },
  latency: { alpha: 0.2, decay_ms: 2_000, explore_after_ms: 5_000 },
};
const record: HealthRecord = {
  circuit: 'open',
  openedAt: 1_000_000,
  probeUntil: 0,
  consecutiveFailures: 3,
  window: { startedAt: 990_000, requests: 3, failures: 3 },
  coolingUntil: 0,
  latencySamples: 0,
  lastSampleAt: 0,
  updatedAt: 1_000_000,
};

test('no record is a closed circuit', () => {
  assert.equal(circuitState(undefined, policy, 0), 'closed');
});

test('an open circuit half-opens once cooldown_ms has passed since it opened', () => {
  assert.equal(circuitState(record, policy, 1_009_999), 'open');
  assert.equal(circuitState(record, policy, 1_010_000), 'half-open');
  assert.equal(circuitState(record, { ...policy, circuit: { ...policy.circuit, cooldown_ms: 0 } }, 1_000_000), 'half-open');
});

test('closed and half-open records read as stored, whatever the time', () => {
  assert.equal(circuitState({ ...record, circuit: 'closed' }, policy, 2_000_000), 'closed');
  assert.equal(circuitState({ ...record, circuit: 'half-open', probeUntil: 1_020_000 }, policy, 1_000_001), 'half-open');
});
