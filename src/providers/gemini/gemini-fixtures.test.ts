import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createApp, type App } from '../../app.js';
import { Catalog } from '../../catalog/catalog.js';
import { parseConfig } from '../../config/load-config.js';
import { Cancellation } from '../../upstream/cancellation.js';
import type { FetchedImage } from '../../upstream/fetch-image.js';
import { createLogger } from '../../telemetry/create-logger.js';
import { assertAdapterError } from '../../../test/support/assert-adapter-error.js';
import { checkFixtureExpectation } from '../../../test/support/check-fixture-expectation.js';
import { checkGatewayFixture } from '../../../test/support/check-gateway-fixture.js';
import { loadProviderFixtures } from '../../../test/support/load-provider-fixtures.js';
import { startFixtureServer, type FixtureResponse } from '../../../test/support/start-fixture-server.js';
import type { ChatProvider } from '../provider.js';
import type { ProviderDefinition } from '../registry.js';
import { geminiProviderDefinition } from './gemini-provider-definition.js';
import { vertexProviderDefinition } from './vertex-provider-definition.js';
import { ONE_ATTEMPT_ROUTING, TEST_DATABASE } from '../../../test/support/one-attempt-routing.js';

/**
 * Replays every fixture in __fixtures__/ (format: README.md there) twice: through the adapter,
 * asserting the canonical parts AND the exact request that went upstream (URL with query, auth
 * header, body), and through the whole gateway, asserting what an OpenAI client receives.
 */
interface Fixture {
  provider: 'gemini' | 'vertex';
  case: string;
  request: Record<string, any>;
  image_fetches?: Record<string, FetchedImage>;
  response: FixtureResponse;
  expect: Record<string, any>;
}

const fixtures = loadProviderFixtures<Fixture>(new URL('./__fixtures__/', import.meta.url));

const DEFINITIONS: Record<Fixture['provider'], ProviderDefinition> = { gemini: geminiProviderDefinition, vertex: vertexProviderDefinition };

let server: Awaited<ReturnType<typeof startFixtureServer>>;
let app: App;
let gateway: string;
let providerConfigs: Record<string, unknown>;

before(async () => {
  server = await startFixtureServer();
  providerConfigs = {
    gemini: { type: 'gemini', api_key: 'test-key', base_url: `${server.url}/v1beta` },
    vertex: { type: 'vertex', api_key: 'test-key', project: 'test-project', base_url: `${server.url}/v1/projects/{project}/locations/{region}/publishers/google` },
  };
  const loaded = parseConfig({ routing: ONE_ATTEMPT_ROUTING, database: TEST_DATABASE, providers: providerConfigs }, { baseDirectory: '/tmp', environment: {} });
  app = await createApp({ loaded, environment: {}, catalog: new Catalog({}, []), logger: createLogger({ level: 'silent' }) });
  gateway = await app.listen(0, '127.0.0.1');
});

after(async () => {
  await app.close();
  await server.close();
});

/** The adapter on its own, with an image fetcher that serves the fixture's `image_fetches`. */
function adapterFor(fixture: Fixture): ChatProvider {
  const loaded = parseConfig({ routing: ONE_ATTEMPT_ROUTING, database: TEST_DATABASE, providers: { [fixture.provider]: providerConfigs[fixture.provider] } }, { baseDirectory: '/tmp', environment: {} });
  return DEFINITIONS[fixture.provider].create({
    id: fixture.provider,
    config: loaded.config.providers[fixture.provider]!,
    catalogProvider: undefined,
    environment: {},
    globalTimeouts: undefined,
    fetchImage: async (url) => {
      const image = fixture.image_fetches?.[url];
      if (image === undefined) throw new Error(`the fixture does not serve ${url}`);
      return image;
    },
  });
}

for (const fixture of fixtures) {
  const isEmbedding = fixture.request.input !== undefined;
  const isStream = fixture.request.stream === true;
  const expected = fixture.expect;
  const failsBeforeBody = expected.error !== undefined && fixture.response.status >= 400;

  describe(`${fixture.provider} ${fixture.case}`, () => {
    test('adapter: canonical output and the request sent upstream', async () => {
      server.respondWith(fixture.response);
      const provider = adapterFor(fixture);
      const context = { requestId: 'test', cancellation: new Cancellation() };
      const before = server.requests.length;
      try {
        if (isEmbedding) {
          const result = await provider.embed(fixture.request as any, context);
          assert.deepEqual(result.embeddings, expected.embeddings, 'vectors (floats, as Google sent them)');
          if (expected.usage !== undefined) assert.equal(result.usage.inputTokens, expected.usage.prompt_tokens, 'input tokens');
        } else {
          const call = provider.chat(fixture.request as any, context);
          if (failsBeforeBody) assertAdapterError(await call.then(() => undefined, (error: unknown) => error), expected.error, fixture.provider);
          else await checkFixtureExpectation(await call, expected, { provider: fixture.provider, stream: isStream });
        }
        const sent = server.requests[before];
        assert.ok(sent !== undefined, 'one request went upstream');
        const upstream = expected.upstream_request;
        assert.equal(sent.method, upstream.method);
        assert.equal(sent.url, upstream.url, 'path and query');
        for (const [name, value] of Object.entries(upstream.headers as Record<string, string>)) assert.equal(sent.headers[name], value, `header ${name}`);
        assert.equal(sent.headers.authorization, undefined, 'an API key never goes as a bearer token');
        assert.deepEqual(sent.body, upstream.body, 'request body');
      } finally {
        await provider.close();
      }
    });

    // The gateway fetches http(s) images with its own SSRF-checked fetcher, which cannot reach a made-up host.
    if (fixture.image_fetches !== undefined) return;

    test('gateway: what an OpenAI client receives', async () => {
      server.respondWith(fixture.response);
      const outcome = await checkGatewayFixture(gateway, { provider: fixture.provider, request: fixture.request, expected, rejects: failsBeforeBody });
      if (outcome.kind === 'embeddings') {
        const vectors = (outcome.body.data as Array<{ embedding: unknown }>).map((item) => item.embedding);
        assert.deepEqual(vectors, expected.embeddings_base64 ?? expected.embeddings, 'vectors in the format the client asked for');
        if (expected.usage !== undefined) assert.equal(outcome.body.usage.prompt_tokens, expected.usage.prompt_tokens);
      }
    });
  });
}
