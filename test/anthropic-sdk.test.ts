import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { NO_CIRCUIT_BREAKER, SIMULATOR_ANTHROPIC_KEY, startTestGateway, type TestGateway } from './support/start-test-gateway.js';

/**
 * The official `@anthropic-ai/sdk` as the client of POST /v1/messages. The same suite runs once per
 * upstream wire format in `upstreams`: each entry starts a gateway and names its models and the
 * simulator profile behind them: the simulator's OpenAI wire behind an openai-compatible provider,
 * and its Anthropic wire behind a `type: anthropic` provider (which checks thinking signatures and
 * tool ids as Anthropic does, so a lossy translation fails here).
 */
const KEY = 'sk-skyroute-anthropic-sdk-test';

interface UpstreamCase {
  name: string;
  start(): Promise<TestGateway>;
  /** Chat with tools; vision; reasoning; tool_choice "auto" that always calls a tool; reasoning that always calls a tool. */
  models: { text: string; vision: string; reasoning: string; autoTools: string; reasoningTools: string };
  /** The simulator profile behind `models.text`, for fault injection. */
  textProfile: string;
  /** The simulator profile of a model that reports cached prompt tokens, and its model name. */
  cached: { profile: string; model: string };
  /** Whether count_tokens is the provider's count or the gateway's estimate. */
  tokenCount: 'provider' | 'estimate';
  /** Whether the upstream signs thinking blocks (and checks the signatures it gets back). */
  signsThinking: boolean;
  /** Whether the upstream reports cache writes (Anthropic does for a marked prefix; OpenAI has no such count). */
  reportsCacheWrites: boolean;
  /** Whether the upstream says which stop sequence ended the answer (Anthropic does; OpenAI only says `stop`). */
  reportsStopSequence: boolean;
  /** The type of the upstream's in-stream error event, as the SDK sees it (the simulator's OpenAI wire sends a server error, its Anthropic wire `overloaded_error`). */
  midStreamErrorType: string;
  /** The tool-call ids in an upstream request body: those of the assistant's calls and those the tool results answer. */
  toolIdsIn(body: Record<string, any>): { calls: string[]; results: string[] };
}

const simulatorProfiles = {
  tooly: { autoToolCallRate: 1, timeToFirstTokenMs: 0 },
  thinky: { reasoning: true, reasoningTokens: 32, autoToolCallRate: 1, timeToFirstTokenMs: 0 },
  cachy: { cachedPromptFraction: 0.5, timeToFirstTokenMs: 0 },
};

const openAiToolIds = (body: Record<string, any>) => ({
  calls: body.messages.flatMap((message: Record<string, any>) => (message.tool_calls ?? []).map((call: { id: string }) => call.id)),
  results: body.messages.filter((message: Record<string, any>) => message.role === 'tool').map((message: Record<string, any>) => message.tool_call_id),
});

const anthropicBlocks = (body: Record<string, any>, role: string, type: string): Record<string, any>[] =>
  body.messages
    .filter((message: Record<string, any>) => message.role === role && Array.isArray(message.content))
    .flatMap((message: Record<string, any>) => message.content.filter((block: Record<string, any>) => block.type === type));

const anthropicToolIds = (body: Record<string, any>) => ({
  calls: anthropicBlocks(body, 'assistant', 'tool_use').map((block) => block.id),
  results: anthropicBlocks(body, 'user', 'tool_result').map((block) => block.tool_use_id),
});

const upstreams: UpstreamCase[] = [
  {
    name: 'an OpenAI-format upstream (the simulator)',
    start: () => startTestGateway({ tree: { auth: { keys: [KEY] }, routing: NO_CIRCUIT_BREAKER }, profiles: simulatorProfiles }),
    models: { text: 'sim/fast', vision: 'sim/vision', reasoning: 'sim/smart', autoTools: 'sim/tooly', reasoningTools: 'sim/thinky' },
    textProfile: 'fast',
    cached: { profile: 'cachy', model: 'sim/cachy' },
    tokenCount: 'estimate',
    signsThinking: false,
    reportsCacheWrites: false,
    reportsStopSequence: false,
    midStreamErrorType: 'api_error',
    toolIdsIn: openAiToolIds,
  },
  {
    name: 'an Anthropic-format upstream (the simulator\'s Anthropic wire)',
    start: () => startTestGateway({ tree: { auth: { keys: [KEY] }, routing: NO_CIRCUIT_BREAKER }, profiles: simulatorProfiles, upstream: 'anthropic' }),
    models: { text: 'sim/fast', vision: 'sim/vision', reasoning: 'sim/smart', autoTools: 'sim/tooly', reasoningTools: 'sim/thinky' },
    textProfile: 'fast',
    cached: { profile: 'cachy', model: 'sim/cachy' },
    tokenCount: 'provider',
    signsThinking: true,
    reportsCacheWrites: true,
    reportsStopSequence: true,
    midStreamErrorType: 'overloaded_error',
    toolIdsIn: anthropicToolIds,
  },
];

const weatherTool = {
  name: 'get_weather',
  description: 'Current weather for a city',
  input_schema: { type: 'object' as const, properties: { city: { type: 'string' } }, required: ['city'] },
};

const cacheControl = { type: 'ephemeral' as const };
const longSystemPrompt = `Text to summarise: ${'the quick brown fox jumps over the lazy dog '.repeat(120)}`;
const cachedParams = (model: string) => ({
  model,
  max_tokens: 64,
  system: [{ type: 'text' as const, text: longSystemPrompt, cache_control: cacheControl }],
  messages: [{ role: 'user' as const, content: 'Summarise the text above in one sentence.' }],
});

// A 1x1 PNG.
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=';

for (const upstream of upstreams) {
  describe(`@anthropic-ai/sdk → /v1/messages, served by ${upstream.name}`, () => {
    let gateway: TestGateway;
    let client: Anthropic;
    const { models } = upstream;

    before(async () => {
      gateway = await upstream.start();
      client = new Anthropic({ baseURL: gateway.url, apiKey: KEY, maxRetries: 0 });
    });
    after(() => gateway.close());

    test('non-streaming text, with the serving deployment in the headers', async () => {
      const { data, response } = await client.messages
        .create({ model: models.text, max_tokens: 256, messages: [{ role: 'user', content: 'Say hello' }] })
        .withResponse();
      assert.equal(data.type, 'message');
      assert.equal(data.role, 'assistant');
      assert.equal(data.model, models.text);
      assert.match(data.id, /^msg_/);
      assert.equal(data.stop_reason, 'end_turn');
      assert.equal(data.content[0]?.type, 'text');
      assert.ok(data.content[0]?.type === 'text' && data.content[0].text.length > 0);
      assert.ok(data.usage.input_tokens > 0 && data.usage.output_tokens > 0);
      assert.equal(response.headers.get('x-skyroute-provider'), models.text.split('/')[0]);
      assert.equal(response.headers.get('x-skyroute-model'), models.text.split('/')[1]);
      assert.equal(response.headers.get('x-skyroute-attempts'), '1');
      assert.match(response.headers.get('x-request-id') ?? '', /^[0-9a-f-]{36}$/);
      assert.equal(response.headers.get('request-id'), response.headers.get('x-request-id'));
    });

    test('streaming non-ASCII text arrives intact through /v1/messages', async () => {
      const reply = 'Grüße 😀 世界 — naïve café ✓';
      gateway.simulator.setProfile(upstream.textProfile, { scriptedReplies: [{ match: 'unicode please', reply }] });
      try {
        const stream = client.messages.stream({ model: models.text, max_tokens: 256, messages: [{ role: 'user', content: 'unicode please' }] });
        let streamed = '';
        stream.on('text', (text) => (streamed += text));
        const final = await stream.finalMessage();
        assert.equal(streamed, reply);
        assert.equal(final.content[0]?.type === 'text' ? final.content[0].text : undefined, reply);
      } finally {
        gateway.simulator.setProfile(upstream.textProfile, { scriptedReplies: [] });
      }
    });

    test('streaming with messages.stream(): text events add up to the final message', async () => {
      const stream = client.messages.stream({ model: models.text, max_tokens: 256, messages: [{ role: 'user', content: 'Tell me something' }] });
      let streamed = '';
      stream.on('text', (delta) => (streamed += delta));
      const message = await stream.finalMessage();
      assert.equal(message.content.length, 1);
      assert.ok(message.content[0]?.type === 'text');
      assert.equal(message.content[0].text, streamed);
      assert.ok(streamed.length > 0);
      assert.equal(message.stop_reason, 'end_turn');
      assert.ok(message.usage.output_tokens > 0);
      assert.ok(message.usage.input_tokens > 0, 'message_delta brings the input count of an upstream that reports it last');
    });

    test('a system prompt, and a newer anthropic-version with betas', async () => {
      const future = new Anthropic({ baseURL: gateway.url, apiKey: KEY, maxRetries: 0, defaultHeaders: { 'anthropic-version': '2099-01-01', 'anthropic-beta': 'future-feature-2099-01-01' } });
      const message = await future.messages.create({
        model: models.text,
        max_tokens: 128,
        system: [{ type: 'text', text: 'You answer in one word.', cache_control: { type: 'ephemeral' } }],
        messages: [{ role: 'user', content: 'Colour of the sky?' }],
      });
      assert.equal(message.stop_reason, 'end_turn');
    });

    test('tools: tool_use, then tool_result on the next turn answers in text', async () => {
      const first = await client.messages.create({
        model: models.text,
        max_tokens: 256,
        tools: [weatherTool],
        messages: [{ role: 'user', content: 'What is the weather in Paris? Use the get_weather tool.' }],
      });
      assert.equal(first.stop_reason, 'tool_use');
      const call = first.content.find((block) => block.type === 'tool_use');
      assert.ok(call !== undefined && call.type === 'tool_use');
      assert.equal(call.name, 'get_weather');
      assert.equal(typeof (call.input as Record<string, unknown>).city, 'string');
      const second = await client.messages.create({
        model: models.text,
        max_tokens: 256,
        tools: [weatherTool],
        messages: [
          { role: 'user', content: 'What is the weather in Paris? Use the get_weather tool.' },
          { role: 'assistant', content: first.content },
          { role: 'user', content: [{ type: 'tool_result', tool_use_id: call.id, content: '21°C and sunny' }] },
        ],
      });
      assert.equal(second.stop_reason, 'end_turn');
      assert.ok(second.content.some((block) => block.type === 'text' && block.text.length > 0));
      const sent = gateway.simulator.requests().at(-1)?.body as Record<string, any>;
      assert.deepEqual(upstream.toolIdsIn(sent), { calls: [call.id], results: [call.id] }, 'the upstream sees the id the client got back, on the call and on its result');
    });

    test('tools, streaming: input_json_delta fragments make the input object; tool_choice auto on a model that calls tools', async () => {
      const stream = client.messages.stream({ model: models.autoTools, max_tokens: 256, tools: [weatherTool], messages: [{ role: 'user', content: 'Anything new?' }] });
      let fragments = '';
      stream.on('inputJson', (delta) => (fragments += delta));
      const message = await stream.finalMessage();
      assert.equal(message.stop_reason, 'tool_use');
      const call = message.content.find((block) => block.type === 'tool_use');
      assert.ok(call !== undefined && call.type === 'tool_use');
      assert.match(call.id, /.+/);
      assert.deepEqual(call.input, JSON.parse(fragments));
      assert.equal(typeof (call.input as Record<string, unknown>).city, 'string');
    });

    test('an image as base64, on a model with vision', async () => {
      const message = await client.messages.create({
        model: models.vision,
        max_tokens: 128,
        messages: [{ role: 'user', content: [{ type: 'text', text: 'What is in this image?' }, { type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG } }] }],
      });
      assert.ok(message.content[0]?.type === 'text' && message.content[0].text.length > 0);
    });

    test('reasoning arrives as a thinking block before the text', async () => {
      const message = await client.messages.create({
        model: models.reasoning,
        max_tokens: 4096,
        thinking: { type: 'enabled', budget_tokens: 2048 },
        messages: [{ role: 'user', content: 'Think first' }],
      });
      assert.deepEqual(message.content.map((block) => block.type), ['thinking', 'text']);
      assert.ok(message.content[0]?.type === 'thinking' && message.content[0].thinking.length > 0);
      if (upstream.signsThinking) assert.ok(message.content[0].signature.length > 0, 'the upstream\'s signature reaches the client');
      else assert.equal(message.content[0].signature, '', 'no signature from an upstream that gives none');
    });

    for (const streaming of [false, true]) {
      test(`thinking with tools${streaming ? ', streaming' : ''}: the thinking block goes back with the tool result and the loop continues`, async () => {
        const question = { role: 'user' as const, content: 'Anything new?' };
        const params = { model: models.reasoningTools, max_tokens: 4096, thinking: { type: 'enabled' as const, budget_tokens: 2048 }, tools: [weatherTool] };
        const first = streaming ? await client.messages.stream({ ...params, messages: [question] }).finalMessage() : await client.messages.create({ ...params, messages: [question] });
        assert.equal(first.stop_reason, 'tool_use');
        assert.deepEqual(first.content.map((block) => block.type).filter((type) => type !== 'text'), ['thinking', 'tool_use']);
        const thinking = first.content[0];
        assert.ok(thinking?.type === 'thinking' && thinking.thinking.length > 0);
        if (upstream.signsThinking) assert.ok(thinking.signature.length > 0);
        else assert.equal(thinking.signature, '');
        const call = first.content.find((block) => block.type === 'tool_use');
        assert.ok(call?.type === 'tool_use');
        const history = [question, { role: 'assistant' as const, content: first.content }, { role: 'user' as const, content: [{ type: 'tool_result' as const, tool_use_id: call.id, content: '21°C and sunny' }] }];
        // The upstream refuses a changed signature or a tool loop without its thinking: an answer means both went back intact.
        const second = streaming ? await client.messages.stream({ ...params, messages: history }).finalMessage() : await client.messages.create({ ...params, messages: history });
        assert.equal(second.stop_reason, 'end_turn');
        assert.ok(second.content.some((block) => block.type === 'text' && block.text.length > 0));
        const sent = gateway.simulator.requests().at(-1)?.body as Record<string, any>;
        assert.deepEqual(upstream.toolIdsIn(sent), { calls: [call.id], results: [call.id] });
        if (upstream.signsThinking) {
          assert.deepEqual(anthropicBlocks(sent, 'assistant', 'thinking'), [{ type: 'thinking', thinking: thinking.thinking, signature: thinking.signature }]);
        }
      });
    }

    test('stop reasons: max_tokens when the limit cuts the answer', async () => {
      const message = await client.messages.create({ model: models.text, max_tokens: 3, messages: [{ role: 'user', content: 'A long story please' }] });
      assert.equal(message.stop_reason, 'max_tokens');
      assert.equal(message.usage.output_tokens, 3);
    });

    for (const streaming of [false, true]) {
      test(`stop reasons: stop_sequences go upstream, and stop_sequence names the one that matched where the upstream says${streaming ? ', streaming' : ''}`, async () => {
        const stops = ['e', 'a'];
        const params = { model: models.text, max_tokens: 256, stop_sequences: stops, messages: [{ role: 'user' as const, content: 'Tell me something' }] };
        const message = streaming ? await client.messages.stream(params).finalMessage() : await client.messages.create(params);
        const sent = gateway.simulator.requests().at(-1)?.body as Record<string, unknown>;
        assert.deepEqual(sent.stop_sequences ?? sent.stop, stops, 'the stop sequences went upstream');
        if (upstream.reportsStopSequence) {
          assert.equal(message.stop_reason, 'stop_sequence');
          assert.ok(message.stop_sequence !== null && stops.includes(message.stop_sequence), String(message.stop_sequence));
          const text = message.content.map((block) => (block.type === 'text' ? block.text : '')).join('');
          assert.ok(!stops.some((stop) => text.includes(stop)), `the answer ends before the sequence: ${text}`);
        } else {
          // OpenAI says only "stop", which is end_turn; which sequence matched is unknown.
          assert.equal(message.stop_reason, 'end_turn');
          assert.equal(message.stop_sequence, null);
        }
      });
    }

    test('usage means what Anthropic means: input excludes cache reads and writes, which are counted beside it', async () => {
      // A long system prompt marked for caching (Anthropic caches only what the client marks; OpenAI
      // caches on its own), then a question that is not cached.
      const openai = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: KEY, maxRetries: 0 });
      const openAiSystem = [{ type: 'text', text: longSystemPrompt, cache_control: cacheControl }] as unknown as OpenAI.ChatCompletionContentPartText[];
      const viaOpenAI = await openai.chat.completions.create({
        model: upstream.cached.model,
        max_completion_tokens: 64,
        messages: [{ role: 'system', content: openAiSystem }, { role: 'user', content: 'Summarise the text above in one sentence.' }],
      });
      const viaAnthropic = await client.messages.create(cachedParams(upstream.cached.model));
      const details = viaOpenAI.usage?.prompt_tokens_details as { cached_tokens?: number; cache_write_tokens?: number } | undefined;
      const cached = details?.cached_tokens ?? 0;
      const written = details?.cache_write_tokens ?? 0;
      assert.ok(cached > 0, 'the simulator reported cached tokens');
      if (upstream.reportsCacheWrites) assert.ok(written > 0, 'the rest of the marked prefix was written to the cache');
      else assert.equal(written, 0);
      assert.equal(viaAnthropic.usage.cache_read_input_tokens, cached);
      assert.equal(viaAnthropic.usage.cache_creation_input_tokens, written);
      assert.equal(viaAnthropic.usage.input_tokens, (viaOpenAI.usage?.prompt_tokens ?? 0) - cached - written);
      assert.ok(viaAnthropic.usage.input_tokens > 0);
      assert.equal(viaAnthropic.usage.output_tokens, viaOpenAI.usage?.completion_tokens);
    });

    test('usage in a stream: message_start and message_delta bring the cache counts', async () => {
      const params = cachedParams(upstream.cached.model);
      const streamed = await client.messages.stream(params).finalMessage();
      const whole = await client.messages.create(params);
      assert.ok((streamed.usage.cache_read_input_tokens ?? 0) > 0);
      assert.deepEqual(
        [streamed.usage.input_tokens, streamed.usage.cache_read_input_tokens, streamed.usage.cache_creation_input_tokens, streamed.usage.output_tokens],
        [whole.usage.input_tokens, whole.usage.cache_read_input_tokens, whole.usage.cache_creation_input_tokens, whole.usage.output_tokens],
      );
    });

    test('count_tokens counts system, messages and tools', async () => {
      const base = { model: models.text, messages: [{ role: 'user' as const, content: 'hello world' }] };
      const { data, response } = await client.messages.countTokens(base).withResponse();
      assert.equal(response.headers.get('x-skyroute-token-count'), upstream.tokenCount);
      if (upstream.tokenCount === 'estimate') assert.equal(data.input_tokens, 3 + 4 + 2, 'reply priming + one message + "hello world" in o200k');
      else {
        // The provider's own count, unchanged: ask the upstream the same question directly.
        assert.equal(response.headers.get('x-skyroute-provider'), 'sim');
        const sent = gateway.simulator.requests().at(-1);
        assert.match(sent?.path ?? '', /\/messages\/count_tokens$/);
        const direct = await fetch(`${gateway.simulator.baseUrls.anthropic}/messages/count_tokens`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01', 'x-api-key': SIMULATOR_ANTHROPIC_KEY },
          body: JSON.stringify(sent?.body),
        });
        assert.equal(direct.status, 200);
        assert.equal(((await direct.json()) as { input_tokens: number }).input_tokens, data.input_tokens);
      }
      const withSystem = await client.messages.countTokens({ ...base, system: 'You are a helpful assistant.' });
      const withTool = await client.messages.countTokens({ ...base, tools: [weatherTool] });
      assert.ok(withSystem.input_tokens > data.input_tokens);
      assert.ok(withTool.input_tokens > data.input_tokens);
    });

    test('the key as x-api-key or as Authorization: Bearer; a wrong key is an AuthenticationError', async () => {
      const bearer = new Anthropic({ baseURL: gateway.url, apiKey: null, authToken: KEY, maxRetries: 0 });
      const message = await bearer.messages.create({ model: models.text, max_tokens: 16, messages: [{ role: 'user', content: 'hi' }] });
      assert.equal(message.type, 'message');
      for (const wrong of [new Anthropic({ baseURL: gateway.url, apiKey: 'sk-wrong', maxRetries: 0 }), new Anthropic({ baseURL: gateway.url, apiKey: null, authToken: 'sk-wrong', maxRetries: 0 })]) {
        await assert.rejects(wrong.messages.create({ model: models.text, max_tokens: 16, messages: [{ role: 'user', content: 'hi' }] }), (error: unknown) => {
          assert.ok(error instanceof Anthropic.AuthenticationError, String(error));
          assert.equal(error.type, 'authentication_error');
          assert.match(error.apiMessage ?? '', /ending in "rong"/);
          return true;
        });
      }
    });

    test('an unknown model is a NotFoundError with our message', async () => {
      await assert.rejects(client.messages.create({ model: 'no-such-model', max_tokens: 16, messages: [{ role: 'user', content: 'hi' }] }), (error: unknown) => {
        assert.ok(error instanceof Anthropic.NotFoundError, String(error));
        assert.equal(error.type, 'not_found_error');
        assert.match(error.apiMessage ?? '', /The model "no-such-model" does not exist on this gateway/);
        assert.ok(error.requestID);
        return true;
      });
    });

    test('an invalid body is a BadRequestError naming the field', async () => {
      const bad = (params: Record<string, unknown>) => client.messages.create(params as unknown as Anthropic.MessageCreateParamsNonStreaming);
      for (const [params, message] of [
        [{ model: models.text, max_tokens: 16, messages: [] }, /messages: needs at least one message/],
        [{ model: models.text, max_tokens: 16, messages: [{ role: 'user', content: 'hi' }], frobnicate: true }, /^frobnicate: /],
        [{ model: models.text, max_tokens: 16, messages: [{ role: 'user', content: 'hi' }], tools: [{ type: 'web_search_20250305', name: 'web_search' }] }, /^tools\[0\]\.type: /],
      ] as const) {
        await assert.rejects(bad(params), (error: unknown) => {
          assert.ok(error instanceof Anthropic.BadRequestError, String(error));
          assert.equal(error.type, 'invalid_request_error');
          assert.match(error.apiMessage ?? '', message);
          return true;
        });
      }
    });

    test('an upstream 429 is a RateLimitError with retry-after', async () => {
      gateway.simulator.setProfile(upstream.textProfile, { rateLimitRate: 1, retryAfterSeconds: 7 });
      try {
        await assert.rejects(client.messages.create({ model: models.text, max_tokens: 16, messages: [{ role: 'user', content: 'hi' }] }), (error: unknown) => {
          assert.ok(error instanceof Anthropic.RateLimitError, String(error));
          assert.equal(error.type, 'rate_limit_error');
          assert.equal(error.headers.get('retry-after'), '7');
          return true;
        });
      } finally {
        gateway.simulator.setProfile(upstream.textProfile, { rateLimitRate: 0 });
      }
    });

    // docs/anthropic-endpoint.md: an overload from any upstream is Anthropic's 529 on this endpoint.
    test('an upstream overload (Anthropic\'s 529, OpenAI\'s 503) is a 529 overloaded_error (the SDK\'s OverloadedError)', async () => {
      gateway.simulator.setProfile(upstream.textProfile, { outages: [{ mode: 'error' }] });
      try {
        for (const stream of [false, true]) {
          await assert.rejects(client.messages.create({ model: models.text, max_tokens: 16, stream, messages: [{ role: 'user', content: 'hi' }] }), (error: unknown) => {
            assert.ok(error instanceof Anthropic.OverloadedError, String(error));
            assert.equal(error.status, 529);
            assert.equal(error.type, 'overloaded_error');
            assert.equal(error.headers.get('x-should-retry'), null, 'an overload is worth retrying: the SDK decides by its status');
            return true;
          });
        }
      } finally {
        gateway.simulator.setProfile(upstream.textProfile, { outages: [] });
      }
    });

    test('an error event in the upstream stream is an error event of the same type for the SDK', async () => {
      gateway.simulator.setProfile(upstream.textProfile, { midStreamFailureRate: 1, midStreamFailureAfterChunks: 3, midStreamFailureMode: 'error-event' });
      try {
        const stream = client.messages.stream({ model: models.text, max_tokens: 256, messages: [{ role: 'user', content: 'hi' }] });
        let received = '';
        stream.on('text', (delta) => (received += delta));
        await assert.rejects(stream.finalMessage(), (error: unknown) => {
          assert.ok(error instanceof Anthropic.APIError, String(error));
          assert.equal(error.type, upstream.midStreamErrorType);
          return true;
        });
        assert.ok(received.length > 0);
      } finally {
        gateway.simulator.setProfile(upstream.textProfile, { midStreamFailureRate: 0 });
      }
    });

    test('a failure after the stream began is an error event the SDK raises, after the text that came first', async () => {
      gateway.simulator.setProfile(upstream.textProfile, { midStreamFailureRate: 1, midStreamFailureAfterChunks: 3, midStreamFailureMode: 'cut' });
      try {
        const stream = client.messages.stream({ model: models.text, max_tokens: 256, messages: [{ role: 'user', content: 'hi' }] });
        let received = '';
        stream.on('text', (delta) => (received += delta));
        await assert.rejects(stream.finalMessage(), (error: unknown) => {
          assert.ok(error instanceof Anthropic.APIError, String(error));
          assert.equal(error.type, 'api_error');
          assert.match(error.message, /the stream was cut off/);
          return true;
        });
        assert.ok(received.length > 0);
      } finally {
        gateway.simulator.setProfile(upstream.textProfile, { midStreamFailureRate: 0 });
      }
    });
  });
}

describe('what an OpenAI-format upstream receives from /v1/messages', () => {
  let gateway: TestGateway;
  let client: Anthropic;
  before(async () => {
    gateway = await startTestGateway({ tree: { auth: { keys: [KEY] } } });
    client = new Anthropic({ baseURL: gateway.url, apiKey: KEY, maxRetries: 0 });
  });
  after(() => gateway.close());

  const lastBody = (): Record<string, any> => gateway.simulator.requests().at(-1)?.body as Record<string, any>;

  test('system first, tool ids kept across turns, one tool message per result, the image as a data URL', async () => {
    await client.messages.create({
      model: 'sim/vision',
      max_tokens: 200,
      system: 'Be terse.',
      tools: [weatherTool],
      tool_choice: { type: 'auto', disable_parallel_tool_use: true },
      messages: [
        { role: 'user', content: 'Weather in Paris and Rome?' },
        {
          role: 'assistant',
          content: [
            { type: 'tool_use', id: 'toolu_A', name: 'get_weather', input: { city: 'Paris' } },
            { type: 'tool_use', id: 'toolu_B', name: 'get_weather', input: { city: 'Rome' } },
          ],
        },
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: 'toolu_A', content: '21°C' },
            { type: 'tool_result', tool_use_id: 'toolu_B', content: 'station offline', is_error: true },
            { type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG } },
          ],
        },
      ],
    });
    const body = lastBody();
    assert.deepEqual(body.messages[0], { role: 'system', content: 'Be terse.' });
    assert.deepEqual(
      body.messages[2].tool_calls.map((call: { id: string; function: { arguments: string } }) => [call.id, JSON.parse(call.function.arguments)]),
      [['toolu_A', { city: 'Paris' }], ['toolu_B', { city: 'Rome' }]],
    );
    assert.deepEqual(
      body.messages.slice(3, 5).map((message: Record<string, unknown>) => [message.role, message.tool_call_id, message.content]),
      [['tool', 'toolu_A', '21°C'], ['tool', 'toolu_B', 'station offline']],
    );
    assert.equal('is_error' in body.messages[4], false, 'OpenAI has no is_error field: the failure is in the content');
    assert.deepEqual(body.messages[5], { role: 'user', content: [{ type: 'image_url', image_url: { url: `data:image/png;base64,${PNG}` } }] });
    assert.equal(body.tool_choice, 'auto');
    assert.equal(body.parallel_tool_calls, false);
    assert.equal(body.max_completion_tokens, 200);
  });

  test('the id of a tool call the client got back is the id the upstream sees on the next turn', async () => {
    const first = await client.messages.create({ model: 'sim/fast', max_tokens: 128, tools: [weatherTool], tool_choice: { type: 'any' }, messages: [{ role: 'user', content: 'Paris?' }] });
    const call = first.content.find((block) => block.type === 'tool_use');
    assert.ok(call !== undefined && call.type === 'tool_use');
    await client.messages.create({
      model: 'sim/fast',
      max_tokens: 128,
      tools: [weatherTool],
      messages: [
        { role: 'user', content: 'Paris?' },
        { role: 'assistant', content: first.content },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: call.id, content: '21°C' }] },
      ],
    });
    const body = lastBody();
    assert.equal(body.messages[1].tool_calls[0].id, call.id);
    assert.equal(body.messages[2].tool_call_id, call.id);
  });

  test('errors before routing are in Anthropic\'s shape on these paths, and stay OpenAI-shaped on the others', async () => {
    const call = async (path: string, init: RequestInit) => {
      const response = await fetch(`${gateway.url}${path}`, init);
      return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, any> };
    };
    const post = (body: string, headers: Record<string, string> = { 'x-api-key': KEY }) => ({ method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
    for (const [path, init, status, type, message] of [
      ['/v1/messages', post('{"model": "sim/fast", "messages": ['), 400, 'invalid_request_error', /not valid JSON/],
      ['/v1/messages', post('{}', {}), 401, 'authentication_error', /No API key/],
      ['/v1/messages', { method: 'GET', headers: { 'x-api-key': KEY } }, 405, 'invalid_request_error', /takes POST, not GET/],
      ['/v1/messages/batches', post('{}'), 404, 'not_found_error', /is not served by this gateway/],
      ['/messages/count_tokens', post('{"model": "nope", "messages": [{"role": "user", "content": "x"}]}'), 404, 'not_found_error', /"nope" does not exist/],
    ] as const) {
      const { status: got, headers, body } = await call(path, init);
      assert.equal(got, status, `${path}: ${JSON.stringify(body)}`);
      assert.equal(body.type, 'error');
      assert.equal(body.error.type, type);
      assert.match(body.error.message, message);
      assert.equal(body.request_id, headers.get('x-request-id'));
      assert.equal(headers.get('request-id'), headers.get('x-request-id'));
      assert.equal(headers.get('x-should-retry'), 'false');
    }
    const openai = await call('/v1/chat/completions', post('{"model": "sim/fast", "messages": ['));
    assert.equal(openai.status, 400);
    assert.equal(openai.body.type, undefined);
    assert.equal(openai.body.error.type, 'invalid_request_error');
    assert.equal(openai.body.error.skyroute_code, 'GW_ERR_REQUEST_INVALID_JSON');
  });

  test('thinking becomes reasoning_effort; the Anthropic settings for an Anthropic upstream do not reach this one', async () => {
    // Earlier SDK versions send temperature and top_k; v1.12's types no longer list them.
    const params = { model: 'sim/smart', max_tokens: 4096, thinking: { type: 'enabled', budget_tokens: 20000 }, temperature: 0.5, top_k: 20, messages: [{ role: 'user', content: 'hi' }] };
    await client.messages.create(params as Anthropic.MessageCreateParamsNonStreaming);
    const body = lastBody();
    assert.equal(body.reasoning_effort, 'high');
    assert.equal(body.temperature, 0.5);
    assert.equal(body.top_k, 20);
    assert.equal(body.providerOptions, undefined);
    assert.equal(body.thinking, undefined);
  });
});
