import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createApp, type App } from '../../app.js';
import { Catalog } from '../../catalog/catalog.js';
import { parseConfig } from '../../config/load-config.js';
import type { ChatRequest } from '../../spec/chat-request.js';
import type { EmbeddingRequest } from '../../spec/embedding.js';
import { createLogger } from '../../telemetry/create-logger.js';
import { Cancellation } from '../../upstream/cancellation.js';
import { assertAdapterError } from '../../../test/support/assert-adapter-error.js';
import { checkFixtureExpectation } from '../../../test/support/check-fixture-expectation.js';
import { checkGatewayFixture } from '../../../test/support/check-gateway-fixture.js';
import { loadProviderFixtures } from '../../../test/support/load-provider-fixtures.js';
import { startFixtureServer, type FixtureResponse } from '../../../test/support/start-fixture-server.js';
import { ONE_ATTEMPT_ROUTING, TEST_DATABASE } from '../../../test/support/one-attempt-routing.js';

/**
 * Replays every Cohere fixture twice: through the adapter (the canonical parts, and the exact body,
 * path and headers Cohere receives) and through the whole gateway (what an OpenAI client receives).
 * The fixture format is described in __fixtures__/README.md.
 */
interface Fixture {
  case: string;
  request: Record<string, unknown>;
  upstream_request: Record<string, unknown>;
  response: FixtureResponse;
  expect: Record<string, any>;
}

const fixtures = loadProviderFixtures<Fixture>(new URL('./__fixtures__/', import.meta.url));

let server: Awaited<ReturnType<typeof startFixtureServer>>;
let app: App;
let gateway: string;

before(async () => {
  server = await startFixtureServer();
  const loaded = parseConfig({ routing: ONE_ATTEMPT_ROUTING, database: TEST_DATABASE, providers: { cohere: { type: 'cohere', api_key: 'test-key', base_url: `${server.url}/v2` } } }, { baseDirectory: '/tmp', environment: {} });
  app = await createApp({ loaded, environment: {}, catalog: new Catalog({}, []), logger: createLogger({ level: 'silent' }) });
  gateway = await app.listen(0, '127.0.0.1');
});

after(async () => {
  await app.close();
  await server.close();
});

for (const fixture of fixtures) {
  const isEmbedding = fixture.request.input !== undefined;
  const isStream = fixture.request.stream === true;
  const expected = fixture.expect;
  /** The adapter rejects (no stream starts): an error status, or a non-streaming answer that failed. */
  const rejects = expected.error !== undefined && (fixture.response.status >= 400 || !isStream);

  describe(`cohere ${fixture.case}`, () => {
    test('adapter: canonical output and the request Cohere receives', async () => {
      server.respondWith(fixture.response);
      const provider = app.runtime().providers.get('cohere')!.provider;
      const context = { requestId: 'test', cancellation: new Cancellation() };
      const before = server.requests.length;
      if (isEmbedding) {
        const call = provider.embed(fixture.request as unknown as EmbeddingRequest, context);
        if (rejects) assertAdapterError(await call.then(() => undefined, (error: unknown) => error), expected.error, 'cohere');
        else {
          const result = await call;
          assert.deepEqual(result.embeddings, expected.embeddings);
          assert.equal(result.usage.inputTokens, expected.usage.prompt_tokens);
        }
      } else {
        const call = provider.chat(fixture.request as unknown as ChatRequest, context);
        if (rejects) assertAdapterError(await call.then(() => undefined, (error: unknown) => error), expected.error, 'cohere');
        else {
          const response = await call;
          const summary = await checkFixtureExpectation(response, expected, { provider: 'cohere', stream: isStream });
          const extras = response.kind === 'result' ? response.result.choices[0]!.extra : summary.finish?.extra;
          if (expected.citations !== undefined) assert.deepEqual(extras?.citations, expected.citations, 'citations on the choice');
          if (expected.logprobs_tokens !== undefined) {
            const tokens = (extras?.logprobs as { content: Array<{ token: string }> }).content.map((entry) => entry.token);
            assert.deepEqual(tokens, expected.logprobs_tokens);
          }
        }
      }
      const sent = server.requests[before]!;
      assert.equal(sent.url, isEmbedding ? '/v2/embed' : '/v2/chat');
      assert.equal(sent.method, 'POST');
      assert.equal(sent.headers.authorization, 'Bearer test-key');
      assert.equal(sent.headers['x-client-name'], 'skyroute');
      if (isStream) assert.equal(sent.headers.accept, 'text/event-stream');
      assert.deepEqual(sent.body, fixture.upstream_request, 'the body Cohere receives');
    });

    test('gateway: what an OpenAI client receives', async () => {
      server.respondWith(fixture.response);
      const outcome = await checkGatewayFixture(gateway, { provider: 'cohere', request: fixture.request, expected, rejects });
      if (outcome.kind === 'embeddings') {
        const data = (outcome.body.data as Array<{ embedding: unknown }>).map((item) => item.embedding);
        assert.deepEqual(data, expected.gateway_embeddings ?? expected.embeddings);
      } else if (outcome.kind === 'chat') {
        assert.deepEqual(outcome.output.usage?.billed_units, expected.usage.billed_units, 'billed units passed through');
      }
    });
  });
}
