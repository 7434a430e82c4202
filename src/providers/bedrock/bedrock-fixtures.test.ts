import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { isDeepStrictEqual } from 'node:util';
import { createApp, type App } from '../../app.js';
import { Catalog } from '../../catalog/catalog.js';
import { parseConfig } from '../../config/load-config.js';
import type { ChatRequest } from '../../spec/chat-request.js';
import type { EmbeddingRequest } from '../../spec/embedding.js';
import { GatewayError } from '../../spec/gateway-error.js';
import type { StreamPart } from '../../spec/stream-part.js';
import { resolveTimeouts } from '../../upstream/upstream-timeouts.js';
import { Cancellation } from '../../upstream/cancellation.js';
import { createLogger } from '../../telemetry/create-logger.js';
import { collectOpenAIOutput } from '../../../test/support/collect-openai-output.js';
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

const directory = new URL('./__fixtures__/', import.meta.url);
const fixtures: Fixture[] = readdirSync(directory)
  .filter((file) => file.endsWith('.json'))
  .sort()
  .map((file) => JSON.parse(readFileSync(new URL(file, directory), 'utf8')) as Fixture);

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
  app = createApp({ loaded, environment: {}, catalog: new Catalog({}, []), logger: createLogger({ level: 'silent' }) });
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

interface Summary {
  id: string;
  content: string;
  reasoning: string;
  thinkingBlocks: unknown[];
  toolCalls: Array<{ id: string; name: string; arguments: string }>;
  finishReason: string | undefined;
  usage: Record<string, number> | undefined;
  error: GatewayError | undefined;
  order: string[];
}

async function summarize(batches: AsyncIterable<StreamPart[]>): Promise<Summary> {
  const summary: Summary = { id: '', content: '', reasoning: '', thinkingBlocks: [], toolCalls: [], finishReason: undefined, usage: undefined, error: undefined, order: [] };
  let openThinking = '';
  for await (const batch of batches) {
    assert.ok(batch.length > 0, 'batches are never empty');
    for (const part of batch) {
      summary.order.push(part.type);
      switch (part.type) {
        case 'response-start':
          summary.id = part.id;
          break;
        case 'text-delta':
          summary.content += part.text;
          break;
        case 'reasoning-delta':
          summary.reasoning += part.text;
          openThinking += part.text;
          if (part.signature !== undefined) {
            summary.thinkingBlocks.push({ type: 'thinking', thinking: openThinking, signature: part.signature });
            openThinking = '';
          }
          if (part.redacted !== undefined) summary.thinkingBlocks.push({ type: 'redacted_thinking', data: part.redacted });
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
            cache_write_tokens: part.usage.cacheWriteInputTokens,
            reasoning_tokens: part.usage.reasoningTokens,
          };
          break;
        case 'error':
          summary.error = part.error;
          break;
      }
    }
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
  assert.ok(error.message.startsWith('bedrock'), 'the message names the provider');
  if (expected.upstream_status !== undefined) assert.equal(error.upstreamStatus, expected.upstream_status, 'upstream status');
  if (expected.code !== undefined) assert.equal(error.code, expected.code);
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
        assertAdapterError(await call.then(() => undefined, (error: unknown) => error), expected.error);
        assertOutgoing(fixture, first, fixture.upstream_request);
        return;
      }
      const response = await call;
      assert.equal(response.kind, isStream ? 'stream' : 'result', 'streams stream, non-streaming requests are collected');
      let summary: Summary;
      if (response.kind === 'stream') {
        summary = await summarize(response.parts);
      } else {
        const { resultToParts } = await import('../../spec/result-to-parts.js');
        summary = await summarize(resultToParts(response.result));
        assert.deepEqual(response.result.choices[0]!.thinkingBlocks ?? [], expected.thinking_blocks ?? [], 'result thinking blocks');
      }
      assertOutgoing(fixture, first, fixture.upstream_request);
      assert.equal(summary.order[0], 'response-start', 'response-start comes first');
      if (expected.id !== undefined) assert.equal(summary.id, expected.id, 'response id is Bedrock\'s request id');
      assert.equal(summary.content, expected.content ?? '', 'content');
      assert.equal(summary.reasoning, expected.reasoning ?? '', 'reasoning');
      assert.deepEqual(summary.thinkingBlocks, expected.thinking_blocks ?? [], 'thinking blocks (signatures, redacted data)');
      assertToolCalls(summary.toolCalls, expected.tool_calls);
      if (expected.error !== undefined) {
        assertAdapterError(summary.error, expected.error);
        assert.equal(summary.order.at(-1), 'error', 'the error part ends the stream');
        return;
      }
      assert.equal(summary.error, undefined, 'no error part');
      assert.equal(summary.finishReason, expected.finish_reason, 'finish reason');
      assert.deepEqual(summary.order.slice(-2), ['finish', 'usage'], 'finish, then usage, last');
      for (const [key, value] of Object.entries(expected.usage ?? {})) assert.equal(summary.usage?.[key], value, `usage.${key}`);
      if (expected.parsed !== undefined) assert.deepEqual(JSON.parse(summary.content), expected.parsed);
    });

    test('gateway: what an OpenAI client receives', async () => {
      server.respondWith(toResponses(fixture), chooser(fixture));
      const body: Record<string, unknown> = { ...fixture.request, model: `${PROVIDER_IDS[fixture.auth]}/${fixture.request.model}` };
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
        return;
      }
      assert.equal(response.status, 200, text);
      assert.equal(response.headers.get('x-skyroute-provider'), PROVIDER_IDS[fixture.auth]);
      if (isEmbedding) {
        const json = JSON.parse(text) as { data: Array<{ embedding: number[] | string }>; usage: { prompt_tokens: number } };
        const vectors = json.data.map((item) =>
          typeof item.embedding === 'string' ? Array.from(new Float32Array(new Uint8Array(Buffer.from(item.embedding, 'base64')).buffer)) : item.embedding,
        );
        if (fixture.request.encoding_format === 'base64') assert.equal(typeof json.data[0]!.embedding, 'string', 'base64 as asked');
        assert.deepEqual(vectors, expected.embeddings);
        assert.equal(json.usage.prompt_tokens, expected.prompt_tokens);
        return;
      }
      const output = collectOpenAIOutput(response.status, response.headers.get('content-type') ?? '', text);
      assert.equal(output.content, expected.content ?? '', 'content');
      assert.equal(output.reasoning, expected.reasoning ?? '', 'reasoning as reasoning_content');
      assertToolCalls(output.toolCalls, expected.tool_calls);
      if (expected.thinking_blocks !== undefined) {
        const blocks = isStream
          ? output.chunks.flatMap((chunk) => ((chunk as Record<string, any>).choices?.[0]?.delta?.thinking_blocks as unknown[] | undefined) ?? [])
          : (((JSON.parse(text).choices[0].message.thinking_blocks as unknown[] | undefined) ?? []) as unknown[]);
        assert.equal(blocks.length, expected.thinking_blocks.length, 'thinking blocks reach the client');
      }
      if (expected.error !== undefined) {
        assert.ok(output.error, 'an error event ends the stream');
        assert.equal(output.error.type, expected.error.type);
        assert.ok(String(output.error.message).includes(expected.error.message_includes));
        return;
      }
      assert.equal(output.finishReason, expected.finish_reason, 'finish reason');
      assert.equal(output.usage?.prompt_tokens, expected.usage.prompt_tokens, 'usage.prompt_tokens');
      assert.equal(output.usage?.completion_tokens, expected.usage.completion_tokens, 'usage.completion_tokens');
      if (isStream) assert.ok(text.endsWith('data: [DONE]\n\n'), 'the stream ends with [DONE]');
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
