import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mapAnthropicError, mapAnthropicStreamError } from './anthropic-error.js';

const event = (type: string, message = 'm') => JSON.stringify({ type: 'error', error: { type, message } });

test('an error event mid-stream gets the status its type stands for', () => {
  const cases: Array<[string, string, number, boolean]> = [
    ['overloaded_error', 'GW_ERR_UPSTREAM_OVERLOADED', 503, true],
    ['rate_limit_error', 'GW_ERR_UPSTREAM_RATE_LIMITED', 429, true],
    ['api_error', 'GW_ERR_UPSTREAM_SERVER', 502, true],
    ['timeout_error', 'GW_ERR_UPSTREAM_TIMEOUT', 504, true],
    ['invalid_request_error', 'GW_ERR_UPSTREAM_BAD_REQUEST', 400, false],
    ['billing_error', 'GW_ERR_UPSTREAM_QUOTA_EXHAUSTED', 429, false],
    ['authentication_error', 'GW_ERR_UPSTREAM_AUTH', 502, false],
    ['something_new', 'GW_ERR_UPSTREAM_SERVER', 502, true],
  ];
  for (const [type, code, status, retryable] of cases) {
    const error = mapAnthropicStreamError('claude', event(type));
    assert.deepEqual([error.code, error.status, error.retryable], [code, status, retryable], type);
    assert.ok(error.message.startsWith('claude'), 'names the provider');
  }
});

test('error bodies: request id kept, details.error_code as the upstream code, non-JSON bodies quoted', () => {
  const error = mapAnthropicError(
    'claude',
    400,
    JSON.stringify({ type: 'error', error: { type: 'invalid_request_error', message: 'bad', details: { error_code: 'tool_name_conflict' } }, request_id: 'req_1' }),
  );
  assert.equal(error.message, 'claude: bad (request req_1)');
  assert.equal(error.upstreamCode, 'tool_name_conflict');
  const html = mapAnthropicError('claude', 502, '<html>Bad gateway</html>');
  assert.deepEqual([html.code, html.retryable], ['GW_ERR_UPSTREAM_SERVER', true]);
  assert.ok(html.message.includes('Bad gateway'));
});
