import assert from 'node:assert/strict';
import { test } from 'node:test';
import { budgetWindow, dayOf } from './budget-window.js';

const at = Date.parse('2026-11-22T15:30:00Z'); // a Sunday

test('budget periods are the UTC day, the ISO week from Monday, the calendar month, or all time', () => {
  assert.deepEqual(budgetWindow('day', at), { fromDay: '2026-11-22', start: Date.parse('2026-11-22T00:00:00Z'), resetsAt: Date.parse('2026-11-23T00:00:00Z') });
  assert.deepEqual(budgetWindow('week', at), { fromDay: '2026-11-16', start: Date.parse('2026-11-16T00:00:00Z'), resetsAt: Date.parse('2026-11-23T00:00:00Z') });
  assert.equal(budgetWindow('week', Date.parse('2026-11-23T00:00:00Z')).fromDay, '2026-11-23', 'Monday starts a week');
  assert.deepEqual(budgetWindow('month', at), { fromDay: '2026-11-01', start: Date.parse('2026-11-01T00:00:00Z'), resetsAt: Date.parse('2026-12-01T00:00:00Z') });
  assert.equal(budgetWindow('month', Date.parse('2026-12-31T23:59:59Z')).resetsAt, Date.parse('2027-01-01T00:00:00Z'));
  assert.deepEqual(budgetWindow('total', at), { fromDay: undefined, start: 0, resetsAt: undefined });
  assert.equal(dayOf(Date.parse('2026-02-28T23:59:59.999Z')), '2026-02-28');
});
