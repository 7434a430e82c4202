import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import type { ServerResponse } from 'node:http';
import { test } from 'node:test';
import { GatewayError } from '../../spec/gateway-error.js';
import { anthropicErrorBody } from './anthropic-error-body.js';
import { sendAnthropicError } from './send-anthropic-error.js';

test('error types in Anthropic words: billing_error for exhausted quota, request_too_large for a 413', () => {
  const typeOf = (error: GatewayError) => (anthropicErrorBody(error, undefined).error as Record<string, unknown>).type;
  assert.equal(typeOf(new GatewayError('GW_ERR_UPSTREAM_QUOTA_EXHAUSTED', 'q')), 'billing_error');
  assert.equal(typeOf(new GatewayError('GW_ERR_REQUEST_TOO_LARGE', 'big')), 'request_too_large');
  assert.equal(typeOf(new GatewayError('GW_ERR_UPSTREAM_OVERLOADED', 'busy')), 'overloaded_error');
  assert.equal(typeOf(new GatewayError('GW_ERR_MODEL_NOT_FOUND', 'no')), 'not_found_error');
  assert.equal(typeOf(new GatewayError('GW_ERR_UPSTREAM_TIMEOUT', 'slow')), 'timeout_error');
  assert.equal(typeOf(new GatewayError('GW_ERR_AUTH_INVALID_KEY', 'key')), 'authentication_error');
});

class RecordingResponse extends EventEmitter {
  headersSent = false;
  status = 0;
  headers: Record<string, string | number> = {};
  body = '';
  writeHead(status: number, headers: Record<string, string | number>): void {
    this.status = status;
    this.headers = headers;
    this.headersSent = true;
  }
  end(text?: string): void {
    this.body += text ?? '';
  }
}

test('the status stays ours; retry-after, request-id and x-should-retry go in the headers', () => {
  const send = (error: GatewayError) => {
    const response = new RecordingResponse();
    sendAnthropicError(response as unknown as ServerResponse, error, { 'x-request-id': 'req-9' });
    return response;
  };
  const limited = send(new GatewayError('GW_ERR_UPSTREAM_RATE_LIMITED', 'sim: slow down', { provider: 'sim', retryAfterSeconds: 7 }));
  assert.equal(limited.status, 429);
  assert.equal(limited.headers['retry-after'], '7');
  assert.equal(limited.headers['request-id'], 'req-9');
  assert.equal(limited.headers['x-should-retry'], undefined, 'a retryable error is left to the SDK');
  assert.deepEqual(JSON.parse(limited.body), {
    type: 'error',
    error: { type: 'rate_limit_error', message: 'sim: slow down', skyroute_code: 'GW_ERR_UPSTREAM_RATE_LIMITED', provider: 'sim' },
    request_id: 'req-9',
  });
  const quota = send(new GatewayError('GW_ERR_UPSTREAM_QUOTA_EXHAUSTED', 'sim: out of credit', { provider: 'sim' }));
  assert.equal(quota.status, 429);
  assert.equal(quota.headers['x-should-retry'], 'false');
});
