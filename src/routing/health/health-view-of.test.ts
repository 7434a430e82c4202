import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { HealthPolicy } from './apply-outcome.js';
import type { HealthRecord } from './health-record.js';
import { UNKNOWN_HEALTH } from './health-view.js';
import { healthViewOf } from './health-view-of.js';

const policy: HealthPolicy = {
  circuit: { consecutive_failures: 3, error_rate: 0.5, min_requests: 20, window_ms: 60_000, cooldown_ms: 10_000 },
  latency: { alpha: 0.2, decay_ms: 2_000, explore_after_ms: 5_000 },
};
const NOW = 1_000_000;
const healthy: HealthRecord = {
  circuit: 'closed',
  openedAt: 0,
  probeUntil: 0,
  consecutiveFailures: 1,
  window: { startedAt: NOW - 1_000, requests: 4, failures: 1 },
  coolingUntil: 0,
  ttftMs: 300,
  tokensPerSecond: 60,
  latencySamples: 3,
  lastSampleAt: NOW - 500,
  lastError: '500 once',
  updatedAt: NOW - 500,
};

test('an unknown subject is UNKNOWN_HEALTH, with its requests in flight', () => {
  assert.equal(healthViewOf(undefined, policy, NOW, 0), UNKNOWN_HEALTH);
  assert.deepEqual(healthViewOf(undefined, policy, NOW, 2), { ...UNKNOWN_HEALTH, inFlight: 2 });
});

test('a healthy record: averages, the error rate of the current window, no reason', () => {
  assert.deepEqual(healthViewOf(healthy, policy, NOW, 1), {
    circuit: 'closed',
    halfOpenAt: 0,
    coolingUntil: 0,
    reason: undefined,
    ttftMs: 300,
    tokensPerSecond: 60,
    latencySamples: 3,
    lastSampleAt: NOW - 500,
    inFlight: 1,
    errorRate: 0.25,
  });
  // A window that has run out says nothing about now.
  assert.equal(healthViewOf(healthy, policy, NOW + 60_000, 0).errorRate, 0);
});

test('an open circuit says when it half-opens and why it opened', () => {
  const open: HealthRecord = { ...healthy, circuit: 'open', openedAt: NOW - 4_000, reason: '503 overloaded' };
  const view = healthViewOf(open, policy, NOW, 0);
  assert.equal(view.circuit, 'open');
  assert.equal(view.halfOpenAt, NOW + 6_000);
  assert.equal(view.reason, '503 overloaded');
  assert.equal(healthViewOf(open, policy, NOW + 6_000, 0).circuit, 'half-open');
  assert.equal(healthViewOf(open, policy, NOW + 6_000, 0).halfOpenAt, 0);
});

test('a cooldown shows until it ends, with its reason', () => {
  const cooling: HealthRecord = { ...healthy, coolingUntil: NOW + 2_000, reason: '429 rate limited' };
  assert.equal(healthViewOf(cooling, policy, NOW, 0).coolingUntil, NOW + 2_000);
  assert.equal(healthViewOf(cooling, policy, NOW, 0).reason, '429 rate limited');
  assert.equal(healthViewOf(cooling, policy, NOW + 2_000, 0).coolingUntil, 0);
  assert.equal(healthViewOf(cooling, policy, NOW + 2_000, 0).reason, undefined);
});
