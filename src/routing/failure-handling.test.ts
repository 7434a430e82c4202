import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CooldownConfig } from '../config/routing-config-schema.js';
import type { ErrorCode } from '../spec/error-codes.js';
import { GatewayError, type GatewayErrorOptions } from '../spec/gateway-error.js';
import { handleFailure } from './failure-handling.js';

// Distinct values, so each assertion shows which setting a branch took its cooldown from.
const cooldown: CooldownConfig = { rate_limited_ms: 2_000, credentials_ms: 60_000, max_ms: 300_000 };
/** max_ms below credentials_ms: every credentials cooldown must come out capped. */
const tightCooldown: CooldownConfig = { rate_limited_ms: 2_000, credentials_ms: 60_000, max_ms: 45_000 };

function failure(code: ErrorCode, options: GatewayErrorOptions = {}): GatewayError {
  return new GatewayError(code, `${code} for the test`, options);
}

test('429 with retry-after: next deployment, cooled down as long as the provider asks, circuit untouched', () => {
  assert.deepEqual(handleFailure(failure('GW_ERR_UPSTREAM_RATE_LIMITED', { upstreamStatus: 429, retryAfterSeconds: 7 }), cooldown), {
    next: 'next',
    countsForCircuit: false,
    cooldownMs: 7_000,
    providerCooldownMs: undefined,
  });
});

test('429 without retry-after: cooled down for rate_limited_ms', () => {
  assert.deepEqual(handleFailure(failure('GW_ERR_UPSTREAM_RATE_LIMITED', { upstreamStatus: 429 }), cooldown), {
    next: 'next',
    countsForCircuit: false,
    cooldownMs: 2_000,
    providerCooldownMs: undefined,
  });
});

test('429 whose retry-after is longer than max_ms is capped at max_ms', () => {
  const handling = handleFailure(failure('GW_ERR_UPSTREAM_RATE_LIMITED', { upstreamStatus: 429, retryAfterSeconds: 3_600 }), cooldown);
  assert.equal(handling.cooldownMs, 300_000);
});

test('429 with retry-after 0 means "try again now", not "unset": no rate_limited_ms fallback', () => {
  const handling = handleFailure(failure('GW_ERR_UPSTREAM_RATE_LIMITED', { upstreamStatus: 429, retryAfterSeconds: 0 }), cooldown);
  assert.equal(handling.cooldownMs, 0);
});

test('401: the key itself is refused, so every deployment of the provider is skipped and the provider cools down', () => {
  assert.deepEqual(handleFailure(failure('GW_ERR_UPSTREAM_AUTH', { upstreamStatus: 401 }), cooldown), {
    next: 'other-credentials',
    countsForCircuit: false,
    cooldownMs: undefined,
    providerCooldownMs: 60_000,
  });
});

test('an auth failure without an upstream status is treated as the key (401), not as one model (403)', () => {
  assert.equal(handleFailure(failure('GW_ERR_UPSTREAM_AUTH'), cooldown).next, 'other-credentials');
});

test('403: only this model is refused to the key, so only this deployment cools down', () => {
  assert.deepEqual(handleFailure(failure('GW_ERR_UPSTREAM_AUTH', { upstreamStatus: 403 }), cooldown), {
    next: 'next',
    countsForCircuit: false,
    cooldownMs: 60_000,
    providerCooldownMs: undefined,
  });
});

test('exhausted quota: every deployment of the provider is skipped and the provider cools down, retry-after or not', () => {
  const expected = { next: 'other-credentials', countsForCircuit: false, cooldownMs: undefined, providerCooldownMs: 60_000 };
  assert.deepEqual(handleFailure(failure('GW_ERR_UPSTREAM_QUOTA_EXHAUSTED', { upstreamStatus: 429 }), cooldown), expected);
  assert.deepEqual(handleFailure(failure('GW_ERR_UPSTREAM_QUOTA_EXHAUSTED', { upstreamStatus: 429, retryAfterSeconds: 5 }), cooldown), expected);
});

test('unknown model upstream: next deployment, this one cooled down for credentials_ms (it will not appear soon)', () => {
  assert.deepEqual(handleFailure(failure('GW_ERR_UPSTREAM_NOT_FOUND', { upstreamStatus: 404 }), cooldown), {
    next: 'next',
    countsForCircuit: false,
    cooldownMs: 60_000,
    providerCooldownMs: undefined,
  });
});

test('credentials cooldowns (401, 403, quota, not found) are capped by max_ms too', () => {
  assert.equal(handleFailure(failure('GW_ERR_UPSTREAM_AUTH', { upstreamStatus: 401 }), tightCooldown).providerCooldownMs, 45_000);
  assert.equal(handleFailure(failure('GW_ERR_UPSTREAM_AUTH', { upstreamStatus: 403 }), tightCooldown).cooldownMs, 45_000);
  assert.equal(handleFailure(failure('GW_ERR_UPSTREAM_QUOTA_EXHAUSTED', { upstreamStatus: 429 }), tightCooldown).providerCooldownMs, 45_000);
  assert.equal(handleFailure(failure('GW_ERR_UPSTREAM_NOT_FOUND', { upstreamStatus: 404 }), tightCooldown).cooldownMs, 45_000);
});

test('context length: only larger windows are worth trying; nothing cools down and the circuit is untouched', () => {
  assert.deepEqual(handleFailure(failure('GW_ERR_UPSTREAM_CONTEXT_LENGTH', { upstreamStatus: 400, retryAfterSeconds: 9 }), cooldown), {
    next: 'larger-context',
    countsForCircuit: false,
    cooldownMs: undefined,
    providerCooldownMs: undefined,
  });
});

test('an unsupported parameter or content part: another deployment may take it; nothing cools down', () => {
  for (const code of ['GW_ERR_REQUEST_UNSUPPORTED_PARAMETER', 'GW_ERR_REQUEST_UNSUPPORTED_CONTENT'] as const) {
    assert.deepEqual(handleFailure(failure(code), cooldown), { next: 'next', countsForCircuit: false, cooldownMs: undefined, providerCooldownMs: undefined }, code);
  }
});

test('overload: next deployment, counts for the circuit, cooled down for its retry-after (capped), else not at all', () => {
  assert.deepEqual(handleFailure(failure('GW_ERR_UPSTREAM_OVERLOADED', { upstreamStatus: 529, retryAfterSeconds: 12 }), cooldown), {
    next: 'next',
    countsForCircuit: true,
    cooldownMs: 12_000,
    providerCooldownMs: undefined,
  });
  assert.equal(handleFailure(failure('GW_ERR_UPSTREAM_OVERLOADED', { upstreamStatus: 503, retryAfterSeconds: 600 }), cooldown).cooldownMs, 300_000);
  assert.equal(handleFailure(failure('GW_ERR_UPSTREAM_OVERLOADED', { upstreamStatus: 503 }), cooldown).cooldownMs, undefined);
});

test('other retryable failures (5xx, timeouts, broken connections) count for the circuit and move on', () => {
  const retryable = ['GW_ERR_UPSTREAM_SERVER', 'GW_ERR_UPSTREAM_TIMEOUT', 'GW_ERR_UPSTREAM_CONNECT', 'GW_ERR_UPSTREAM_INVALID_RESPONSE', 'GW_ERR_UPSTREAM_STREAM_INTERRUPTED'] as const;
  for (const code of retryable) {
    assert.deepEqual(handleFailure(failure(code), cooldown), { next: 'next', countsForCircuit: true, cooldownMs: undefined, providerCooldownMs: undefined }, code);
  }
  assert.equal(handleFailure(failure('GW_ERR_UPSTREAM_SERVER', { upstreamStatus: 503, retryAfterSeconds: 4 }), cooldown).cooldownMs, 4_000);
  assert.equal(handleFailure(failure('GW_ERR_UPSTREAM_SERVER', { upstreamStatus: 503, retryAfterSeconds: 4_000 }), cooldown).cooldownMs, 300_000);
});

test('the error\'s own retryable flag decides the default branch, not its code\'s default', () => {
  const madeRetryable = handleFailure(failure('GW_ERR_UPSTREAM_BAD_REQUEST', { upstreamStatus: 409, retryable: true }), cooldown);
  assert.deepEqual(madeRetryable, { next: 'next', countsForCircuit: true, cooldownMs: undefined, providerCooldownMs: undefined });
  const madeFinal = handleFailure(failure('GW_ERR_UPSTREAM_SERVER', { upstreamStatus: 501, retryable: false }), cooldown);
  assert.deepEqual(madeFinal, { next: 'stop', countsForCircuit: false, cooldownMs: undefined, providerCooldownMs: undefined });
});

test('non-retryable failures (the request is at fault) stop: no other deployment would do better', () => {
  const final = ['GW_ERR_UPSTREAM_BAD_REQUEST', 'GW_ERR_UPSTREAM_CONTENT_FILTER', 'GW_ERR_UPSTREAM_CALLER_AUTH', 'GW_ERR_REQUEST_INVALID', 'GW_ERR_INTERNAL'] as const;
  for (const code of final) {
    assert.deepEqual(handleFailure(failure(code, { retryAfterSeconds: 3 }), cooldown), { next: 'stop', countsForCircuit: false, cooldownMs: undefined, providerCooldownMs: undefined }, code);
  }
});
