import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseGoDuration, parseRateLimitHeaders, parseResetValue, parseRetryAfterMs, rateLimitResetMs } from './parse-rate-limit-headers.js';

test('Go durations as OpenAI and Groq send them', () => {
  assert.equal(parseGoDuration('6m0s'), 360_000);
  assert.equal(parseGoDuration('561ms'), 561);
  assert.equal(parseGoDuration('1.5s'), 1500);
  assert.equal(parseGoDuration('1h2m3s'), 3_723_000);
  assert.equal(parseGoDuration('7.66s'), 7660);
  assert.equal(parseGoDuration('abc'), undefined);
  assert.equal(parseGoDuration('5x'), undefined);
});

test('reset values: seconds, durations and RFC 3339 timestamps', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  assert.equal(parseResetValue('20', now), 20_000);
  assert.equal(parseResetValue('2m', now), 120_000);
  assert.equal(parseResetValue('2026-01-01T00:00:30Z', now), 30_000);
});

test('retry-after in seconds, as a date, and retry-after-ms', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  assert.equal(parseRetryAfterMs({ 'retry-after': '7' }, now), 7000);
  assert.equal(parseRetryAfterMs({ 'retry-after': 'Thu, 01 Jan 2026 00:00:05 GMT' }, now), 5000);
  assert.equal(parseRetryAfterMs({ 'retry-after-ms': '250', 'retry-after': '7' }, now), 250);
  assert.equal(parseRetryAfterMs({}, now), undefined);
});

test('the OpenAI header set', () => {
  const info = parseRateLimitHeaders({
    'x-ratelimit-remaining-requests': '59',
    'x-ratelimit-remaining-tokens': '149984',
    'x-ratelimit-reset-requests': '1s',
    'x-ratelimit-reset-tokens': '6m0s',
  });
  assert.deepEqual(info, { remainingRequests: 59, remainingTokens: 149984, resetRequestsMs: 1000, resetTokensMs: 360_000 });
  assert.equal(parseRateLimitHeaders({}), undefined);
});

test('the Anthropic header set (reset as RFC 3339)', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  const info = parseRateLimitHeaders(
    {
      'anthropic-ratelimit-requests-remaining': '49',
      'anthropic-ratelimit-requests-reset': '2026-01-01T00:00:01Z',
      'anthropic-ratelimit-tokens-remaining': '7000',
      'anthropic-ratelimit-tokens-reset': '2026-01-01T00:00:12Z',
      'retry-after': '12',
    },
    now,
  );
  assert.deepEqual(info, { remainingRequests: 49, remainingTokens: 7000, resetRequestsMs: 1000, resetTokensMs: 12_000, retryAfterMs: 12_000 });
});

test('a 429 without retry-after waits for the reset of the exhausted limit', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  assert.equal(rateLimitResetMs({ 'x-ratelimit-remaining-requests': '0', 'x-ratelimit-reset-requests': '2s', 'x-ratelimit-remaining-tokens': '500', 'x-ratelimit-reset-tokens': '30s' }, now), 2_000);
  assert.equal(rateLimitResetMs({ 'x-ratelimit-remaining-requests': '3', 'x-ratelimit-reset-requests': '2s', 'x-ratelimit-remaining-tokens': '0', 'x-ratelimit-reset-tokens': '6m0s' }, now), 360_000);
  assert.equal(rateLimitResetMs({ 'x-ratelimit-remaining-requests': '3', 'x-ratelimit-reset-requests': '2s', 'x-ratelimit-reset-tokens': '1.5s' }, now), 1_500);
  assert.equal(rateLimitResetMs({}, now), undefined);
});
