import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { createApp, type App } from '../../app.js';
import { Catalog } from '../../catalog/catalog.js';
import { parseConfig } from '../../config/load-config.js';
import type { ChatResult } from '../../spec/chat-result.js';
import { GatewayError } from '../../spec/gateway-error.js';
import type { StreamPart } from '../../spec/stream-part.js';
import { Cancellation } from '../../upstream/cancellation.js';
import type { FetchedImage } from '../../upstream/fetch-image.js';
import { createLogger } from '../../telemetry/create-logger.js';
import { collectOpenAIOutput } from '../../../test/support/collect-openai-output.js';
import { startFixtureServer, type FixtureResponse } from '../../../test/support/start-fixture-server.js';
import { collectChatResult } from '../collect-chat-result.js';
import type { ChatProvider } from '../provider.js';
import type { ProviderDefinition } from '../registry.js';
import { geminiProviderDefinition } from './gemini-provider-definition.js';
import { vertexProviderDefinition } from './vertex-provider-definition.js';

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

const directory = new URL('./__fixtures__/', import.meta.url);
const fixtures: Fixture[] = readdirSync(directory)
  .filter((file) => file.endsWith('.json'))
  .sort()
  .map((file) => JSON.parse(readFileSync(new URL(file, directory), 'utf8')) as Fixture);

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
  const loaded = parseConfig({ providers: providerConfigs }, { baseDirectory: '/tmp', environment: {} });
  app = createApp({ loaded, environment: {}, catalog: new Catalog({}, []), logger: createLogger({ level: 'silent' }) });
  gateway = await app.listen(0, '127.0.0.1');
});

after(async () => {
  await app.close();
  await server.close();
});

/** The adapter on its own, with an image fetcher that serves the fixture's `image_fetches`. */
function adapterFor(fixture: Fixture): ChatProvider {
  const loaded = parseConfig({ providers: { [fixture.provider]: providerConfigs[fixture.provider] } }, { baseDirectory: '/tmp', environment: {} });
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

interface Summary {
  content: string;
  reasoning: string;
  toolCalls: Array<{ id: string; name: string; arguments: string }>;
  finishReason: string | undefined;
  usage: Record<string, number> | undefined;
  error: GatewayError | undefined;
  thinkingBlocks: ChatResult['choices'][number]['thinkingBlocks'];
  created: number | undefined;
}

async function summarize(batches: AsyncIterable<StreamPart[]>): Promise<Summary> {
  const parts: StreamPart[] = [];
  for await (const batch of batches) {
    assert.ok(batch.length > 0, 'batches are never empty');
    parts.push(...batch);
  }
  assert.equal(parts[0]?.type, 'response-start', 'the first part is response-start');
  const summary: Summary = { content: '', reasoning: '', toolCalls: [], finishReason: undefined, usage: undefined, error: undefined, thinkingBlocks: undefined, created: undefined };
  for (const part of parts) {
    switch (part.type) {
      case 'response-start':
        summary.created = part.created;
        break;
      case 'text-delta':
        summary.content += part.text;
        break;
      case 'reasoning-delta':
        summary.reasoning += part.text;
        break;
      case 'tool-call-start':
        summary.toolCalls[part.index] = { id: part.id, name: part.name, arguments: '' };
        break;
      case 'tool-call-delta':
        summary.toolCalls[part.index]!.arguments += part.argumentsDelta;
        break;
      case 'finish':
        summary.finishReason = part.reason;
        break;
      case 'usage':
        summary.usage = {
          prompt_tokens: part.usage.inputTokens,
          completion_tokens: part.usage.outputTokens,
          total_tokens: part.usage.inputTokens + part.usage.outputTokens,
          cached_tokens: part.usage.cachedInputTokens,
          reasoning_tokens: part.usage.reasoningTokens,
        };
        break;
      case 'error':
        summary.error = part.error;
        break;
    }
  }
  if (summary.error === undefined) {
    const last = parts.at(-1)!;
    assert.equal(last.type, 'usage', 'usage comes last');
    assert.equal(parts.at(-2)!.type, 'finish', 'finish comes right before usage');
    summary.thinkingBlocks = (
      await collectChatResult(
        (async function* () {
          yield parts;
        })(),
        'fallback',
      )
    ).choices[0]?.thinkingBlocks;
  } else {
    assert.equal(parts.at(-1)!.type, 'error', 'an error ends the stream');
  }
  return summary;
}

function assertToolCalls(actual: Array<{ id: string; name: string; arguments: string }>, expected: Array<Record<string, any>> | undefined): void {
  assert.equal(actual.length, expected?.length ?? 0, 'number of tool calls');
  for (const [index, call] of (expected ?? []).entries()) {
    assert.equal(actual[index]!.id, call.id, `tool call ${index} id`);
    assert.equal(actual[index]!.name, call.name, `tool call ${index} name`);
    assert.deepEqual(JSON.parse(actual[index]!.arguments), call.arguments, `tool call ${index} arguments (valid JSON)`);
  }
}

function assertAdapterError(error: unknown, expected: Record<string, any>): void {
  assert.ok(error instanceof GatewayError, `a GatewayError, got ${String(error)}`);
  assert.equal(error.status, expected.status, `status of ${error.code}: ${error.message}`);
  assert.equal(error.type, expected.type, `type of ${error.code}`);
  assert.equal(error.retryable, expected.retryable, `retryable of ${error.code}`);
  assert.ok(error.message.includes(expected.message_includes), `"${error.message}" includes "${expected.message_includes}"`);
  assert.ok(error.message.startsWith('gemini') || error.message.startsWith('vertex'), 'the message names the provider');
  if (expected.upstream_status !== undefined) assert.equal(error.upstreamStatus, expected.upstream_status, 'upstream status');
  if (expected.retry_after_seconds !== undefined) assert.equal(error.retryAfterSeconds, expected.retry_after_seconds);
  if (expected.code !== undefined) assert.equal(error.upstreamCode, expected.code, 'the code OpenAI clients test for');
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
          if (failsBeforeBody) {
            assertAdapterError(await call.then(() => undefined, (error: unknown) => error), expected.error);
          } else {
            const response = await call;
            assert.equal(response.kind, isStream ? 'stream' : 'result', 'streaming requests stream, others are collected');
            const summary = await summarize(response.kind === 'stream' ? response.parts : (await import('../../spec/result-to-parts.js')).resultToParts(response.result));
            assert.equal(summary.content, expected.content ?? '', 'content');
            assert.equal(summary.reasoning, expected.reasoning ?? '', 'reasoning');
            assertToolCalls(summary.toolCalls, expected.tool_calls);
            if (expected.error !== undefined) {
              assertAdapterError(summary.error, expected.error);
            } else {
              assert.equal(summary.error, undefined, 'no error part');
              assert.equal(summary.finishReason, expected.finish_reason, 'finish reason');
              assert.deepEqual(summary.usage, expected.usage, 'usage');
              assert.deepEqual(summary.thinkingBlocks, expected.thinking_blocks, 'thinking blocks (round-trip state)');
              if (expected.created !== undefined) assert.equal(summary.created, expected.created, 'created from createTime');
            }
          }
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
      const body: Record<string, unknown> = { ...fixture.request, model: `${fixture.provider}/${fixture.request.model}` };
      if (isStream) body.stream_options = { include_usage: true };
      const response = await fetch(`${gateway}/v1/${isEmbedding ? 'embeddings' : 'chat/completions'}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      const text = await response.text();
      if (failsBeforeBody) {
        assert.equal(response.status, expected.error.status, `status (body: ${text})`);
        const error = JSON.parse(text).error as Record<string, unknown>;
        assert.equal(error.type, expected.error.type);
        assert.ok(String(error.message).includes(expected.error.message_includes), `message "${error.message}" includes "${expected.error.message_includes}"`);
        if (expected.error.retry_after_seconds !== undefined) assert.equal(response.headers.get('retry-after'), String(expected.error.retry_after_seconds));
        if (expected.error.code !== undefined) assert.equal(error.code, expected.error.code);
        return;
      }
      assert.equal(response.status, 200, text);
      assert.equal(response.headers.get('x-skyroute-provider'), fixture.provider);
      if (isEmbedding) {
        const json = JSON.parse(text) as { data: Array<{ embedding: unknown }>; usage: { prompt_tokens: number } };
        const vectors = json.data.map((item) => item.embedding);
        assert.deepEqual(vectors, expected.embeddings_base64 ?? expected.embeddings, 'vectors in the format the client asked for');
        if (expected.usage !== undefined) assert.equal(json.usage.prompt_tokens, expected.usage.prompt_tokens);
        return;
      }
      const output = collectOpenAIOutput(response.status, response.headers.get('content-type') ?? '', text);
      assert.equal(output.content, expected.content ?? '', 'content');
      assert.equal(output.reasoning, expected.reasoning ?? '', 'reasoning (as reasoning_content)');
      assertToolCalls(output.toolCalls, expected.tool_calls);
      if (expected.error !== undefined) {
        assert.ok(output.error, 'an error event ends the stream');
        assert.equal(output.error.type, expected.error.type);
        assert.ok(String(output.error.message).includes(expected.error.message_includes));
        assert.ok(!text.includes('[DONE]'), 'no [DONE] after an error');
        return;
      }
      assert.equal(output.finishReason, expected.finish_reason, 'finish reason');
      const usage = output.usage as Record<string, any>;
      assert.equal(usage.prompt_tokens, expected.usage.prompt_tokens, 'usage.prompt_tokens');
      assert.equal(usage.completion_tokens, expected.usage.completion_tokens, 'usage.completion_tokens');
      assert.equal(usage.total_tokens, expected.usage.total_tokens, 'usage.total_tokens');
      if (expected.usage.cached_tokens > 0) assert.equal(usage.prompt_tokens_details?.cached_tokens, expected.usage.cached_tokens, 'cached tokens');
      if (expected.usage.reasoning_tokens > 0) assert.equal(usage.completion_tokens_details?.reasoning_tokens, expected.usage.reasoning_tokens, 'reasoning tokens');
      const blocks = isStream
        ? output.chunks.flatMap((chunk) => ((chunk.choices as Array<{ delta?: { thinking_blocks?: unknown[] } }> | undefined) ?? []).flatMap((choice) => choice.delta?.thinking_blocks ?? []))
        : ((output.topLevel.choices as Array<{ message: { thinking_blocks?: unknown[] } }>)[0]!.message.thinking_blocks ?? []);
      assert.deepEqual(blocks, expected.thinking_blocks ?? [], 'thinking_blocks reach the client');
      if (expected.parsed !== undefined) assert.deepEqual(JSON.parse(output.content), expected.parsed);
      if (isStream) assert.ok(text.endsWith('data: [DONE]\n\n'), 'the stream ends with [DONE]');
    });
  });
}
