import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { HealthRecord } from './health-record.js';
import { parseHealthRecord } from './parse-health-record.js';

const record: HealthRecord = {
  circuit: 'half-open',
  openedAt: 1_000,
  probeUntil: 2_000,
  consecutiveFailures: 3,
  window: { startedAt: 500, requests: 3, failures: 3 },
  coolingUntil: 0,
  reason: '500 upstream error',
  ttftMs: 420.5,
  latencySamples: 7,
  lastSampleAt: 900,
  updatedAt: 1_500,
};

test('a stored record reads back as written', () => {
  assert.deepEqual(parseHealthRecord(JSON.stringify(record)), record);
});

test('fields a later version adds are ignored, not refused', () => {
  assert.deepEqual(parseHealthRecord(JSON.stringify({ ...record, somethingNew: true })), record);
});

test('what is not a health record reads as none', () => {
  assert.equal(parseHealthRecord('not json'), undefined);
  assert.equal(parseHealthRecord('null'), undefined);
  assert.equal(parseHealthRecord(JSON.stringify({ ...record, circuit: 'ajar' })), undefined);
  assert.equal(parseHealthRecord(JSON.stringify({ ...record, consecutiveFailures: -1 })), undefined);
  const { window: _window, ...withoutWindow } = record;
  assert.equal(parseHealthRecord(JSON.stringify(withoutWindow)), undefined);
});
