import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertCounterInteger, counterRangeError } from './counter-integers.js';

test('assertCounterInteger accepts exactly the safe integers from `least` up', () => {
  const max = Number.MAX_SAFE_INTEGER;
  for (const value of [0, 1, -1, max, -max]) assert.doesNotThrow(() => assertCounterInteger('value', value));
  for (const value of [max + 1, -max - 1, 0.5, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
    assert.throws(() => assertCounterInteger('value', value), RangeError, String(value));
  }
  assert.doesNotThrow(() => assertCounterInteger('amount', 1, 1));
  assert.throws(() => assertCounterInteger('amount', 0, 1), { name: 'RangeError', message: /^amount must be a whole number from 1 to 9007199254740991 \(got 0\); .*round the value/ });
  assert.throws(() => assertCounterInteger('value', 1.25), { message: /^value must be a whole number within ±9007199254740991 \(got 1\.25\)/ });
});

test('counterRangeError names the key, the amount and what to do', () => {
  const error = counterRangeError('team:a', 9_007_199_254_740_990, 5);
  assert.ok(error instanceof RangeError);
  assert.match(error.message, /^adjustCounter\("team:a", 5\) would take the counter from 9007199254740990 outside ±9007199254740991, .*the counter is unchanged\. Keep amounts/);
});
