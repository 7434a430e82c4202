import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { createApp, type App } from '../../app.js';
import { Catalog } from '../../catalog/catalog.js';
import { parseConfig } from '../../config/load-config.js';
import type { ChatRequest, ThinkingBlock } from '../../spec/chat-request.js';
import { GatewayError } from '../../spec/gateway-error.js';
import { resultToParts } from '../../spec/result-to-parts.js';
import type { StreamPart } from '../../spec/stream-part.js';
import { Cancellation } from '../../upstream/cancellation.js';
import { createLogger } from '../../telemetry/create-logger.js';
import { collectOpenAIOutput } from '../../../test/support/collect-openai-output.js';
import { startFixtureServer, type FixtureResponse } from '../../../test/support/start-fixture-server.js';
import { collectChatResult } from '../collect-chat-result.js';
import type { ChatProvider } from '../provider.js';
import { anthropicProviderDefinition } from './anthropic-provider-definition.js';
import { ONE_ATTEMPT_ROUTING, TEST_DATABASE } from '../../../test/support/one-attempt-routing.js';

/**
 * Replays every Anthropic-format fixture twice: through the adapter (canonical parts, and the
 * request that went upstream: path, headers, body) and through the whole gateway (what an OpenAI
 * client receives). __fixtures__/README.md describes the file format.
 */
interface Fixture {
  case: string;
  config?: { api_version?: string; headers?: Record<string, string> };
  request: ChatRequest;
  upstream_request: { path: string; headers?: Record<string, string>; body: Record<string, unknown> };
  response: FixtureResponse;
  expect: Record<string, any>;
}

const directory = new URL('./__fixtures__/', import.meta.url);
const fixtures: Fixture[] = readdirSync(directory)
  .filter((file) => file.endsWith('.json'))
  .sort()
  .map((file) => JSON.parse(readFileSync(new URL(file, directory), 'utf8')) as Fixture);

/** Fixtures with their own config get their own provider id. */
const providerIdOf = (fixture: Fixture): string => (fixture.config === undefined ? 'anthropic' : `anthropic-${fixture.case}`);

let server: Awaited<ReturnType<typeof startFixtureServer>>;
let app: App;
let gateway: string;
const providers = new Map<string, ChatProvider>();

before(async () => {
  server = await startFixtureServer();
  const configs: Record<string, Record<string, unknown>> = {};
  for (const fixture of fixtures) {
    configs[providerIdOf(fixture)] = { type: 'anthropic', api_key: 'test-key', base_url: `${server.url}/v1`, ...fixture.config };
  }
  for (const [id, config] of Object.entries(configs)) {
    const loaded = parseConfig({ routing: ONE_ATTEMPT_ROUTING, database: TEST_DATABASE, providers: { [id]: config } }, { baseDirectory: '/tmp', environment: {} });
    providers.set(
      id,
      anthropicProviderDefinition.create({
        id,
        config: loaded.config.providers[id]!,
        catalogProvider: undefined,
        environment: {},
        globalTimeouts: undefined,
        fetchImage: () => Promise.reject(new Error('the Anthropic adapter never fetches images')),
      }),
    );
  }
  const loaded = parseConfig({ routing: ONE_ATTEMPT_ROUTING, database: TEST_DATABASE, providers: configs }, { baseDirectory: '/tmp', environment: {} });
  app = await createApp({ loaded, environment: {}, catalog: new Catalog({}, []), logger: createLogger({ level: 'silent' }) });
  gateway = await app.listen(0, '127.0.0.1');
});

after(async () => {
  await app.close();
  await Promise.all([...providers.values()].map((provider) => provider.close()));
  await server.close();
});

interface Summary {
  parts: StreamPart[];
  content: string;
  reasoning: string;
  toolCalls: Array<{ id: string; name: string; arguments: string }>;
  finishReason: string | undefined;
  usage: Record<string, number> | undefined;
  error: GatewayError | undefined;
}

async function summarize(batches: AsyncIterable<StreamPart[]>): Promise<Summary> {
  const summary: Summary = { parts: [], content: '', reasoning: '', toolCalls: [], finishReason: undefined, usage: undefined, error: undefined };
  for await (const batch of batches) {
    assert.ok(batch.length > 0, 'batches are never empty');
    summary.parts.push(...batch);
  }
  for (const part of summary.parts) {
    if (part.type === 'text-delta') summary.content += part.text;
    else if (part.type === 'reasoning-delta') summary.reasoning += part.text;
    else if (part.type === 'tool-call-start') summary.toolCalls[part.index] = { id: part.id, name: part.name, arguments: '' };
    else if (part.type === 'tool-call-delta') summary.toolCalls[part.index]!.arguments += part.argumentsDelta;
    else if (part.type === 'finish') summary.finishReason = part.reason;
    else if (part.type === 'error') summary.error = part.error;
    else if (part.type === 'usage') {
      const { usage } = part;
      summary.usage = {
        prompt_tokens: usage.inputTokens,
        completion_tokens: usage.outputTokens,
        total_tokens: usage.inputTokens + usage.outputTokens,
        cached_tokens: usage.cachedInputTokens,
        cache_write_tokens: usage.cacheWriteInputTokens,
        reasoning_tokens: usage.reasoningTokens,
      };
    }
  }
  return summary;
}

async function* replay(parts: StreamPart[]): AsyncGenerator<StreamPart[]> {
  yield parts;
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
  assert.equal(error.code, expected.code, `code (${error.message})`);
  assert.equal(error.status, expected.status, `status of ${error.code}: ${error.message}`);
  assert.equal(error.type, expected.type, `type of ${error.code}`);
  assert.equal(error.retryable, expected.retryable, `retryable of ${error.code}`);
  assert.ok(error.message.includes(expected.message_includes), `"${error.message}" includes "${expected.message_includes}"`);
  if (expected.message_excludes !== undefined) assert.ok(!error.message.includes(expected.message_excludes));
  if (expected.retry_after_seconds !== undefined) assert.equal(error.retryAfterSeconds, expected.retry_after_seconds);
}

for (const fixture of fixtures) {
  const expected = fixture.expect;
  const failsBeforeBody = expected.error !== undefined && fixture.response.status >= 400;
  const id = providerIdOf(fixture);

  describe(`anthropic ${fixture.case}`, () => {
    test('adapter: canonical output and the outgoing request', async () => {
      server.respondWith(fixture.response);
      const before = server.requests.length;
      const call = providers.get(id)!.chat(fixture.request, { requestId: 'test', cancellation: new Cancellation() });
      const response = failsBeforeBody ? undefined : await call;
      if (failsBeforeBody) assertAdapterError(await call.then(() => undefined, (error: unknown) => error), expected.error);
      const request = server.requests[before]!;
      assert.ok(request !== undefined, 'the request reached the upstream');
      assert.equal(request.method, 'POST');
      assert.equal(request.url, fixture.upstream_request.path, 'path');
      assert.equal(request.headers['x-api-key'], 'test-key');
      assert.equal(request.headers['anthropic-version'], fixture.config?.api_version ?? '2023-06-01');
      assert.equal(request.headers['content-type'], 'application/json');
      for (const [name, value] of Object.entries(fixture.upstream_request.headers ?? {})) assert.equal(request.headers[name], value, `header ${name}`);
      assert.deepEqual(request.body, fixture.upstream_request.body, 'the body sent upstream');
      if (response === undefined) return;

      assert.equal(response.kind, fixture.request.stream === true ? 'stream' : 'result');
      const summary = await summarize(response.kind === 'stream' ? response.parts : resultToParts(response.result));
      assert.equal(summary.parts[0]?.type, 'response-start', 'the first part opens the response');
      assert.equal(summary.content, expected.content ?? '', 'content');
      assert.equal(summary.reasoning, expected.reasoning ?? '', 'reasoning');
      assertToolCalls(summary.toolCalls, expected.tool_calls);
      if (expected.error !== undefined) {
        assertAdapterError(summary.error, expected.error);
        assert.equal(summary.parts.at(-1)?.type, 'error', 'the error part ends the stream');
        return;
      }
      assert.equal(summary.error, undefined, 'no error part');
      assert.equal(summary.finishReason, expected.finish_reason, 'finish reason');
      assert.deepEqual(summary.usage, expected.usage, 'usage');
      assert.deepEqual(
        summary.parts.slice(-2).map((part) => part.type),
        ['finish', 'usage'],
        'finish then usage, last',
      );
      const result = response.kind === 'result' ? response.result : await collectChatResult(replay(summary.parts), fixture.request.model);
      const choice = result.choices[0]!;
      if (response.kind === 'result') assert.equal(choice.content, expected.content, 'content (null when there is no text)');
      assert.deepEqual(choice.thinkingBlocks as ThinkingBlock[] | undefined, expected.thinking_blocks, 'thinking blocks, verbatim');
    });

    test('gateway: what an OpenAI client receives', async () => {
      server.respondWith(fixture.response);
      const body: Record<string, unknown> = { ...fixture.request, model: `${id}/${fixture.request.model}` };
      // OpenAI streams carry usage only when asked for.
      if (fixture.request.stream === true) body.stream_options = { include_usage: true };
      const response = await fetch(`${gateway}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      const text = await response.text();
      if (failsBeforeBody) {
        assert.equal(response.status, expected.error.status, `status (body: ${text})`);
        const error = JSON.parse(text).error as Record<string, unknown>;
        assert.equal(error.type, expected.error.type);
        assert.ok(String(error.message).includes(expected.error.message_includes), `message "${error.message}"`);
        assert.ok(String(error.message).startsWith(id), 'the message names the provider');
        if (expected.error.retry_after_seconds !== undefined) assert.equal(response.headers.get('retry-after'), String(expected.error.retry_after_seconds));
        return;
      }
      assert.equal(response.status, 200, text);
      const output = collectOpenAIOutput(response.status, response.headers.get('content-type') ?? '', text);
      assert.equal(output.content, expected.content ?? '', 'content');
      assert.equal(output.reasoning, expected.reasoning ?? '', 'reasoning (as reasoning_content)');
      assertToolCalls(output.toolCalls, expected.tool_calls);
      if (expected.error !== undefined) {
        assert.equal(output.error?.type, expected.error.type, 'an error event ends the stream');
        assert.ok(!text.includes('[DONE]'), 'no [DONE] after an error');
        return;
      }
      assert.equal(output.finishReason, expected.finish_reason, 'finish reason');
      const usage = output.usage as Record<string, any>;
      assert.equal(usage.prompt_tokens, expected.usage.prompt_tokens, 'prompt_tokens');
      assert.equal(usage.completion_tokens, expected.usage.completion_tokens, 'completion_tokens');
      assert.equal(usage.prompt_tokens_details?.cached_tokens, expected.usage.cached_tokens, 'cached_tokens');
      if (expected.parsed !== undefined) assert.deepEqual(JSON.parse(output.content), expected.parsed);
    });
  });
}
