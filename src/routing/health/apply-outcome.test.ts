import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyOutcome, type AttemptOutcome, type HealthPolicy } from './apply-outcome.js';
import { circuitState } from './circuit-state.js';
import type { HealthRecord } from './health-record.js';

const policy: HealthPolicy = {
  circuit: { consecutive_failures: 3, error_rate: 0.5, min_requests: 20, window_ms: 60_000, cooldown_ms: 10_000 },
  latency: { alpha: 0.2, decay_ms: 2_000, explore_after_ms: 5_000 },
};
const START = 1_700_000_000_000;
const failure: AttemptOutcome = { kind: 'failure', countsForCircuit: true, reason: '500 upstream error' };
const success: AttemptOutcome = { kind: 'success' };
/** Opens on the error rate alone, from 4 requests on. */
const onRate: HealthPolicy = { ...policy, circuit: { ...policy.circuit, consecutive_failures: 0, min_requests: 4 } };

/** Applies outcomes one after the other, all at `now`. */
function applyAll(outcomes: AttemptOutcome[], now = START, record?: HealthRecord, chosenPolicy = policy): HealthRecord | undefined {
  return outcomes.reduce<HealthRecord | undefined>((current, outcome) => applyOutcome(current, outcome, chosenPolicy, now), record);
}

test('the circuit opens after consecutive_failures failures in a row, and a success in between resets the count', () => {
  const two = applyAll([failure, failure]);
  assert.equal(two?.circuit, 'closed');
  assert.equal(two?.consecutiveFailures, 2);
  assert.equal(applyAll([success], START, two)?.consecutiveFailures, 0);
  assert.equal(applyAll([success, failure, failure], START, two)?.circuit, 'closed');

  const three = applyAll([failure], START + 5, two);
  assert.equal(three?.circuit, 'open');
  assert.equal(three?.openedAt, START + 5);
  assert.equal(three?.reason, '500 upstream error');
  assert.equal(three?.lastError, '500 upstream error');
});

test('failures that do not count for the circuit neither open it nor count in the window', () => {
  const notCounted: AttemptOutcome = { kind: 'failure', countsForCircuit: false, reason: '400 bad request' };
  const record = applyAll([notCounted, notCounted, notCounted, notCounted]);
  assert.equal(record?.circuit, 'closed');
  assert.equal(record?.consecutiveFailures, 0);
  assert.deepEqual(record?.window, { startedAt: START, requests: 0, failures: 0 });
  assert.equal(record?.lastError, '400 bad request');
});

test('the circuit opens on the error rate only once the window holds min_requests', () => {
  // 1 failure in 2 requests is 50%, but below min_requests (4): closed.
  const early = applyAll([success, failure], START, undefined, onRate);
  assert.equal(early?.circuit, 'closed');
  // 2 failures in 4: 50% of min_requests, open.
  const opened = applyAll([success, failure], START, early, onRate);
  assert.equal(opened?.circuit, 'open');
  // 1 failure in 4 stays closed; consecutive_failures 0 never opens on a count.
  assert.equal(applyAll([success, success, success, failure], START, undefined, onRate)?.circuit, 'closed');
  assert.equal(applyAll(Array.from({ length: 3 }, () => failure), START, undefined, onRate)?.circuit, 'closed');
});

test('the window starts afresh after window_ms', () => {
  const old = applyAll([failure, failure, success], START, undefined, onRate);
  assert.deepEqual(old?.window, { startedAt: START, requests: 3, failures: 2 });
  // Had the window not restarted, 3 failures in 4 would open the circuit.
  const later = applyAll([failure], START + 60_000, old, onRate);
  assert.deepEqual(later?.window, { startedAt: START + 60_000, requests: 1, failures: 1 });
  assert.equal(later?.circuit, 'closed');
});

test('an open circuit is half-open once cooldown_ms has passed; a success closes it with a fresh window', () => {
  const open = applyAll([failure, failure, failure]);
  assert.equal(circuitState(open, policy, START + 9_999), 'open');
  assert.equal(circuitState(open, policy, START + 10_000), 'half-open');
  assert.equal(circuitState(undefined, policy, START), 'closed');

  const closed = applyOutcome(open, success, policy, START + 10_000);
  assert.equal(closed.circuit, 'closed');
  assert.equal(closed.consecutiveFailures, 0);
  assert.deepEqual(closed.window, { startedAt: START + 10_000, requests: 1, failures: 0 });
  // A success while still open (a request sent before it opened) does not close it.
  assert.equal(applyOutcome(open, success, policy, START + 5_000).circuit, 'open');
});

test('a failure while half-open re-opens the circuit from now', () => {
  const open = applyAll([failure, failure, failure]);
  const probing: HealthRecord = { ...open!, circuit: 'half-open', probeUntil: START + 20_000 };
  const reopened = applyOutcome(probing, { ...failure, reason: '503 overloaded' }, policy, START + 12_000);
  assert.equal(reopened.circuit, 'open');
  assert.equal(reopened.openedAt, START + 12_000);
  assert.equal(reopened.probeUntil, 0);
  assert.equal(reopened.reason, '503 overloaded');
  assert.equal(circuitState(reopened, policy, START + 21_999), 'open');
  assert.equal(circuitState(reopened, policy, START + 22_000), 'half-open');
  // The same failure found the open circuit already half-open by time alone.
  assert.equal(applyOutcome(open, failure, policy, START + 10_000).openedAt, START + 10_000);
});

test('a cooldown keeps the later end, independent of the circuit', () => {
  const rateLimited: AttemptOutcome = { kind: 'failure', countsForCircuit: false, cooldownMs: 30_000, reason: '429 rate limited' };
  const cooling = applyOutcome(undefined, rateLimited, policy, START);
  assert.equal(cooling.coolingUntil, START + 30_000);
  assert.equal(cooling.reason, '429 rate limited');
  assert.equal(cooling.circuit, 'closed');
  // A shorter cooldown later does not shorten it, nor take over the reason.
  const shorter = applyOutcome(cooling, { ...rateLimited, cooldownMs: 1_000, reason: '429 again' }, policy, START + 1_000);
  assert.equal(shorter.coolingUntil, START + 30_000);
  assert.equal(shorter.reason, '429 rate limited');
  const longer = applyOutcome(cooling, { ...rateLimited, cooldownMs: 60_000, reason: '401 credentials' }, policy, START + 1_000);
  assert.equal(longer.coolingUntil, START + 61_000);
  assert.equal(longer.reason, '401 credentials');
  // A cooldown of 0 is none.
  assert.equal(applyOutcome(undefined, { ...rateLimited, cooldownMs: 0 }, policy, START).coolingUntil, 0);
});

test('the first latency sample is the average; later ones blend with weight alpha', () => {
  const first = applyOutcome(undefined, { kind: 'success', ttftMs: 400, tokensPerSecond: 50 }, policy, START);
  assert.equal(first.ttftMs, 400);
  assert.equal(first.tokensPerSecond, 50);
  assert.equal(first.latencySamples, 1);
  assert.equal(first.lastSampleAt, START);
  // At the same instant the gap is 0, so the weight is alpha: 400 + 0.2 × (200 − 400).
  const second = applyOutcome(first, { kind: 'success', ttftMs: 200 }, policy, START);
  assert.equal(second.ttftMs, 360);
  assert.equal(second.tokensPerSecond, 50, 'an average without a new sample stays');
  assert.equal(second.latencySamples, 2);
  // tokensPerSecond's first sample may come later than ttft's.
  const ttftOnly = applyOutcome(undefined, { kind: 'success', ttftMs: 100 }, policy, START);
  assert.equal(applyOutcome(ttftOnly, { kind: 'success', tokensPerSecond: 80 }, policy, START).tokensPerSecond, 80);
  // Unusable samples teach nothing.
  assert.equal(applyOutcome(first, { kind: 'success', ttftMs: Number.NaN }, policy, START).latencySamples, 1);
});

test('a sample after a gap weighs 1 − e^(−gap/decay_ms), never less than alpha', () => {
  const first = applyOutcome(undefined, { kind: 'success', ttftMs: 1_000 }, policy, START);
  // A gap of one decay: weight 1 − 1/e ≈ 0.632, well above alpha.
  const afterDecay = applyOutcome(first, { kind: 'success', ttftMs: 0 }, policy, START + 2_000);
  assert.ok(Math.abs(afterDecay.ttftMs! - 1_000 * Math.exp(-1)) < 1e-9, String(afterDecay.ttftMs));
  // A short gap: 1 − e^(−0.05) ≈ 0.049 is below alpha, so alpha.
  const soon = applyOutcome(first, { kind: 'success', ttftMs: 0 }, policy, START + 100);
  assert.equal(soon.ttftMs, 800);
  // decay_ms 0 turns the fading off.
  const noDecay: HealthPolicy = { ...policy, latency: { ...policy.latency, decay_ms: 0 } };
  assert.equal(applyOutcome(first, { kind: 'success', ttftMs: 0 }, noDecay, START + 60_000).ttftMs, 800);
});

test('records survive a JSON round trip', () => {
  const record = applyAll([failure, { kind: 'success', ttftMs: 300 }, { ...failure, cooldownMs: 1_000 }]);
  assert.deepEqual(JSON.parse(JSON.stringify(record)), record);
});
