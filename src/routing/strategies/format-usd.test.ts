import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatUsd } from './format-usd.js';

test('formatUsd keeps three significant digits below a dollar and cents above', () => {
  assert.equal(formatUsd(0.00021), '$0.000210');
  assert.equal(formatUsd(0.000000123), '$0.000000123');
  assert.equal(formatUsd(0.5), '$0.500');
  assert.equal(formatUsd(0.0999), '$0.0999');
  assert.equal(formatUsd(1.5), '$1.50');
  assert.equal(formatUsd(1234.5678), '$1234.57');
  assert.equal(formatUsd(0), '$0');
});
