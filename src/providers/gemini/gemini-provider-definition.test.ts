import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { parseConfig } from '../../config/load-config.js';
import { GatewayError } from '../../spec/gateway-error.js';
import { Cancellation } from '../../upstream/cancellation.js';
import { startFixtureServer } from '../../../test/support/start-fixture-server.js';
import { geminiProviderDefinition } from './gemini-provider-definition.js';
import { vertexBaseUrl } from './vertex-base-url.js';

let server: Awaited<ReturnType<typeof startFixtureServer>>;

before(async () => {
  server = await startFixtureServer();
  server.respondWith({
    status: 200,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ candidates: [{ content: { role: 'model', parts: [{ text: 'ok' }] }, finishReason: 'STOP' }], usageMetadata: { promptTokenCount: 1, candidatesTokenCount: 1 } }),
  });
});

after(() => server.close());

function gemini(config: Record<string, unknown>, environment: NodeJS.ProcessEnv, catalogProvider?: { name: string; base_url?: string; api_key_env?: string }) {
  const loaded = parseConfig({ providers: { g: { type: 'gemini', ...config } } }, { baseDirectory: '/tmp', environment: {} });
  return geminiProviderDefinition.create({
    id: 'g',
    config: loaded.config.providers.g!,
    catalogProvider,
    environment,
    globalTimeouts: undefined,
    fetchImage: async () => Promise.reject(new Error('unused')),
  });
}

async function keySent(config: Record<string, unknown>, environment: NodeJS.ProcessEnv): Promise<unknown> {
  const provider = gemini({ base_url: `${server.url}/v1beta/`, ...config }, environment, { name: 'Gemini', api_key_env: 'GEMINI_API_KEY' });
  try {
    const before = server.requests.length;
    await provider.chat({ model: 'models/gemini-2.5-flash', messages: [{ role: 'user', content: 'hi' }] }, { requestId: 't', cancellation: new Cancellation() });
    const sent = server.requests[before]!;
    assert.equal(sent.url, '/v1beta/models/gemini-2.5-flash:generateContent', 'a "models/" prefix and a trailing slash are tolerated');
    return sent.headers['x-goog-api-key'];
  } finally {
    await provider.close();
  }
}

test('the key: api_key, else the catalog variable (GEMINI_API_KEY), else GOOGLE_API_KEY', async () => {
  assert.equal(await keySent({ api_key: 'from-config' }, { GEMINI_API_KEY: 'from-gemini', GOOGLE_API_KEY: 'from-google' }), 'from-config');
  assert.equal(await keySent({}, { GEMINI_API_KEY: 'from-gemini', GOOGLE_API_KEY: 'from-google' }), 'from-gemini');
  assert.equal(await keySent({}, { GOOGLE_API_KEY: 'from-google' }), 'from-google');
});

test('no key at all fails the request (502, saying where to set one), not the config', async () => {
  const provider = gemini({ base_url: `${server.url}/v1beta` }, {});
  const before = server.requests.length;
  const error = await provider.chat({ model: 'gemini-2.5-flash', messages: [{ role: 'user', content: 'hi' }] }, { requestId: 't', cancellation: new Cancellation() }).then(
    () => undefined,
    (reason: unknown) => reason,
  );
  await provider.close();
  assert.ok(error instanceof GatewayError && error.code === 'GW_ERR_UPSTREAM_AUTH', String(error));
  assert.match(error.message, /providers\.g\.api_key, GEMINI_API_KEY or GOOGLE_API_KEY/);
  assert.equal(server.requests.length, before, 'nothing was sent');
});

test("the default base URL is the catalog's, and fields of other provider types are refused", () => {
  assert.doesNotThrow(() => gemini({}, {}, { name: 'Gemini', base_url: 'https://generativelanguage.googleapis.com/v1beta' }).close());
  assert.throws(() => gemini({ region: 'us-central1' }, {}), /providers\.g\.region is not used by type gemini/);
  assert.throws(() => gemini({ base_url: 'https://{host}/v1beta' }, {}), /placeholders/);
});

test('Vertex base URLs: regional, global, multi-region, express mode', () => {
  assert.equal(vertexBaseUrl('proj-1', 'us-central1'), 'https://us-central1-aiplatform.googleapis.com/v1/projects/proj-1/locations/us-central1/publishers/google');
  assert.equal(vertexBaseUrl('proj-1', 'global'), 'https://aiplatform.googleapis.com/v1/projects/proj-1/locations/global/publishers/google');
  assert.equal(vertexBaseUrl('proj-1', 'eu'), 'https://aiplatform.eu.rep.googleapis.com/v1/projects/proj-1/locations/eu/publishers/google');
  assert.equal(vertexBaseUrl(undefined, 'us-central1'), 'https://aiplatform.googleapis.com/v1/publishers/google');
});
