import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { createApp, type App } from '../../app.js';
import { Catalog } from '../../catalog/catalog.js';
import { parseConfig } from '../../config/load-config.js';
import { GatewayError } from '../../spec/gateway-error.js';
import { Cancellation } from '../../upstream/cancellation.js';
import type { StreamPart } from '../../spec/stream-part.js';
import { createLogger } from '../../telemetry/create-logger.js';
import { collectOpenAIOutput } from '../../../test/support/collect-openai-output.js';
import { startFixtureServer, type FixtureResponse } from '../../../test/support/start-fixture-server.js';
import { COMPATIBLE_SERVICES } from './openai-compatible-services.js';

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
  const providers: Record<string, unknown> = {};
  for (const fixture of fixtures) {
    providers[fixture.provider] = {
      type: fixture.provider,
      api_key: 'test-key',
      base_url: fixture.provider === 'azure' ? `${server.url}/openai` : `${server.url}/v1`,
    };
  }
  const loaded = parseConfig({ providers }, { baseDirectory: '/tmp', environment: {} });
  app = createApp({ loaded, environment: {}, catalog: new Catalog({}, []), logger: createLogger({ level: 'silent' }) });
  gateway = await app.listen(0, '127.0.0.1');
});

after(async () => {
  await app.close();
  await server.close();
});

interface PartSummary {
  content: string;
  reasoning: string;
  refusal: string;
  toolCalls: Array<{ id: string; name: string; arguments: string }>;
  finishReason: string | undefined;
  usage: Record<string, number> | undefined;
  error: GatewayError | undefined;
}

async function summarize(batches: AsyncIterable<StreamPart[]>): Promise<PartSummary> {
  const summary: PartSummary = { content: '', reasoning: '', refusal: '', toolCalls: [], finishReason: undefined, usage: undefined, error: undefined };
  const { createChunkState } = await import('./openai-chunk-to-parts.js');
  const { expandRawEvents } = await import('./expand-raw-events.js');
  const rawState = createChunkState();
  rawState.started = true;
  const parts: StreamPart[] = [];
  for await (const batch of batches) {
    assert.ok(batch.length > 0, 'batches are never empty');
    parts.push(...batch);
  }
  for (const part of parts) {
    const expanded: StreamPart[] = [];
    if (part.type === 'raw-events') expandRawEvents(part.text, rawState, expanded);
    else expanded.push(part);
    for (const item of expanded) {
      switch (item.type) {
        case 'text-delta':
          summary.content += item.text;
          break;
        case 'reasoning-delta':
          summary.reasoning += item.text;
          break;
        case 'refusal-delta':
          summary.refusal += item.text;
          break;
        case 'tool-call-start':
          summary.toolCalls[item.index] = { id: item.id, name: item.name, arguments: '' };
          break;
        case 'tool-call-delta':
          summary.toolCalls[item.index]!.arguments += item.argumentsDelta;
          break;
        case 'finish':
          summary.finishReason = item.reason;
          break;
        case 'usage':
          summary.usage = {
            prompt_tokens: item.usage.inputTokens,
            completion_tokens: item.usage.outputTokens,
            total_tokens: item.usage.inputTokens + item.usage.outputTokens,
            cached_tokens: item.usage.cachedInputTokens,
            reasoning_tokens: item.usage.reasoningTokens,
          };
          break;
        case 'error':
          summary.error = item.error;
          break;
      }
    }
  }
  summary.toolCalls = summary.toolCalls.filter(Boolean);
  return summary;
}

function assertToolCalls(actual: Array<{ id: string; name: string; arguments: string }>, expected: Array<Record<string, any>> | undefined): void {
  assert.equal(actual.length, expected?.length ?? 0, 'number of tool calls');
  for (const [index, call] of (expected ?? []).entries()) {
    assert.equal(actual[index]!.id, call.id, `tool call ${index} id`);
    assert.equal(actual[index]!.name, call.name, `tool call ${index} name`);
    assert.deepEqual(JSON.parse(actual[index]!.arguments || '{}'), call.arguments, `tool call ${index} arguments`);
  }
}

function assertUsage(actual: Record<string, unknown> | undefined, expected: Record<string, number>, flat: boolean): void {
  assert.ok(actual !== undefined, 'usage is reported');
  const read = (key: string): unknown => {
    if (flat) return actual[key];
    if (key === 'cached_tokens') return (actual.prompt_tokens_details as Record<string, unknown> | undefined)?.cached_tokens;
    if (key === 'reasoning_tokens') return (actual.completion_tokens_details as Record<string, unknown> | undefined)?.reasoning_tokens;
    return actual[key];
  };
  for (const key of ['prompt_tokens', 'completion_tokens', 'total_tokens', 'cached_tokens', 'reasoning_tokens']) {
    if (expected[key] !== undefined) assert.equal(read(key), expected[key], `usage.${key}`);
  }
  if (!flat && expected.cost !== undefined) assert.equal(actual.cost, expected.cost, 'usage.cost is passed through');
}

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
        if (failsBeforeBody) return assertAdapterError(await call.then(() => undefined, (error: unknown) => error), expected.error);
        const result = await call;
        if (expected.embeddings !== undefined) assert.deepEqual(result.embeddings, expected.embeddings);
        if (expected.embeddings_base64 !== undefined) assert.deepEqual(result.embeddings, expected.embeddings_base64);
        return;
      }
      const call = provider.chat(fixture.request as any, context);
      if (failsBeforeBody) return assertAdapterError(await call.then(() => undefined, (error: unknown) => error), expected.error);
      const response = await call;
      const summary =
        response.kind === 'stream'
          ? await summarize(response.parts)
          : await summarize((await import('../../spec/result-to-parts.js')).resultToParts(response.result));
      assert.equal(summary.content, expected.content ?? '', 'content');
      assert.equal(summary.reasoning, expected.reasoning ?? '', 'reasoning');
      if (expected.refusal !== undefined) assert.equal(summary.refusal || (response.kind === 'result' ? response.result.choices[0]?.messageExtra?.refusal : ''), expected.refusal);
      assertToolCalls(summary.toolCalls, expected.tool_calls);
      if (expected.error !== undefined) {
        assertAdapterError(summary.error, expected.error);
      } else {
        assert.equal(summary.error, undefined, 'no error part');
        assert.equal(summary.finishReason, expected.finish_reason, 'finish reason');
        if (expected.usage !== undefined) assertUsage(summary.usage, expected.usage, true);
      }
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
      const body: Record<string, unknown> = { ...fixture.request, model: `${fixture.provider}/${fixture.request.model}` };
      if (isStream) body.stream_options = { include_usage: true };
      const response = await fetch(`${gateway}/v1/${isEmbedding ? 'embeddings' : 'chat/completions'}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      const text = await response.text();
      assert.ok(response.headers.get('x-request-id'), 'x-request-id');
      if (failsBeforeBody) {
        assert.equal(response.status, expected.error.status, `status (body: ${text})`);
        const error = JSON.parse(text).error as Record<string, unknown>;
        assert.equal(error.type, expected.error.type);
        assert.ok(String(error.message).includes(expected.error.message_includes), `message "${error.message}" includes "${expected.error.message_includes}"`);
        assert.ok(String(error.message).startsWith(fixture.provider), 'the message names the provider');
        if (expected.error.message_excludes !== undefined) assert.ok(!String(error.message).includes(expected.error.message_excludes));
        if (expected.error.retry_after_seconds !== undefined) assert.equal(response.headers.get('retry-after'), String(expected.error.retry_after_seconds));
        return;
      }
      assert.equal(response.status, 200, text);
      assert.equal(response.headers.get('x-skyroute-provider'), fixture.provider);
      assert.equal(response.headers.get('x-skyroute-model'), fixture.request.model);
      if (isEmbedding) {
        const data = (JSON.parse(text).data as Array<{ embedding: unknown }>).map((item) => item.embedding);
        if (expected.embeddings !== undefined) assert.deepEqual(data, expected.embeddings);
        if (expected.embeddings_base64 !== undefined) assert.deepEqual(data, expected.embeddings_base64);
        return;
      }
      const output = collectOpenAIOutput(response.status, response.headers.get('content-type') ?? '', text);
      assert.equal(output.content, expected.content ?? '', 'content');
      assert.equal(output.reasoning, expected.reasoning ?? '', 'reasoning (as reasoning_content)');
      if (expected.refusal !== undefined) assert.equal(output.refusal, expected.refusal, 'refusal');
      assertToolCalls(output.toolCalls, expected.tool_calls);
      if (expected.error !== undefined) {
        assert.ok(output.error, 'an error event ends the stream');
        assert.equal(output.error.type, expected.error.type);
        assert.ok(String(output.error.message).includes(expected.error.message_includes));
        assert.ok(!text.includes('[DONE]'), 'no [DONE] after an error');
        return;
      }
      assert.equal(output.finishReason, expected.finish_reason, 'finish reason');
      if (expected.usage !== undefined) assertUsage(output.usage, expected.usage, false);
      if (expected.parsed !== undefined) assert.deepEqual(JSON.parse(output.content), expected.parsed);
      if (expected.passthrough !== undefined) {
        for (const [key, value] of Object.entries(expected.passthrough)) assert.deepEqual(output.topLevel[key], value, `${key} passed through`);
      }
      if (expected.logprobs_tokens !== undefined) {
        const tokens = (JSON.parse(text).choices[0].logprobs.content as Array<{ token: string }>).map((entry) => entry.token);
        assert.deepEqual(tokens, expected.logprobs_tokens);
      }
      if (isStream) assert.ok(text.endsWith('data: [DONE]\n\n'), 'the stream ends with [DONE]');
      if (!isStream && fixture.provider === 'openai') {
        assert.deepEqual(JSON.parse(text), JSON.parse(fixture.response.body ?? ''), 'OpenAI → OpenAI loses nothing');
      }
    });
  });
}

function assertAdapterError(error: unknown, expected: Record<string, any>): void {
  assert.ok(error instanceof GatewayError, `a GatewayError, got ${String(error)}`);
  assert.equal(error.status, expected.status, `status of ${error.code}: ${error.message}`);
  assert.equal(error.type, expected.type, `type of ${error.code}`);
  assert.equal(error.retryable, expected.retryable, `retryable of ${error.code}`);
  assert.ok(error.message.includes(expected.message_includes), `"${error.message}" includes "${expected.message_includes}"`);
  if (expected.retry_after_seconds !== undefined) assert.equal(error.retryAfterSeconds, expected.retry_after_seconds);
}
