import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cohereGenerationError, mapCohereError } from './cohere-error.js';

test('statuses the shared convention does not know: 498 is a content filter, 499 an upstream fault', () => {
  const blocked = mapCohereError('co', 498, '{"message":"blocked output"}');
  assert.equal(blocked.code, 'GW_ERR_UPSTREAM_CONTENT_FILTER');
  assert.equal(blocked.status, 400);
  assert.equal(blocked.upstreamStatus, 498);
  const cancelled = mapCohereError('co', 499, '{"message":"request cancelled"}');
  assert.equal(cancelled.code, 'GW_ERR_UPSTREAM_SERVER');
  assert.equal(cancelled.retryable, true);
});

test('429: a per-minute limit is retryable with retry-after, a monthly allowance is not', () => {
  const minute = mapCohereError('co', 429, '{"message":"You are past the per minute request limit, please wait and try again later."}', { 'retry-after': '12' });
  assert.equal(minute.code, 'GW_ERR_UPSTREAM_RATE_LIMITED');
  assert.equal(minute.retryAfterSeconds, 12);
  const month = mapCohereError('co', 429, '{"id":"x","message":"You are using a Trial key, which is limited to 1000 API calls / month."}');
  assert.equal(month.code, 'GW_ERR_UPSTREAM_QUOTA_EXHAUSTED');
  assert.equal(month.retryable, false);
});

test('bodies that are not Cohere JSON are quoted; 503 is overload; the key never leaks from a 401', () => {
  const proxy = mapCohereError('co', 502, '<html>Bad Gateway</html>');
  assert.equal(proxy.code, 'GW_ERR_UPSTREAM_SERVER');
  assert.match(proxy.message, /^co: <html>Bad Gateway<\/html>/);
  assert.equal(mapCohereError('co', 503, '{"message":"service unavailable"}').code, 'GW_ERR_UPSTREAM_OVERLOADED');
  const auth = mapCohereError('co', 401, '{"message":"invalid api token: key-abcdef123456"}');
  assert.equal(auth.status, 502);
  assert.ok(!auth.message.includes('abcdef123456'), auth.message);
});

test('a failed generation is a retryable upstream error that quotes Cohere\'s reason', () => {
  const error = cohereGenerationError('co', 'internal error');
  assert.equal(error.status, 502);
  assert.equal(error.retryable, true);
  assert.equal(error.message, 'co: the generation failed (finish_reason ERROR): internal error');
  assert.equal(cohereGenerationError('co', undefined).message, 'co: the generation failed (finish_reason ERROR)');
});
