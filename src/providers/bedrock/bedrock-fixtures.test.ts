import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { isDeepStrictEqual } from 'node:util';
import { createApp, type App } from '../../app.js';
import { Catalog } from '../../catalog/catalog.js';
import { parseConfig } from '../../config/load-config.js';
import type { ChatRequest } from '../../spec/chat-request.js';
import type { EmbeddingRequest } from '../../spec/embedding.js';
import { resolveTimeouts } from '../../upstream/upstream-timeouts.js';
import { Cancellation } from '../../upstream/cancellation.js';
import { createLogger } from '../../telemetry/create-logger.js';
import { assertAdapterError } from '../../../test/support/assert-adapter-error.js';
import { ONE_ATTEMPT_ROUTING, TEST_DATABASE } from '../../../test/support/one-attempt-routing.js';
import { checkFixtureExpectation } from '../../../test/support/check-fixture-expectation.js';
import { checkGatewayFixture } from '../../../test/support/check-gateway-fixture.js';
import { loadProviderFixtures } from '../../../test/support/load-provider-fixtures.js';
import { collectChatResult } from '../collect-chat-result.js';
import { BedrockProvider } from './bedrock-provider.js';
import { encodeBedrockFrames, type FixtureFrame } from './__fixtures__/encode-bedrock-frames.js';
import { startBedrockFixtureServer, type BedrockFixtureResponse } from './__fixtures__/start-bedrock-fixture-server.js';
import { sha256, verifySigV4 } from './__fixtures__/verify-sigv4.js';

/**
 * Replays every Bedrock fixture twice: through the adapter (canonical parts, the outgoing request's
 * path, body and SigV4 signature, checked independently) and through the whole gateway (what an
 * OpenAI client receives). See __fixtures__/README.md for the format.
 */
interface FixtureResponse {
  status: number;
  headers: Record<string, string>;
  body?: string;
  frames?: FixtureFrame[];
}

interface Fixture {
  case: string;
  auth: 'sigv4' | 'api-key';
  request: Record<string, any>;
  upstream_request?: { path: string; body: unknown };
  upstream_requests?: Array<{ path: string; body: unknown }>;
  response?: FixtureResponse;
  responses?: FixtureResponse[];
  expect: Record<string, any>;
}

const CREDENTIALS = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', sessionToken: 'IQoJb3JpZ2luX2VjEXAMPLETOKEN' };
const API_KEY = 'ABSKQmVkcm9ja0FQSUtleS1leGFtcGxl';
const REGION = 'us-east-1';
const CLOCK = new Date('2026-11-22T06:00:00Z');

const fixtures = loadProviderFixtures<Fixture>(new URL('./__fixtures__/', import.meta.url));

let server: Awaited<ReturnType<typeof startBedrockFixtureServer>>;
let app: App;
let gateway: string;
const providers = new Map<string, BedrockProvider>();

before(async () => {
  server = await startBedrockFixtureServer();
  const common = { baseUrl: server.url, region: REGION, headers: {}, timeouts: resolveTimeouts(), maxConnections: undefined, now: () => CLOCK };
  const fetchImage = async (url: string): Promise<never> => {
    throw new Error(`no image fetching in these fixtures (${url})`);
  };
  providers.set('sigv4', new BedrockProvider({ ...common, id: 'bedrock', credentials: { kind: 'sigv4', ...CREDENTIALS }, fetchImage }));
  providers.set('api-key', new BedrockProvider({ ...common, id: 'bedrock-key', credentials: { kind: 'api-key', apiKey: API_KEY }, fetchImage }));
  const config = {
    routing: ONE_ATTEMPT_ROUTING,
    database: TEST_DATABASE,
    providers: {
      bedrock: {
        type: 'bedrock',
        region: REGION,
        base_url: server.url,
        aws_access_key_id: CREDENTIALS.accessKeyId,
        aws_secret_access_key: CREDENTIALS.secretAccessKey,
        aws_session_token: CREDENTIALS.sessionToken,
      },
      'bedrock-key': { type: 'bedrock', region: REGION, base_url: server.url, api_key: API_KEY },
    },
  };
  const loaded = parseConfig(config, { baseDirectory: '/tmp', environment: {} });
  app = await createApp({ loaded, environment: {}, catalog: new Catalog({}, []), logger: createLogger({ level: 'silent' }) });
  gateway = await app.listen(0, '127.0.0.1');
});

after(async () => {
  await app.close();
  await Promise.all([...providers.values()].map((provider) => provider.close()));
  await server.close();
});

function toResponses(fixture: Fixture): BedrockFixtureResponse[] {
  return (fixture.responses ?? [fixture.response!]).map((response) => ({
    status: response.status,
    headers: response.headers,
    body: response.frames !== undefined ? encodeBedrockFrames(response.frames) : Buffer.from(response.body ?? '', 'utf8'),
  }));
}

/** Embedding calls run concurrently: each gets the response recorded for its body. */
function chooser(fixture: Fixture): ((rawBody: string) => number) | undefined {
  const calls = fixture.upstream_requests;
  if (calls === undefined) return undefined;
  return (rawBody) => calls.findIndex((call) => isDeepStrictEqual(call.body, JSON.parse(rawBody)));
}

/** The request the adapter sent: path as on the wire, body, and its authentication. */
function assertOutgoing(fixture: Fixture, index: number, expected: { path: string; body: unknown } | undefined): void {
  const sent = server.requests[index]!;
  assert.equal(sent.method, 'POST');
  if (expected !== undefined) {
    assert.equal(sent.url, expected.path, 'path (model id percent-encoded)');
    assert.deepEqual(JSON.parse(sent.rawBody), expected.body, 'Bedrock body');
  }
  assert.equal(sent.headers['content-type'], 'application/json');
  if (fixture.auth === 'api-key') {
    assert.equal(sent.headers.authorization, `Bearer ${API_KEY}`);
    assert.equal(sent.headers['x-amz-date'], undefined, 'no SigV4 with an API key');
    return;
  }
  const check = verifySigV4(sent, CREDENTIALS.secretAccessKey);
  assert.equal(check.actual, check.expected, 'the SigV4 signature matches one computed independently from the received request');
  assert.equal(check.scope, `20261122/${REGION}/bedrock/aws4_request`, 'credential scope');
  assert.equal(check.amzDate, '20261122T060000Z', 'signed with the (fixed) clock');
  assert.equal(sent.headers['x-amz-content-sha256'], sha256(sent.rawBody), 'payload hash header covers the body sent');
  assert.equal(sent.headers['x-amz-security-token'], CREDENTIALS.sessionToken);
  for (const name of ['host', 'x-amz-date', 'x-amz-content-sha256', 'x-amz-security-token', 'content-type']) {
    assert.ok(check.signedHeaders.includes(name), `${name} is signed`);
  }
  assert.ok(String(sent.headers.authorization).includes(`Credential=${CREDENTIALS.accessKeyId}/`));
}

const PROVIDER_IDS = { sigv4: 'bedrock', 'api-key': 'bedrock-key' } as const;

for (const fixture of fixtures) {
  const isEmbedding = fixture.request.input !== undefined;
  const isStream = fixture.request.stream === true;
  const expected = fixture.expect;
  const failsBeforeBody = expected.error !== undefined && (fixture.response?.status ?? 200) >= 400;

  describe(`bedrock ${fixture.case}`, () => {
    test('adapter: canonical output and outgoing request', async () => {
      server.respondWith(toResponses(fixture), chooser(fixture));
      const provider = providers.get(fixture.auth)!;
      const context = { requestId: 'test', cancellation: new Cancellation() };
      const first = server.requests.length;
      if (isEmbedding) {
        const result = await provider.embed(fixture.request as EmbeddingRequest, context);
        assert.deepEqual(result.embeddings, expected.embeddings);
        assert.equal(result.usage.inputTokens, expected.prompt_tokens);
        assert.equal(server.requests.length - first, fixture.upstream_requests!.length, 'one call per Titan input, one per Cohere batch');
        // Calls run concurrently: match each expected call to the request that carried its body.
        for (const call of fixture.upstream_requests!) {
          const index = server.requests.findIndex((sent, at) => at >= first && isDeepStrictEqual(JSON.parse(sent.rawBody), call.body));
          assert.ok(index >= 0, `a request with body ${JSON.stringify(call.body)}`);
          assertOutgoing(fixture, index, call);
        }
        return;
      }
      const call = provider.chat(fixture.request as ChatRequest, context);
      if (failsBeforeBody) {
        assertAdapterError(await call.then(() => undefined, (error: unknown) => error), expected.error, PROVIDER_IDS[fixture.auth]);
        assertOutgoing(fixture, first, fixture.upstream_request);
        return;
      }
      const response = await call;
      assertOutgoing(fixture, first, fixture.upstream_request);
      await checkFixtureExpectation(response, expected, { provider: PROVIDER_IDS[fixture.auth], stream: isStream });
    });

    test('gateway: what an OpenAI client receives', async () => {
      server.respondWith(toResponses(fixture), chooser(fixture));
      const outcome = await checkGatewayFixture(gateway, { provider: PROVIDER_IDS[fixture.auth], request: fixture.request, expected, rejects: failsBeforeBody });
      if (outcome.kind !== 'embeddings') return;
      const data = outcome.body.data as Array<{ embedding: number[] | string }>;
      const vectors = data.map((item) =>
        typeof item.embedding === 'string' ? Array.from(new Float32Array(new Uint8Array(Buffer.from(item.embedding, 'base64')).buffer)) : item.embedding,
      );
      if (fixture.request.encoding_format === 'base64') assert.equal(typeof data[0]!.embedding, 'string', 'base64 as asked');
      assert.deepEqual(vectors, expected.embeddings);
      assert.equal(outcome.body.usage.prompt_tokens, expected.prompt_tokens);
    });
  });
}

test('a non-streaming result collects the same as its parts', async () => {
  const fixture = fixtures.find((item) => item.case === 'chat-reasoning')!;
  server.respondWith(toResponses(fixture));
  const provider = providers.get('sigv4')!;
  const response = await provider.chat({ ...(fixture.request as ChatRequest), stream: true }, { requestId: 'test', cancellation: new Cancellation() });
  // A JSON answer to a stream request is served as a stream; collected, it equals the non-stream result.
  assert.equal(response.kind, 'stream');
  const collected = await collectChatResult(response.kind === 'stream' ? response.parts : (undefined as never), fixture.request.model);
  assert.equal(collected.choices[0]!.content, fixture.expect.content);
  assert.deepEqual(collected.choices[0]!.thinkingBlocks, fixture.expect.thinking_blocks);
});
