import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { parseConfig } from '../../config/load-config.js';
import { GatewayError } from '../../spec/gateway-error.js';
import type { StreamPart } from '../../spec/stream-part.js';
import { Cancellation } from '../../upstream/cancellation.js';
import { startFixtureServer } from '../../../test/support/start-fixture-server.js';
import type { ChatProvider } from '../provider.js';
import { geminiProviderDefinition } from './gemini-provider-definition.js';
import { vertexProviderDefinition } from './vertex-provider-definition.js';

let server: Awaited<ReturnType<typeof startFixtureServer>>;
const context = () => ({ requestId: 't', cancellation: new Cancellation() });

before(async () => {
  server = await startFixtureServer();
});

after(() => server.close());

function create(type: 'gemini' | 'vertex'): ChatProvider {
  const config =
    type === 'gemini'
      ? { type, api_key: 'k', base_url: `${server.url}/v1beta` }
      : { type, api_key: 'k', project: 'p', base_url: `${server.url}/v1/projects/{project}/locations/{region}/publishers/google` };
  const loaded = parseConfig({ providers: { [type]: config } }, { baseDirectory: '/tmp', environment: {} });
  const definition = type === 'gemini' ? geminiProviderDefinition : vertexProviderDefinition;
  return definition.create({ id: type, config: loaded.config.providers[type]!, catalogProvider: undefined, environment: {}, globalTimeouts: undefined, fetchImage: async () => Promise.reject(new Error('unused')) });
}

const REQUEST = {
  model: 'gemini-2.5-flash',
  messages: [
    { role: 'system' as const, content: 'Be brief.' },
    { role: 'user' as const, content: 'Hi' },
  ],
  tools: [{ type: 'function' as const, function: { name: 'f', parameters: { type: 'object' } } }],
  max_tokens: 10,
};

test('countTokens: the Gemini API gets the whole request as generateContentRequest, Vertex gets its fields', async () => {
  server.respondWith({ status: 200, headers: { 'content-type': 'application/json' }, body: '{\n  "totalTokens": 31,\n  "promptTokensDetails": [{"modality": "TEXT", "tokenCount": 31}]\n}\n' });
  const parts = {
    contents: [{ role: 'user', parts: [{ text: 'Hi' }] }],
    systemInstruction: { parts: [{ text: 'Be brief.' }] },
    tools: [{ functionDeclarations: [{ name: 'f', parametersJsonSchema: { type: 'object' } }] }],
  };
  for (const type of ['gemini', 'vertex'] as const) {
    const provider = create(type);
    const before = server.requests.length;
    assert.equal(await provider.countTokens!(REQUEST, context()), 31);
    await provider.close();
    const sent = server.requests[before]!;
    if (type === 'gemini') {
      assert.equal(sent.url, '/v1beta/models/gemini-2.5-flash:countTokens');
      assert.deepEqual(sent.body, { generateContentRequest: { model: 'models/gemini-2.5-flash', ...parts } });
    } else {
      assert.equal(sent.url, '/v1/projects/p/locations/us-central1/publishers/google/models/gemini-2.5-flash:countTokens');
      assert.deepEqual(sent.body, parts);
    }
  }
});

test('a stream request answered with one JSON body (alt=sse ignored by a proxy) is served as a stream', async () => {
  server.respondWith({
    status: 200,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify([
      { candidates: [{ content: { role: 'model', parts: [{ text: 'a' }] } }], responseId: 'r' },
      { candidates: [{ content: { role: 'model', parts: [{ text: 'b' }] }, finishReason: 'STOP' }], usageMetadata: { promptTokenCount: 2, candidatesTokenCount: 2 }, responseId: 'r' },
    ]),
  });
  const provider = create('gemini');
  const response = await provider.chat({ ...REQUEST, stream: true }, context());
  assert.equal(response.kind, 'stream');
  const parts: StreamPart[] = [];
  if (response.kind === 'stream') for await (const batch of response.parts) parts.push(...batch);
  await provider.close();
  assert.deepEqual(
    parts.map((part) => part.type),
    ['response-start', 'text-delta', 'text-delta', 'finish', 'usage'],
  );
});

test('Claude on Vertex is refused by name (it is served by rawPredict, not generateContent)', async () => {
  const provider = create('vertex');
  const before = server.requests.length;
  const error = await provider.chat({ ...REQUEST, model: 'claude-sonnet-4-5@20250929' }, context()).then(
    () => undefined,
    (reason: unknown) => reason,
  );
  await provider.close();
  assert.ok(error instanceof GatewayError && error.code === 'GW_ERR_REQUEST_UNSUPPORTED_PARAMETER' && error.param === 'model', String(error));
  assert.equal(server.requests.length, before);
});
