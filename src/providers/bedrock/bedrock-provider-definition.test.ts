import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ProviderConfig } from '../../config/config-schema.js';
import { ConfigError } from '../../config/config-error.js';
import { GatewayError } from '../../spec/gateway-error.js';
import { Cancellation } from '../../upstream/cancellation.js';
import { bedrockProviderDefinition } from './bedrock-provider-definition.js';
import { resolveBedrockCredentials } from './resolve-bedrock-credentials.js';

const fetchImage = async (): Promise<never> => {
  throw new Error('no images');
};

function create(config: Partial<ProviderConfig>, environment: NodeJS.ProcessEnv = {}) {
  return bedrockProviderDefinition.create({
    id: 'aws',
    config: { type: 'bedrock', ...config } as ProviderConfig,
    catalogProvider: { name: 'Amazon Bedrock', base_url: 'https://bedrock-runtime.{region}.amazonaws.com' } as never,
    environment,
    globalTimeouts: undefined,
    fetchImage,
  });
}

test('a region is required: from config, else AWS_REGION, else AWS_DEFAULT_REGION', async () => {
  assert.throws(() => create({}), (error: unknown) => error instanceof ConfigError && /providers\.aws.*region.*AWS_REGION/.test(error.message));
  assert.throws(() => create({ region: 'us east' }), ConfigError);
  for (const provider of [create({ region: 'eu-west-1' }), create({}, { AWS_REGION: 'eu-west-1' }), create({}, { AWS_DEFAULT_REGION: 'eu-west-1' })]) {
    assert.equal(provider.type, 'bedrock');
    await provider.close();
  }
});

test('without credentials the provider is built, and each call fails with GW_ERR_UPSTREAM_AUTH saying what to set', async () => {
  const provider = create({ region: 'us-east-1', base_url: 'http://127.0.0.1:9' });
  const error = await provider
    .chat({ model: 'us.amazon.nova-lite-v1:0', messages: [{ role: 'user', content: 'hi' }] }, { requestId: 'r', cancellation: new Cancellation() })
    .then(() => undefined, (caught: unknown) => caught);
  assert.ok(error instanceof GatewayError);
  assert.equal(error.code, 'GW_ERR_UPSTREAM_AUTH');
  assert.equal(error.status, 502);
  assert.match(error.message, /aws_access_key_id.*api_key.*AWS_ACCESS_KEY_ID.*AWS_BEARER_TOKEN_BEDROCK/);
  await provider.close();
});

test('credentials: config API key, config keys, AWS_BEARER_TOKEN_BEDROCK, then AWS_* keys; half-given config is an error', () => {
  const environment = { AWS_ACCESS_KEY_ID: 'AKIAENV', AWS_SECRET_ACCESS_KEY: 'env-secret', AWS_SESSION_TOKEN: 'env-token' };
  const resolve = (config: Partial<ProviderConfig>, env: NodeJS.ProcessEnv = {}) => resolveBedrockCredentials('aws', { type: 'bedrock', ...config } as ProviderConfig, env);
  assert.deepEqual(resolve({ api_key: 'key-1' }, environment), { kind: 'api-key', apiKey: 'key-1' });
  assert.deepEqual(resolve({ aws_access_key_id: 'AKIACFG', aws_secret_access_key: 's' }, environment), {
    kind: 'sigv4',
    accessKeyId: 'AKIACFG',
    secretAccessKey: 's',
    sessionToken: undefined,
  });
  assert.deepEqual(resolve({}, { ...environment, AWS_BEARER_TOKEN_BEDROCK: 'bearer-1' }), { kind: 'api-key', apiKey: 'bearer-1' });
  assert.deepEqual(resolve({}, environment), { kind: 'sigv4', accessKeyId: 'AKIAENV', secretAccessKey: 'env-secret', sessionToken: 'env-token' });
  assert.equal(resolve({}, { AWS_ACCESS_KEY_ID: 'AKIAENV' }).kind, 'none', 'a key id without its secret is no credential');
  assert.throws(() => resolve({ aws_access_key_id: 'AKIACFG' }), ConfigError);
  assert.throws(() => resolve({ api_key: 'k', aws_access_key_id: 'AKIACFG', aws_secret_access_key: 's' }), ConfigError);
  assert.throws(() => resolve({ aws_session_token: 't' }), ConfigError);
});
