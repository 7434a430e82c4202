import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { createApp, type App } from '../../app.js';
import { Catalog } from '../../catalog/catalog.js';
import { parseConfig } from '../../config/load-config.js';
import type { ChatRequest } from '../../spec/chat-request.js';
import type { EmbeddingRequest } from '../../spec/embedding.js';
import { GatewayError } from '../../spec/gateway-error.js';
import { resultToParts } from '../../spec/result-to-parts.js';
import type { StreamPart } from '../../spec/stream-part.js';
import { createLogger } from '../../telemetry/create-logger.js';
import { Cancellation } from '../../upstream/cancellation.js';
import { collectOpenAIOutput } from '../../../test/support/collect-openai-output.js';
import { startFixtureServer, type FixtureResponse } from '../../../test/support/start-fixture-server.js';

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

const directory = new URL('./__fixtures__/', import.meta.url);
const fixtures: Fixture[] = readdirSync(directory)
  .filter((file) => file.endsWith('.json'))
  .sort()
  .map((file) => JSON.parse(readFileSync(new URL(file, directory), 'utf8')) as Fixture);

let server: Awaited<ReturnType<typeof startFixtureServer>>;
let app: App;
let gateway: string;

before(async () => {
  server = await startFixtureServer();
  const loaded = parseConfig({ providers: { cohere: { type: 'cohere', api_key: 'test-key', base_url: `${server.url}/v2` } } }, { baseDirectory: '/tmp', environment: {} });
  app = createApp({ loaded, environment: {}, catalog: new Catalog({}, []), logger: createLogger({ level: 'silent' }) });
  gateway = await app.listen(0, '127.0.0.1');
});

after(async () => {
  await app.close();
  await server.close();
});

interface Summary {
  parts: StreamPart[];
  content: string;
  reasoning: string;
  toolCalls: Array<{ id: string; name: string; arguments: string }>;
  finish: Extract<StreamPart, { type: 'finish' }> | undefined;
  usage: Extract<StreamPart, { type: 'usage' }> | undefined;
  error: GatewayError | undefined;
}

async function summarize(batches: AsyncIterable<StreamPart[]>): Promise<Summary> {
  const summary: Summary = { parts: [], content: '', reasoning: '', toolCalls: [], finish: undefined, usage: undefined, error: undefined };
  for await (const batch of batches) {
    assert.ok(batch.length > 0, 'batches are never empty');
    summary.parts.push(...batch);
  }
  for (const part of summary.parts) {
    if (part.type === 'text-delta') summary.content += part.text;
    else if (part.type === 'reasoning-delta') summary.reasoning += part.text;
    else if (part.type === 'tool-call-start') summary.toolCalls[part.index] = { id: part.id, name: part.name, arguments: '' };
    else if (part.type === 'tool-call-delta') summary.toolCalls[part.index]!.arguments += part.argumentsDelta;
    else if (part.type === 'finish') summary.finish = part;
    else if (part.type === 'usage') summary.usage = part;
    else if (part.type === 'error') summary.error = part.error;
  }
  return summary;
}

function assertToolCalls(actual: Array<{ id: string; name: string; arguments: string }>, expected: Array<Record<string, any>> | undefined): void {
  assert.equal(actual.length, expected?.length ?? 0, 'number of tool calls');
  for (const [index, call] of (expected ?? []).entries()) {
    assert.equal(actual[index]!.id, call.id, `tool call ${index} id`);
    assert.equal(actual[index]!.name, call.name, `tool call ${index} name`);
    assert.deepEqual(JSON.parse(actual[index]!.arguments), call.arguments, `tool call ${index} arguments are valid JSON`);
  }
}

function assertAdapterError(error: unknown, expected: Record<string, any>): void {
  assert.ok(error instanceof GatewayError, `a GatewayError, got ${String(error)}`);
  assert.equal(error.status, expected.status, `status of ${error.code}: ${error.message}`);
  assert.equal(error.type, expected.type, `type of ${error.code}`);
  assert.equal(error.retryable, expected.retryable, `retryable of ${error.code}`);
  assert.ok(error.message.includes(expected.message_includes), `"${error.message}" includes "${expected.message_includes}"`);
  assert.ok(error.message.startsWith('cohere'), 'the message names the provider');
  if (expected.upstream_status !== undefined && expected.upstream_status !== 200) assert.equal(error.upstreamStatus, expected.upstream_status);
  if (expected.code !== undefined) assert.equal(error.code, expected.code);
}

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
        if (rejects) assertAdapterError(await call.then(() => undefined, (error: unknown) => error), expected.error);
        else {
          const result = await call;
          assert.deepEqual(result.embeddings, expected.embeddings);
          assert.equal(result.usage.inputTokens, expected.usage.prompt_tokens);
        }
      } else {
        const call = provider.chat(fixture.request as unknown as ChatRequest, context);
        if (rejects) assertAdapterError(await call.then(() => undefined, (error: unknown) => error), expected.error);
        else {
          const response = await call;
          assert.equal(response.kind, isStream ? 'stream' : 'result', 'streaming requests stream, others do not');
          const summary = await summarize(response.kind === 'stream' ? response.parts : resultToParts(response.result));
          assert.equal(summary.parts[0]?.type, 'response-start', 'the first part is response-start');
          assert.equal(summary.content, expected.content ?? '', 'content');
          assert.equal(summary.reasoning, expected.reasoning ?? '', 'reasoning');
          assertToolCalls(summary.toolCalls.filter(Boolean), expected.tool_calls);
          if (expected.error !== undefined) {
            assertAdapterError(summary.error, expected.error);
            assert.equal(summary.parts.at(-1)?.type, 'error', 'the error part ends the stream');
            assert.equal(summary.finish, undefined, 'no finish after a failure');
          } else {
            assert.equal(summary.error, undefined, 'no error part');
            assert.equal(summary.finish?.reason, expected.finish_reason, 'finish reason');
            assert.equal(summary.parts.at(-1)?.type, 'usage', 'usage comes last');
            assert.equal(summary.parts.at(-2)?.type, 'finish', 'finish comes just before usage');
            const usage = summary.usage!.usage;
            assert.equal(usage.inputTokens, expected.usage.prompt_tokens, 'input tokens');
            assert.equal(usage.outputTokens, expected.usage.completion_tokens, 'output tokens');
            assert.equal(usage.cachedInputTokens, expected.usage.cached_tokens, 'cached tokens');
            assert.equal(usage.reasoningTokens, expected.usage.reasoning_tokens, 'reasoning tokens');
            const extras = response.kind === 'result' ? response.result.choices[0]!.extra : summary.finish?.extra;
            if (expected.citations !== undefined) assert.deepEqual(extras?.citations, expected.citations, 'citations on the choice');
            if (expected.logprobs_tokens !== undefined) {
              const tokens = (extras?.logprobs as { content: Array<{ token: string }> }).content.map((entry) => entry.token);
              assert.deepEqual(tokens, expected.logprobs_tokens);
            }
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
      const body: Record<string, unknown> = { ...fixture.request, model: `cohere/${String(fixture.request.model)}` };
      if (isStream) body.stream_options = { include_usage: true };
      const response = await fetch(`${gateway}/v1/${isEmbedding ? 'embeddings' : 'chat/completions'}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      const text = await response.text();
      if (rejects) {
        assert.equal(response.status, expected.error.status, `status (body: ${text})`);
        const error = JSON.parse(text).error as Record<string, unknown>;
        assert.equal(error.type, expected.error.type);
        assert.ok(String(error.message).includes(expected.error.message_includes), `"${String(error.message)}" includes "${expected.error.message_includes}"`);
        return;
      }
      assert.equal(response.status, 200, text);
      assert.equal(response.headers.get('x-skyroute-provider'), 'cohere');
      if (isEmbedding) {
        const data = (JSON.parse(text).data as Array<{ embedding: unknown }>).map((item) => item.embedding);
        assert.deepEqual(data, expected.gateway_embeddings ?? expected.embeddings);
        return;
      }
      const output = collectOpenAIOutput(response.status, response.headers.get('content-type') ?? '', text);
      assert.equal(output.content, expected.content ?? '', 'content');
      assert.equal(output.reasoning, expected.reasoning ?? '', 'reasoning as reasoning_content');
      assertToolCalls(output.toolCalls, expected.tool_calls);
      if (expected.error !== undefined) {
        assert.ok(output.error, 'an error event ends the stream');
        assert.equal(output.error.type, expected.error.type);
        assert.ok(String(output.error.message).includes(expected.error.message_includes));
        assert.ok(!text.includes('[DONE]'), 'no [DONE] after an error');
        return;
      }
      assert.equal(output.finishReason, expected.finish_reason, 'finish reason');
      const usage = output.usage!;
      assert.equal(usage.prompt_tokens, expected.usage.prompt_tokens);
      assert.equal(usage.completion_tokens, expected.usage.completion_tokens);
      assert.equal(usage.total_tokens, expected.usage.total_tokens);
      assert.equal((usage.prompt_tokens_details as Record<string, unknown>).cached_tokens, expected.usage.cached_tokens);
      assert.deepEqual(usage.billed_units, expected.usage.billed_units, 'billed units passed through');
      if (expected.parsed !== undefined) assert.deepEqual(JSON.parse(output.content), expected.parsed);
      if (isStream) {
        assert.ok(text.endsWith('data: [DONE]\n\n'), 'the stream ends with [DONE]');
        assert.equal((output.chunks[0]!.choices as Array<{ delta: { role?: string } }>)[0]!.delta.role, 'assistant', 'the first chunk carries the role');
      }
    });
  });
}
