import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mapBedrockError, mapBedrockStreamException } from './bedrock-error.js';

test('the error name comes from x-amzn-ErrorType, else the body\'s __type', () => {
  const fromHeader = mapBedrockError('bedrock', 400, '{"message":"Requests exceed quota"}', { 'x-amzn-errortype': 'ServiceQuotaExceededException:http://internal.amazon.com/coral/com.amazon.bedrock/' });
  assert.equal(fromHeader.code, 'GW_ERR_UPSTREAM_QUOTA_EXHAUSTED');
  assert.equal(fromHeader.upstreamCode, 'ServiceQuotaExceededException');
  const fromBody = mapBedrockError('bedrock', 400, '{"__type":"com.amazon.coral.service#ExpiredTokenException","message":"The security token included in the request is expired"}');
  assert.equal(fromBody.code, 'GW_ERR_UPSTREAM_AUTH', 'an expired session token is the gateway\'s credential problem, whatever the status');
  assert.equal(fromBody.status, 502);
});

test('a signature failure (400 IncompleteSignature, 403 InvalidSignatureException) is an auth error with the key redacted', () => {
  const error = mapBedrockError('bedrock', 403, '{"message":"The request signature we calculated does not match the signature you provided. Credential=AKIAIOSFODNN7EXAMPLE"}', {
    'x-amzn-errortype': 'InvalidSignatureException:http://internal.amazon.com/coral/com.amazon.coral.service/',
  });
  assert.equal(error.code, 'GW_ERR_UPSTREAM_AUTH');
  assert.ok(!error.message.includes('AKIAIOSFODNN7EXAMPLE'), error.message);
  assert.equal(mapBedrockError('bedrock', 400, '{"message":"bad"}', { 'x-amzn-errortype': 'IncompleteSignatureException:x' }).code, 'GW_ERR_UPSTREAM_AUTH');
});

test('bodies without a type fall back to the status; non-JSON bodies are quoted', () => {
  assert.equal(mapBedrockError('bedrock', 429, '{"Message":"slow down"}').code, 'GW_ERR_UPSTREAM_RATE_LIMITED');
  const proxy = mapBedrockError('bedrock', 502, '<html>Bad Gateway</html>');
  assert.equal(proxy.code, 'GW_ERR_UPSTREAM_SERVER');
  assert.match(proxy.message, /Bad Gateway/);
});

test('stream exceptions use the status the API reference gives each one', () => {
  assert.equal(mapBedrockStreamException('bedrock', 'throttlingException', '{"message":"x"}').code, 'GW_ERR_UPSTREAM_RATE_LIMITED');
  assert.equal(mapBedrockStreamException('bedrock', 'internalServerException', '{"message":"x"}').code, 'GW_ERR_UPSTREAM_SERVER');
  assert.equal(mapBedrockStreamException('bedrock', 'serviceUnavailableException', '{"message":"x"}').code, 'GW_ERR_UPSTREAM_OVERLOADED');
  const model = mapBedrockStreamException('bedrock', 'modelStreamErrorException', '{"message":"Model Stream Error","originalStatusCode":500,"originalMessage":"boom"}');
  assert.equal(model.retryable, true);
  assert.match(model.message, /boom/);
});
