import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { computeCost, costNusd } from '../src/catalog/compute-cost.js';
import type { Price } from '../src/catalog/catalog-schema.js';
import { parseConfig } from '../src/config/load-config.js';
import { encodeBedrockFrames, type FixtureFrame } from '../src/providers/bedrock/__fixtures__/encode-bedrock-frames.js';
import { startBedrockFixtureServer } from '../src/providers/bedrock/__fixtures__/start-bedrock-fixture-server.js';
import type { ChatProvider } from '../src/providers/provider.js';
import { PROVIDER_REGISTRY } from '../src/providers/registry.js';
import type { ChatRequest } from '../src/spec/chat-request.js';
import type { Usage } from '../src/spec/usage.js';
import { Cancellation } from '../src/upstream/cancellation.js';
import { startFixtureServer, type FixtureResponse } from './support/start-fixture-server.js';

/**
 * Exact spend per provider wire (issue 5): a response in the provider's own format, written from its
 * API reference, goes through the real adapter (a local server speaks the wire, the provider's
 * chat() reads it, streaming and not), and the usage it reports is priced by computeCost with an
 * explicit price. Each expected figure is worked out by hand in nano-dollars: a price in USD per 1M
 * tokens is that many thousand nano-dollars per token (3.75 → 3,750), so every line reads
 * "tokens × nano-dollars per token".
 */

let text: Awaited<ReturnType<typeof startFixtureServer>>;
let binary: Awaited<ReturnType<typeof startBedrockFixtureServer>>;
const providers = new Map<string, ChatProvider>();

before(async () => {
  text = await startFixtureServer();
  binary = await startBedrockFixtureServer();
  const configs: Record<string, Record<string, unknown>> = {
    openai: { type: 'openai', api_key: 'test-key', base_url: `${text.url}/v1` },
    deepseek: { type: 'deepseek', api_key: 'test-key', base_url: `${text.url}/v1` },
    xai: { type: 'xai', api_key: 'test-key', base_url: `${text.url}/v1` },
    anthropic: { type: 'anthropic', api_key: 'test-key', base_url: `${text.url}/v1` },
    gemini: { type: 'gemini', api_key: 'test-key', base_url: `${text.url}/v1beta` },
    cohere: { type: 'cohere', api_key: 'test-key', base_url: `${text.url}/v2` },
    bedrock: { type: 'bedrock', api_key: 'test-key', region: 'us-east-1', base_url: binary.url },
  };
  const loaded = parseConfig({ providers: configs }, { baseDirectory: '/tmp', environment: {} });
  for (const [id, config] of Object.entries(loaded.config.providers)) {
    const definition = PROVIDER_REGISTRY[config.type as keyof typeof PROVIDER_REGISTRY];
    providers.set(
      id,
      definition.create({
        id,
        config,
        catalogProvider: undefined,
        environment: {},
        globalTimeouts: undefined,
        fetchImage: () => Promise.reject(new Error('no images in these requests')),
      }),
    );
  }
});

after(async () => {
  await Promise.all([...providers.values()].map((provider) => provider.close()));
  await Promise.all([text.close(), binary.close()]);
});

/** The usage an adapter reports: the result's, or the last usage part of the stream (running totals: the last counts). */
async function usageOf(providerId: string, request: ChatRequest): Promise<Usage> {
  const response = await providers.get(providerId)!.chat(request, { requestId: 'cost-test', cancellation: new Cancellation() });
  assert.equal(response.kind, request.stream === true ? 'stream' : 'result', 'streaming requests stream, the others are collected');
  if (response.kind === 'result') return response.result.usage;
  let last: Usage | undefined;
  for await (const batch of response.parts) {
    for (const part of batch) {
      assert.notEqual(part.type, 'error', `the stream failed: ${part.type === 'error' ? part.error.message : ''}`);
      if (part.type === 'usage') last = part.usage;
    }
  }
  assert.ok(last !== undefined, 'the stream reported usage');
  return last;
}

function json(body: unknown): FixtureResponse {
  return { status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}

/** Server-sent events: `data:` lines (with `event:` lines where the wire names its events). */
function sse(events: Array<{ event?: string; data: unknown }>): FixtureResponse {
  const lines = events.flatMap(({ event, data }) => [...(event === undefined ? [] : [`event: ${event}`]), `data: ${typeof data === 'string' ? data : JSON.stringify(data)}`, '']);
  return { status: 200, headers: { 'content-type': 'text/event-stream' }, bodyLines: [...lines, ''] };
}

const user = [{ role: 'user' as const, content: 'Summarise the attached report.' }];

describe('OpenAI: cached prompt tokens and reasoning tokens inside completion_tokens', () => {
  // gpt-5-mini's catalog price: input 0.25, cached input 0.025, output 2.00 USD per 1M.
  const price: Price = { input: 0.25, output: 2, cached_input: 0.025 };
  const usage = {
    prompt_tokens: 2_000,
    completion_tokens: 900,
    total_tokens: 2_900,
    prompt_tokens_details: { cached_tokens: 1_536, audio_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: 640, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
  };
  const expected =
    (2_000 - 1_536) * 250 + // uncached prompt tokens at 0.25
    1_536 * 25 + //            cached prompt tokens at 0.025
    900 * 2_000; //            completion tokens (the 640 reasoning tokens are among them) at 2.00

  test('non-streaming: usage in the chat.completion body', async () => {
    text.respondWith(
      json({
        id: 'chatcmpl-1',
        object: 'chat.completion',
        created: 1_763_000_000,
        model: 'gpt-5-mini-2025-08-07',
        choices: [{ index: 0, message: { role: 'assistant', content: 'Revenue grew 12%.', refusal: null }, finish_reason: 'stop' }],
        usage,
      }),
    );
    const counted = await usageOf('openai', { model: 'gpt-5-mini', messages: user });
    assert.equal(counted.reasoningTokens, 640);
    assert.equal(costNusd(computeCost(counted, price)), expected);
  });

  test('streaming: usage in the last chunk, which has no choices (stream_options.include_usage)', async () => {
    const chunk = (choices: unknown[], extra: Record<string, unknown> = {}) => ({ id: 'chatcmpl-2', object: 'chat.completion.chunk', created: 1_763_000_000, model: 'gpt-5-mini-2025-08-07', choices, ...extra });
    text.respondWith(
      sse([
        { data: chunk([{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }], { usage: null }) },
        { data: chunk([{ index: 0, delta: { content: 'Revenue grew 12%.' }, finish_reason: null }], { usage: null }) },
        { data: chunk([{ index: 0, delta: {}, finish_reason: 'stop' }], { usage: null }) },
        { data: chunk([], { usage }) },
        { data: '[DONE]' },
      ]),
    );
    const counted = await usageOf('openai', { model: 'gpt-5-mini', messages: user, stream: true, stream_options: { include_usage: true } });
    assert.equal(costNusd(computeCost(counted, price)), expected);
  });
});

describe('DeepSeek: prompt_cache_hit_tokens / prompt_cache_miss_tokens, reasoning inside completion_tokens', () => {
  // deepseek-flash at DeepSeek's peak rate: cache hit 0.006, cache miss 0.30, output 1.20 USD per 1M.
  const price: Price = { input: 0.3, output: 1.2, cached_input: 0.006 };
  const usage = {
    prompt_tokens: 1_162,
    completion_tokens: 412,
    total_tokens: 1_574,
    completion_tokens_details: { reasoning_tokens: 367 },
    prompt_cache_hit_tokens: 1_088,
    prompt_cache_miss_tokens: 74,
  };
  const expected =
    74 * 300 + //    cache-miss input at 0.30
    1_088 * 6 + //   cache-hit input at 0.006
    412 * 1_200; //  output, chain of thought included, at 1.20

  test('non-streaming', async () => {
    text.respondWith(
      json({
        id: 'ds-1',
        object: 'chat.completion',
        created: 1_763_000_000,
        model: 'deepseek-v4-flash',
        choices: [{ index: 0, message: { role: 'assistant', content: '22.2 °C.', reasoning_content: 'F to C: (72-32)×5/9.' }, logprobs: null, finish_reason: 'stop' }],
        usage,
      }),
    );
    assert.equal(costNusd(computeCost(await usageOf('deepseek', { model: 'deepseek-v4-flash', messages: user }), price)), expected);
  });

  test('streaming: usage on the finish chunk', async () => {
    const chunk = (delta: unknown, finish: string | null, chunkUsage: unknown) => ({
      id: 'ds-2',
      object: 'chat.completion.chunk',
      created: 1_763_000_000,
      model: 'deepseek-v4-flash',
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
      usage: chunkUsage,
    });
    text.respondWith(
      sse([
        { data: chunk({ role: 'assistant', content: null, reasoning_content: 'F to C.' }, null, null) },
        { data: chunk({ content: '22.2 °C.', reasoning_content: null }, null, null) },
        { data: chunk({ content: '', reasoning_content: null }, 'stop', usage) },
        { data: '[DONE]' },
      ]),
    );
    assert.equal(costNusd(computeCost(await usageOf('deepseek', { model: 'deepseek-v4-flash', messages: user, stream: true }), price)), expected);
  });
});

describe('xAI: reasoning_tokens reported outside completion_tokens', () => {
  // grok-4.3's catalog price: input 1.25, cached input 0.20, output 2.50 USD per 1M.
  const price: Price = { input: 1.25, output: 2.5, cached_input: 0.2 };
  const expected =
    (125 - 98) * 1_250 + // uncached prompt tokens at 1.25
    98 * 200 + //           cached prompt tokens at 0.20
    (48 + 300) * 2_500; //  48 completion tokens plus the 300 reasoning tokens billed beside them, at 2.50

  test('non-streaming', async () => {
    text.respondWith(
      json({
        id: 'xai-1',
        object: 'chat.completion',
        created: 1_763_000_000,
        model: 'grok-4.3',
        choices: [{ index: 0, message: { role: 'assistant', content: 'Revenue grew 12%.' }, finish_reason: 'stop' }],
        usage: {
          prompt_tokens: 125,
          completion_tokens: 48,
          total_tokens: 473,
          prompt_tokens_details: { text_tokens: 125, audio_tokens: 0, image_tokens: 0, cached_tokens: 98 },
          completion_tokens_details: { reasoning_tokens: 300, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
        },
      }),
    );
    const counted = await usageOf('xai', { model: 'grok-4.3', messages: user });
    assert.equal(counted.outputTokens, 348);
    assert.equal(costNusd(computeCost(counted, price)), expected);
  });
});

describe('Anthropic: cache reads, 5-minute and 1-hour cache writes beside input_tokens', () => {
  // Claude Sonnet 4.5's catalog price: input 3, output 15, cache hits 0.30, 5-minute writes 3.75,
  // 1-hour writes 6 USD per 1M.
  const price: Price = { input: 3, output: 15, cached_input: 0.3, cache_write: 3.75, cache_write_long: 6 };
  const inputSide = {
    input_tokens: 25,
    cache_creation_input_tokens: 1_500,
    cache_read_input_tokens: 4_000,
    cache_creation: { ephemeral_5m_input_tokens: 500, ephemeral_1h_input_tokens: 1_000 },
  };
  const expected =
    25 * 3_000 + //     input after the last cache breakpoint at 3
    4_000 * 300 + //    cache reads at 0.30
    500 * 3_750 + //    5-minute cache writes at 3.75
    1_000 * 6_000 + //  1-hour cache writes at 6
    300 * 15_000; //    output at 15

  test('non-streaming: one usage object', async () => {
    text.respondWith(
      json({
        id: 'msg_01',
        type: 'message',
        role: 'assistant',
        model: 'claude-sonnet-4-5-20250929',
        content: [{ type: 'text', text: 'Revenue grew 12%.' }],
        stop_reason: 'end_turn',
        stop_sequence: null,
        usage: { ...inputSide, output_tokens: 300, service_tier: 'standard' },
      }),
    );
    const counted = await usageOf('anthropic', { model: 'claude-sonnet-4-5', messages: user, max_tokens: 1_024 });
    assert.equal(counted.inputTokens, 25 + 4_000 + 1_500);
    assert.equal(costNusd(computeCost(counted, price)), expected);
  });

  test('streaming: the input side in message_start, the running output total in message_delta', async () => {
    text.respondWith(
      sse([
        {
          event: 'message_start',
          data: {
            type: 'message_start',
            message: { id: 'msg_02', type: 'message', role: 'assistant', model: 'claude-sonnet-4-5-20250929', content: [], stop_reason: null, stop_sequence: null, usage: { ...inputSide, output_tokens: 1 } },
          },
        },
        { event: 'content_block_start', data: { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } } },
        { event: 'content_block_delta', data: { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Revenue grew 12%.' } } },
        { event: 'content_block_stop', data: { type: 'content_block_stop', index: 0 } },
        { event: 'message_delta', data: { type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: 300 } } },
        { event: 'message_stop', data: { type: 'message_stop' } },
      ]),
    );
    const counted = await usageOf('anthropic', { model: 'claude-sonnet-4-5', messages: user, max_tokens: 1_024, stream: true });
    assert.equal(costNusd(computeCost(counted, price)), expected);
  });
});

describe('Gemini: cachedContentTokenCount inside promptTokenCount, thoughtsTokenCount beside candidatesTokenCount', () => {
  // gemini-2.5-flash's catalog price: input 0.30, cached input 0.03, output (thinking included) 2.50 USD per 1M.
  const price: Price = { input: 0.3, output: 2.5, cached_input: 0.03 };
  const expected =
    (4_000 - 3_000) * 300 + // uncached prompt tokens at 0.30
    3_000 * 30 + //            cached content tokens at 0.03
    (200 + 700) * 2_500; //    200 candidate tokens plus 700 thought tokens at 2.50
  const candidate = (textPart: string, finishReason?: string) => ({ content: { role: 'model', parts: [{ text: textPart }] }, index: 0, ...(finishReason === undefined ? {} : { finishReason }) });

  test('non-streaming', async () => {
    text.respondWith(
      json({
        candidates: [candidate('Revenue grew 12%.', 'STOP')],
        usageMetadata: { promptTokenCount: 4_000, cachedContentTokenCount: 3_000, candidatesTokenCount: 200, thoughtsTokenCount: 700, totalTokenCount: 4_900 },
        modelVersion: 'gemini-2.5-flash',
        responseId: 'resp-1',
      }),
    );
    const counted = await usageOf('gemini', { model: 'gemini-2.5-flash', messages: user });
    assert.equal(counted.reasoningTokens, 700);
    assert.equal(costNusd(computeCost(counted, price)), expected);
  });

  test('streaming: running totals on every chunk, the last one counts', async () => {
    text.respondWith(
      sse([
        {
          data: {
            candidates: [candidate('Revenue ')],
            usageMetadata: { promptTokenCount: 4_000, cachedContentTokenCount: 3_000, candidatesTokenCount: 2, thoughtsTokenCount: 700, totalTokenCount: 4_702 },
            modelVersion: 'gemini-2.5-flash',
            responseId: 'resp-2',
          },
        },
        {
          data: {
            candidates: [candidate('grew 12%.', 'STOP')],
            usageMetadata: { promptTokenCount: 4_000, cachedContentTokenCount: 3_000, candidatesTokenCount: 200, thoughtsTokenCount: 700, totalTokenCount: 4_900 },
            modelVersion: 'gemini-2.5-flash',
            responseId: 'resp-2',
          },
        },
      ]),
    );
    const counted = await usageOf('gemini', { model: 'gemini-2.5-flash', messages: user, stream: true });
    assert.equal(costNusd(computeCost(counted, price)), expected);
  });
});

describe('Bedrock Converse: cacheReadInputTokens, cacheWriteInputTokens and cacheDetails beside inputTokens', () => {
  // Claude Sonnet 4.5 on Bedrock: input 3, output 15, cache reads 0.30, 5-minute writes 3.75, 1-hour writes 6 USD per 1M.
  const price: Price = { input: 3, output: 15, cached_input: 0.3, cache_write: 3.75, cache_write_long: 6 };
  const usage = {
    inputTokens: 30,
    outputTokens: 250,
    totalTokens: 30 + 250 + 2_048 + 1_536,
    cacheReadInputTokens: 2_048,
    cacheWriteInputTokens: 1_536,
    cacheDetails: [
      { ttl: '1h', inputTokens: 1_024 },
      { ttl: '5m', inputTokens: 512 },
    ],
  };
  const expected =
    30 * 3_000 + //     input neither read from nor written to the cache, at 3
    2_048 * 300 + //    cache reads at 0.30
    512 * 3_750 + //    5-minute cache writes at 3.75
    1_024 * 6_000 + //  1-hour cache writes at 6
    250 * 15_000; //    output at 15
  const model = 'us.anthropic.claude-sonnet-4-5-20250929-v1:0';

  test('non-streaming: usage in the Converse response', async () => {
    const body = { output: { message: { role: 'assistant', content: [{ text: 'Revenue grew 12%.' }] } }, stopReason: 'end_turn', usage, metrics: { latencyMs: 812 } };
    binary.respondWith([{ status: 200, headers: { 'content-type': 'application/json' }, body: Buffer.from(JSON.stringify(body)) }]);
    const counted = await usageOf('bedrock', { model, messages: user });
    assert.equal(counted.cacheWriteLongInputTokens, 1_024);
    assert.equal(costNusd(computeCost(counted, price)), expected);
  });

  test('streaming: usage in the metadata event after messageStop', async () => {
    const event = (type: string, payload: unknown): FixtureFrame => ({ headers: { ':event-type': type, ':content-type': 'application/json', ':message-type': 'event' }, payload });
    const frames = [
      event('messageStart', { role: 'assistant' }),
      event('contentBlockDelta', { contentBlockIndex: 0, delta: { text: 'Revenue grew 12%.' } }),
      event('contentBlockStop', { contentBlockIndex: 0 }),
      event('messageStop', { stopReason: 'end_turn' }),
      event('metadata', { usage, metrics: { latencyMs: 812 } }),
    ];
    binary.respondWith([{ status: 200, headers: { 'content-type': 'application/vnd.amazon.eventstream' }, body: encodeBedrockFrames(frames) }]);
    const counted = await usageOf('bedrock', { model, messages: user, stream: true });
    assert.equal(costNusd(computeCost(counted, price)), expected);
  });
});

describe('Cohere: billed_units, not the counted tokens (its prompt template is not billed)', () => {
  // command-a-03-2025's catalog price: input 2.50, output 10 USD per 1M.
  const price: Price = { input: 2.5, output: 10 };
  const usage = { billed_units: { input_tokens: 12, output_tokens: 7 }, tokens: { input_tokens: 507, output_tokens: 10 }, cached_tokens: 448 };
  const expected =
    12 * 2_500 + // billed input at 2.50 (507 counted, 448 of them the cached template)
    7 * 10_000; //  billed output at 10 (10 counted)

  test('non-streaming', async () => {
    text.respondWith(
      json({ id: 'co-1', message: { role: 'assistant', content: [{ type: 'text', text: 'Revenue grew 12%.' }] }, finish_reason: 'COMPLETE', usage }),
    );
    const counted = await usageOf('cohere', { model: 'command-a-03-2025', messages: user });
    assert.equal(counted.inputTokens, 507, 'clients still see the counted tokens');
    assert.equal(costNusd(computeCost(counted, price)), expected);
  });

  test('streaming: usage in message-end', async () => {
    text.respondWith(
      sse([
        { event: 'message-start', data: { id: 'co-2', type: 'message-start', delta: { message: { role: 'assistant', content: [], tool_plan: '', tool_calls: [], citations: [] } } } },
        { event: 'content-start', data: { type: 'content-start', index: 0, delta: { message: { content: { type: 'text', text: '' } } } } },
        { event: 'content-delta', data: { type: 'content-delta', index: 0, delta: { message: { content: { text: 'Revenue grew 12%.' } } } } },
        { event: 'content-end', data: { type: 'content-end', index: 0 } },
        { event: 'message-end', data: { type: 'message-end', delta: { finish_reason: 'COMPLETE', usage } } },
      ]),
    );
    const counted = await usageOf('cohere', { model: 'command-a-03-2025', messages: user, stream: true });
    assert.equal(costNusd(computeCost(counted, price)), expected);
  });
});
