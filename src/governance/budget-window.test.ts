import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BudgetWindows, budgetWindow, dayOf } from './budget-window.js';

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

test('BudgetWindows answers the same window until its period ends, then the next one', () => {
  const windows = new BudgetWindows();
  const day = Date.parse('2026-11-22T00:00:00Z');
  const first = windows.at('day', day + 1_000);
  assert.equal(windows.at('day', day + 86_399_999), first, 'the same object within the day');
  const next = windows.at('day', day + 86_400_000);
  assert.deepEqual(next, budgetWindow('day', day + 86_400_000));
  assert.equal(next.fromDay, '2026-11-23');
  assert.deepEqual(windows.at('month', day), budgetWindow('month', day));
  assert.equal(windows.at('total', day).resetsAt, undefined);
  assert.equal(windows.at('day', day - 1).fromDay, '2026-11-21', 'a clock that steps back gets its own day');
});
