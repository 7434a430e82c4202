import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createApp, type App } from '../../app.js';
import { Catalog } from '../../catalog/catalog.js';
import { parseConfig } from '../../config/load-config.js';
import { Cancellation } from '../../upstream/cancellation.js';
import { createLogger } from '../../telemetry/create-logger.js';
import { assertAdapterError } from '../../../test/support/assert-adapter-error.js';
import { checkFixtureExpectation } from '../../../test/support/check-fixture-expectation.js';
import { checkGatewayFixture } from '../../../test/support/check-gateway-fixture.js';
import { loadProviderFixtures } from '../../../test/support/load-provider-fixtures.js';
import { startFixtureServer, type FixtureResponse } from '../../../test/support/start-fixture-server.js';
import { COMPATIBLE_SERVICES } from './openai-compatible-services.js';
import { ONE_ATTEMPT_ROUTING, TEST_DATABASE } from '../../../test/support/one-attempt-routing.js';

/**
 * Replays every recorded-format fixture twice: through the adapter (asserting canonical parts and
 * the outgoing request) and through the whole gateway (asserting what an OpenAI client receives).
 */
interface Fixture {
  provider: keyof typeof COMPATIBLE_SERVICES;
  case: string;
  request: Record<string, any>;
  response: FixtureResponse;
  expect: Record<string, any>;
}

const fixtures = loadProviderFixtures<Fixture>(new URL('./__fixtures__/', import.meta.url));

let server: Awaited<ReturnType<typeof startFixtureServer>>;
let app: App;
let gateway: string;

before(async () => {
  server = await startFixtureServer();
  const providers: Record<string, unknown> = {};
  for (const fixture of fixtures) {
    providers[fixture.provider] = {
      type: fixture.provider,
      api_key: 'test-key',
      base_url: fixture.provider === 'azure' ? `${server.url}/openai` : `${server.url}/v1`,
    };
  }
  const loaded = parseConfig({ routing: ONE_ATTEMPT_ROUTING, database: TEST_DATABASE, providers }, { baseDirectory: '/tmp', environment: {} });
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
  const failsBeforeBody = expected.error !== undefined && fixture.response.status >= 400;

  describe(`${fixture.provider} ${fixture.case}`, () => {
    test('adapter: canonical output and outgoing request', async () => {
      server.respondWith(fixture.response);
      const provider = app.runtime().providers.get(fixture.provider)!.provider;
      const context = { requestId: 'test', cancellation: new Cancellation() };
      const before = server.requests.length;
      if (isEmbedding) {
        const call = provider.embed(fixture.request as any, context);
        if (failsBeforeBody) return assertAdapterError(await call.then(() => undefined, (error: unknown) => error), expected.error, fixture.provider);
        const result = await call;
        if (expected.embeddings !== undefined) assert.deepEqual(result.embeddings, expected.embeddings);
        if (expected.embeddings_base64 !== undefined) assert.deepEqual(result.embeddings, expected.embeddings_base64);
        return;
      }
      const call = provider.chat(fixture.request as any, context);
      if (failsBeforeBody) return assertAdapterError(await call.then(() => undefined, (error: unknown) => error), expected.error, fixture.provider);
      const response = await call;
      const summary = await checkFixtureExpectation(response, expected, {
        provider: fixture.provider,
        stream: isStream,
        runningUsage: fixture.request.stream_options?.continuous_usage_stats === true,
      });
      // A collected result keeps the refusal on the message.
      if (expected.refusal !== undefined) assert.equal(response.kind === 'result' ? response.result.choices[0]?.messageExtra?.refusal : summary.refusal, expected.refusal, 'refusal');
      const sent = server.requests[before]!;
      assert.equal(sent.body.model, fixture.request.model, 'upstream model');
      const service = COMPATIBLE_SERVICES[fixture.provider];
      if (service.authentication === 'api-key-header') assert.equal(sent.headers['api-key'], 'test-key');
      else assert.equal(sent.headers.authorization, 'Bearer test-key');
      if (isStream && service.streamUsageOption) assert.equal(sent.body.stream_options?.include_usage, true, 'usage is asked for');
      if (fixture.provider === 'azure') assert.match(sent.url, /^\/openai\/deployments\/[^/]+\/chat\/completions\?api-version=/);
      else assert.equal(sent.url, '/v1/chat/completions');
    });

    test('gateway: what an OpenAI client receives', async () => {
      server.respondWith(fixture.response);
      const outcome = await checkGatewayFixture(gateway, { provider: fixture.provider, request: fixture.request, expected, rejects: failsBeforeBody });
      if (outcome.kind === 'embeddings') {
        const data = (outcome.body.data as Array<{ embedding: unknown }>).map((item) => item.embedding);
        if (expected.embeddings !== undefined) assert.deepEqual(data, expected.embeddings);
        if (expected.embeddings_base64 !== undefined) assert.deepEqual(data, expected.embeddings_base64);
        return;
      }
      if (outcome.kind !== 'chat') return;
      const { output, text } = outcome;
      if (expected.refusal !== undefined) assert.equal(output.refusal, expected.refusal, 'refusal');
      if (expected.usage.cost !== undefined) assert.equal(output.usage?.cost, expected.usage.cost, 'usage.cost is passed through');
      if (expected.passthrough !== undefined) {
        for (const [key, value] of Object.entries(expected.passthrough)) assert.deepEqual(output.topLevel[key], value, `${key} passed through`);
      }
      if (expected.logprobs_tokens !== undefined) {
        const tokens = (JSON.parse(text).choices[0].logprobs.content as Array<{ token: string }>).map((entry) => entry.token);
        assert.deepEqual(tokens, expected.logprobs_tokens);
      }
      if (!isStream && fixture.provider === 'openai') {
        assert.deepEqual(JSON.parse(text), JSON.parse(fixture.response.body ?? ''), 'OpenAI → OpenAI loses nothing');
      }
    });
  });
}
