import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadCatalog } from '../catalog/load-catalog.js';
import { buildZeroConfig } from './zero-config.js';

const catalog = loadCatalog();

test('providers come from the usual key variables, with <PROVIDER>_BASE_URL overrides', () => {
  const loaded = buildZeroConfig({ OPENAI_API_KEY: 'sk-1', ARK_API_KEY: 'ark-1', GROQ_BASE_URL: 'http://127.0.0.1:9/v1', GROQ_API_KEY: 'g' }, catalog, '/tmp');
  assert.ok(loaded);
  assert.deepEqual(Object.keys(loaded.config.providers).sort(), ['byteplus', 'groq', 'openai']);
  assert.equal(loaded.config.providers.byteplus?.api_key, 'ark-1');
  assert.equal(loaded.config.providers.groq?.base_url, 'http://127.0.0.1:9/v1');
  assert.deepEqual(loaded.config.auth.keys, []);
});

test('SKYROUTE_KEY becomes the client key; no provider key means no config (the demo runs instead)', () => {
  assert.deepEqual(buildZeroConfig({ DEEPSEEK_API_KEY: 'd', SKYROUTE_KEY: 'client' }, catalog, '/tmp')?.config.auth.keys, ['client']);
  assert.equal(buildZeroConfig({}, catalog, '/tmp'), undefined);
  assert.equal(buildZeroConfig({ OPENAI_API_KEY: '' }, catalog, '/tmp'), undefined);
});

test('Bedrock is on with AWS credentials or a Bedrock API key plus a region; Vertex with a service-account file', () => {
  const aws = buildZeroConfig({ AWS_ACCESS_KEY_ID: 'AKIA1', AWS_SECRET_ACCESS_KEY: 's', AWS_REGION: 'eu-west-1' }, catalog, '/tmp');
  assert.deepEqual(Object.keys(aws?.config.providers ?? {}), ['bedrock']);
  assert.deepEqual(Object.keys(buildZeroConfig({ AWS_BEARER_TOKEN_BEDROCK: 'b', AWS_DEFAULT_REGION: 'us-east-1' }, catalog, '/tmp')?.config.providers ?? {}), ['bedrock']);
  assert.equal(buildZeroConfig({ AWS_ACCESS_KEY_ID: 'AKIA1' }, catalog, '/tmp'), undefined, 'no region, no Bedrock');
  const vertex = buildZeroConfig({ GOOGLE_APPLICATION_CREDENTIALS: '/keys/sa.json', VERTEX_BASE_URL: 'http://127.0.0.1:9' }, catalog, '/tmp');
  assert.deepEqual(vertex?.config.providers.vertex, { type: 'vertex', base_url: 'http://127.0.0.1:9' });
});
