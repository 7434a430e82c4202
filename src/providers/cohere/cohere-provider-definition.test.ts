import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError } from '../../config/config-error.js';
import type { ProviderConfig } from '../../config/config-schema.js';
import type { ProviderFactoryInput } from '../registry.js';
import { cohereProviderDefinition } from './cohere-provider-definition.js';

const input = (config: Partial<ProviderConfig>, environment: NodeJS.ProcessEnv = {}): ProviderFactoryInput => ({
  id: 'co',
  config: { type: 'cohere', ...config },
  catalogProvider: { name: 'Cohere', base_url: 'https://api.cohere.com/v2', api_key_env: 'COHERE_API_KEY' },
  environment,
  globalTimeouts: undefined,
  fetchImage: async () => assert.fail('Cohere takes image URLs itself'),
});

test('the key comes from api_key, else COHERE_API_KEY; without one the config is refused with the fix', async () => {
  const fromEnvironment = cohereProviderDefinition.create(input({}, { COHERE_API_KEY: 'k' }));
  assert.equal(fromEnvironment.type, 'cohere');
  await fromEnvironment.close();
  assert.throws(
    () => cohereProviderDefinition.create(input({})),
    (error: unknown) => error instanceof ConfigError && /providers\.co\.api_key or the COHERE_API_KEY environment variable/.test(error.message),
  );
});

test('fields of other provider types are refused rather than ignored', () => {
  assert.throws(
    () => cohereProviderDefinition.create(input({ api_key: 'k', region: 'us-east-1' })),
    (error: unknown) => error instanceof ConfigError && /providers\.co\.region: not used by type cohere/.test(error.message),
  );
});
