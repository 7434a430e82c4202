import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GatewayError } from '../../spec/gateway-error.js';
import { convertToCohereEmbedRequest } from './convert-to-cohere-embed-request.js';

test('token arrays and unknown fields are refused with a 400 naming them', () => {
  assert.throws(
    () => convertToCohereEmbedRequest({ model: 'embed-v4.0', input: [[1, 2, 3]] }, 'co', 'cohere'),
    (error: unknown) => error instanceof GatewayError && error.code === 'GW_ERR_REQUEST_UNSUPPORTED_CONTENT' && /token arrays/.test(error.message),
  );
  assert.throws(
    () => convertToCohereEmbedRequest({ model: 'embed-v4.0', input: 'x', normalize: true }, 'co', 'cohere'),
    (error: unknown) => error instanceof GatewayError && error.param === 'normalize',
  );
});

test('Cohere fields: input_type and truncate from the request, providerOptions merged last; user left out', () => {
  const body = convertToCohereEmbedRequest(
    { model: 'embed-v4.0', input: ['a'], user: 'u', truncate: 'NONE', input_type: 'clustering', providerOptions: { cohere: { max_tokens: 512 } } },
    'co',
    'cohere',
  );
  assert.deepEqual(body, { model: 'embed-v4.0', texts: ['a'], input_type: 'clustering', embedding_types: ['float'], truncate: 'NONE', max_tokens: 512 });
});
