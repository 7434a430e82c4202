import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ConfigError } from '../../config/config-error.js';
import type { ProviderConfig } from '../../config/config-schema.js';
import type { ChatRequest } from '../../spec/chat-request.js';
import { GatewayError } from '../../spec/gateway-error.js';
import { Cancellation } from '../../upstream/cancellation.js';
import { startFixtureServer } from '../../../test/support/start-fixture-server.js';
import type { ChatProvider } from '../provider.js';
import { anthropicProviderDefinition } from './anthropic-provider-definition.js';

let server: Awaited<ReturnType<typeof startFixtureServer>>;
const created: ChatProvider[] = [];
const context = () => ({ requestId: 'test', cancellation: new Cancellation() });

function create(config: Partial<ProviderConfig>, environment: NodeJS.ProcessEnv = {}): ChatProvider {
  const provider = anthropicProviderDefinition.create({
    id: 'claude',
    config: { type: 'anthropic', base_url: `${server.url}/v1`, ...config } as ProviderConfig,
    catalogProvider: { name: 'Anthropic', base_url: 'https://api.anthropic.com/v1', api_key_env: 'ANTHROPIC_API_KEY' },
    environment,
    globalTimeouts: undefined,
    fetchImage: () => Promise.reject(new Error('not used')),
  });
  created.push(provider);
  return provider;
}

before(async () => {
  server = await startFixtureServer();
});
after(async () => {
  await Promise.all(created.map((provider) => provider.close()));
  await server.close();
});

const request: ChatRequest = {
  model: 'claude-sonnet-4-5',
  messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Hi' }],
  max_tokens: 50,
  temperature: 0.5,
  stop: 'END',
  stream: true,
  tools: [{ type: 'function', function: { name: 'f' } }],
};

test('countTokens posts the translated request to /messages/count_tokens, without the generation fields', async () => {
  server.respondWith({ status: 200, headers: { 'content-type': 'application/json' }, body: '{"input_tokens":14}' });
  const before = server.requests.length;
  const count = await create({}, { ANTHROPIC_API_KEY: 'env-key' }).countTokens!(request, context());
  assert.equal(count, 14);
  const sent = server.requests[before]!;
  assert.equal(sent.url, '/v1/messages/count_tokens');
  assert.equal(sent.headers['x-api-key'], 'env-key', 'the key comes from ANTHROPIC_API_KEY');
  assert.deepEqual(sent.body, {
    model: 'claude-sonnet-4-5',
    system: [{ type: 'text', text: 'Be brief.' }],
    messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }],
    tools: [{ name: 'f', input_schema: { type: 'object', properties: {} } }],
  });
});

test('a missing key fails the call with a 502 naming where to set it, before anything is sent', async () => {
  const before = server.requests.length;
  const error = await create({}).chat(request, context()).catch((caught: unknown) => caught);
  assert.ok(error instanceof GatewayError);
  assert.equal(error.code, 'GW_ERR_UPSTREAM_AUTH');
  assert.equal(error.status, 502);
  assert.match(error.message, /providers\.claude\.api_key or ANTHROPIC_API_KEY/);
  assert.equal(server.requests.length, before);
});

test('credentials in configured headers (a proxy) count as a key', async () => {
  server.respondWith({ status: 200, headers: { 'content-type': 'application/json' }, body: '{"input_tokens":1}' });
  const before = server.requests.length;
  await create({ headers: { Authorization: 'Bearer proxy-token' } }).countTokens!({ ...request, stream: false }, context());
  assert.equal(server.requests[before]!.headers.authorization, 'Bearer proxy-token');
  assert.equal(server.requests[before]!.headers['x-api-key'], undefined);
});

test('embeddings are refused: Anthropic has none', async () => {
  const error = await create({ api_key: 'k' })
    .embed({ model: 'claude-sonnet-4-5', input: 'x' }, context())
    .catch((caught: unknown) => caught);
  assert.ok(error instanceof GatewayError);
  assert.deepEqual([error.code, error.status], ['GW_ERR_MODEL_WRONG_MODE', 400]);
  assert.match(error.message, /claude.*no embeddings/);
});

test('rate-limit headers of a successful answer are reported', async () => {
  server.respondWith({
    status: 200,
    headers: { 'content-type': 'application/json', 'anthropic-ratelimit-requests-remaining': '7', 'anthropic-ratelimit-tokens-remaining': '900' },
    body: JSON.stringify({ id: 'msg_1', model: 'claude-sonnet-4-5', content: [{ type: 'text', text: 'ok' }], stop_reason: 'end_turn', usage: { input_tokens: 1, output_tokens: 1 } }),
  });
  const response = await create({ api_key: 'k' }).chat({ ...request, stream: false }, context());
  assert.equal(response.kind, 'result');
  assert.deepEqual([response.rateLimit?.remainingRequests, response.rateLimit?.remainingTokens], [7, 900]);
});

test('a stream request answered with one JSON body is served as a stream, stop reason and sequence included', async () => {
  server.respondWith({
    status: 200,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      id: 'msg_2',
      model: 'claude-sonnet-4-5',
      content: [{ type: 'text', text: 'whole' }],
      stop_reason: 'stop_sequence',
      stop_sequence: 'END',
      usage: { input_tokens: 2, output_tokens: 1 },
    }),
  });
  const response = await create({ api_key: 'k' }).chat(request, context());
  assert.ok(response.kind === 'stream');
  const parts = [];
  for await (const batch of response.parts) parts.push(...batch);
  assert.deepEqual(
    parts.find((part) => part.type === 'finish'),
    { type: 'finish', reason: 'stop', providerReason: 'stop_sequence', choice: 0, extra: { stop_sequence: 'END' } },
  );
});

test('config: foreign fields and unfilled base URLs are refused; api_version becomes anthropic-version', async () => {
  assert.throws(() => create({ region: 'us-east-1' }), (error: unknown) => error instanceof ConfigError && /providers\.claude\.region/.test(error.message));
  assert.throws(() => create({ base_url: 'https://{region}.example.com/v1' }), ConfigError);
  server.respondWith({ status: 200, headers: { 'content-type': 'application/json' }, body: '{"input_tokens":1}' });
  const before = server.requests.length;
  await create({ api_key: 'k', api_version: '2026-10-21' }).countTokens!({ ...request, temperature: null, stream: false }, context());
  assert.equal(server.requests[before]!.headers['anthropic-version'], '2026-10-21');
});
