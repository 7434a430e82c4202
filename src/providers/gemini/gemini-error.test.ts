import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mapGeminiError, mapGeminiStreamError } from './gemini-error.js';

const status = (code: number, message: string, name: string, details?: unknown[]): string => JSON.stringify({ error: { code, message, status: name, ...(details ? { details } : {}) } });

test('an error framed as an SSE event on a stream request is still read', () => {
  const error = mapGeminiError('gem', 404, `data: ${status(404, 'models/x is not found for API version v1beta', 'NOT_FOUND')}\r\n\r\n`);
  assert.equal(error.code, 'GW_ERR_UPSTREAM_NOT_FOUND');
  assert.equal(error.message, 'gem: models/x is not found for API version v1beta');
  assert.equal(error.upstreamCode, 'NOT_FOUND');
});

test("the gateway's key refused: by reason, by wording without details, or 401 UNAUTHENTICATED (Vertex token) → 502", () => {
  const cases = [
    mapGeminiError('gem', 400, status(400, 'API key expired. Please renew the API key.', 'INVALID_ARGUMENT', [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'API_KEY_INVALID' }])),
    mapGeminiError('gem', 400, status(400, 'API key not valid. Please pass a valid API key.', 'INVALID_ARGUMENT')),
    mapGeminiError('gem', 401, status(401, 'Request had invalid authentication credentials. Expected OAuth 2 access token.', 'UNAUTHENTICATED')),
  ];
  for (const error of cases) {
    assert.equal(error.code, 'GW_ERR_UPSTREAM_AUTH', error.message);
    assert.equal(error.status, 502);
    assert.match(error.message, /^gem rejected the gateway's credentials/);
  }
  const other = mapGeminiError('gem', 400, status(400, 'Request contains an invalid argument.', 'INVALID_ARGUMENT'));
  assert.equal(other.code, 'GW_ERR_UPSTREAM_BAD_REQUEST');
  assert.equal(other.status, 400);
});

test('429: the retry-after header when RetryInfo is absent; a quota of 0 (model not in the plan) is exhausted', () => {
  const limited = mapGeminiError('gem', 429, status(429, 'Resource exhausted.', 'RESOURCE_EXHAUSTED'), { 'retry-after': '7' });
  assert.equal(limited.code, 'GW_ERR_UPSTREAM_RATE_LIMITED');
  assert.equal(limited.retryAfterSeconds, 7);
  const fractional = mapGeminiError('gem', 429, status(429, 'Quota exceeded', 'RESOURCE_EXHAUSTED', [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '0.4s' }]));
  assert.equal(fractional.retryAfterSeconds, 1, 'rounded up');
  const zero = mapGeminiError(
    'gem',
    429,
    status(429, 'You exceeded your current quota', 'RESOURCE_EXHAUSTED', [
      { '@type': 'type.googleapis.com/google.rpc.QuotaFailure', violations: [{ quotaId: 'GenerateContentInputTokensPerModelPerMinute-FreeTier', quotaValue: '0' }] },
    ]),
  );
  assert.equal(zero.code, 'GW_ERR_UPSTREAM_QUOTA_EXHAUSTED');
  assert.equal(zero.retryable, false);
});

test('a body that is not a Google status keeps its text, truncated', () => {
  const error = mapGeminiError('gem', 502, '<html>Bad Gateway</html>');
  assert.equal(error.code, 'GW_ERR_UPSTREAM_SERVER');
  assert.match(error.message, /Bad Gateway/);
});

test('mid-stream errors: mapped by their code; without one, an interrupted stream', () => {
  assert.equal(mapGeminiStreamError('gem', { code: 429, message: 'slow down', status: 'RESOURCE_EXHAUSTED' }).code, 'GW_ERR_UPSTREAM_RATE_LIMITED');
  const bare = mapGeminiStreamError('gem', { message: 'something broke' });
  assert.equal(bare.code, 'GW_ERR_UPSTREAM_STREAM_INTERRUPTED');
  assert.equal(bare.message, 'gem: something broke');
  assert.ok(bare.retryable);
});
