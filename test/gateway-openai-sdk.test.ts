import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import OpenAI from 'openai';
import { NO_CIRCUIT_BREAKER, startTestGateway, type TestGateway } from './support/start-test-gateway.js';

/** The official `openai` SDK as the client, the gateway in the middle, the simulator upstream. */
let gateway: TestGateway;
let client: OpenAI;

before(async () => {
  gateway = await startTestGateway({
    tree: {
      routing: NO_CIRCUIT_BREAKER,
      models: [
        { name: 'chat', deployments: [{ provider: 'sim', model: 'broken' }, { provider: 'sim', model: 'fast' }] },
        // `broken` is unknown to the catalog, so it may embed; the simulator refuses, and the next one serves.
        { name: 'vectors', deployments: [{ provider: 'sim', model: 'broken' }, { provider: 'sim', model: 'embed' }] },
      ],
    },
    profiles: { broken: { errorRate: 1, timeToFirstTokenMs: 0 } },
  });
  client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: 'unused', maxRetries: 0 });
});

after(() => gateway.close());

const weatherTool = {
  type: 'function' as const,
  function: {
    name: 'get_weather',
    description: 'Current weather for a city',
    parameters: {
      $schema: 'http://json-schema.org/draft-07/schema#',
      type: 'object',
      properties: { city: { type: 'string', title: 'City' }, unit: { type: 'string', enum: ['celsius', 'fahrenheit'] } },
      required: ['city', 'unit'],
      additionalProperties: false,
    },
  },
};

describe('chat completions', () => {
  test('non-streaming: content, usage and the serving deployment in headers', async () => {
    const { data, response } = await client.chat.completions
      .create({ model: 'sim/fast', messages: [{ role: 'user', content: 'Say hello' }] })
      .withResponse();
    assert.equal(data.object, 'chat.completion');
    assert.ok((data.choices[0]?.message.content ?? '').length > 0);
    assert.equal(data.choices[0]?.finish_reason, 'stop');
    assert.ok((data.usage?.prompt_tokens ?? 0) > 0);
    assert.ok((data.usage?.completion_tokens ?? 0) > 0);
    assert.match(response.headers.get('x-request-id') ?? '', /^[0-9a-f-]{36}$/);
    assert.equal(response.headers.get('x-skyroute-provider'), 'sim');
    assert.equal(response.headers.get('x-skyroute-model'), 'fast');
  });

  test('the upstream is called non-streaming for a non-streaming request', async () => {
    gateway.simulator.clearRequests();
    await client.chat.completions.create({ model: 'sim/fast', messages: [{ role: 'user', content: 'hi' }] });
    const sent = gateway.simulator.requests().at(-1);
    assert.equal((sent?.body as Record<string, unknown>).stream, undefined);
  });

  test('streaming: chunks in order, the role first, finish last, usage only when asked for', async () => {
    const stream = await client.chat.completions.create({ model: 'sim/fast', stream: true, messages: [{ role: 'user', content: 'Tell me something' }] });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    assert.equal(chunks[0]?.choices[0]?.delta.role, 'assistant');
    const text = chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('');
    assert.ok(text.length > 0);
    assert.equal(chunks.at(-1)?.choices[0]?.finish_reason, 'stop');
    assert.ok(chunks.every((chunk) => chunk.usage === undefined || chunk.usage === null), 'no usage chunk when not asked for');

    const withUsage = await client.chat.completions.create({
      model: 'sim/fast',
      stream: true,
      stream_options: { include_usage: true },
      messages: [{ role: 'user', content: 'Tell me something' }],
    });
    const withUsageChunks = [];
    for await (const chunk of withUsage) withUsageChunks.push(chunk);
    const last = withUsageChunks.at(-1);
    assert.deepEqual(last?.choices, []);
    assert.ok((last?.usage?.completion_tokens ?? 0) > 0);
  });

  test('streaming non-ASCII text: every byte arrives as the upstream sent it, split into chunks or not', async () => {
    const reply = 'Grüße 😀 世界 — naïve café ✓';
    gateway.simulator.setProfile('fast', { scriptedReplies: [{ match: 'unicode please', reply }] });
    try {
      const stream = await client.chat.completions.create({ model: 'sim/fast', stream: true, messages: [{ role: 'user', content: 'unicode please' }] });
      let text = '';
      let chunks = 0;
      for await (const chunk of stream) {
        text += chunk.choices[0]?.delta.content ?? '';
        chunks++;
      }
      assert.equal(text, reply);
      assert.ok(chunks > 5, 'one chunk per word, as the simulator sends it');
      const whole = await client.chat.completions.create({ model: 'sim/fast', messages: [{ role: 'user', content: 'unicode please' }] });
      assert.equal(whole.choices[0]?.message.content, reply);
    } finally {
      gateway.simulator.setProfile('fast', { scriptedReplies: [] });
    }
  });

  test('the upstream is always asked for usage, even when the client did not ask', async () => {
    gateway.simulator.clearRequests();
    const stream = await client.chat.completions.create({ model: 'sim/fast', stream: true, messages: [{ role: 'user', content: 'hi' }] });
    for await (const _chunk of stream) void _chunk;
    const sent = gateway.simulator.requests().at(-1)?.body as Record<string, any>;
    assert.equal(sent.stream_options?.include_usage, true);
  });

  test('unknown request fields reach an OpenAI-compatible upstream untouched', async () => {
    gateway.simulator.clearRequests();
    await client.chat.completions.create({
      model: 'sim/fast',
      messages: [{ role: 'user', content: 'hi' }],
      // @ts-expect-error a field the SDK does not know
      vendor_flag: { deep: [1, 2, 3] },
      seed: 11,
      metadata: { team: 'a' },
    });
    const sent = gateway.simulator.requests().at(-1)?.body as Record<string, any>;
    assert.deepEqual(sent.vendor_flag, { deep: [1, 2, 3] });
    assert.equal(sent.seed, 11);
    assert.deepEqual(sent.metadata, { team: 'a' });
    assert.equal(sent.model, 'fast');
  });

  test('tools, non-streaming: arguments are JSON that satisfies the schema', async () => {
    const completion = await client.chat.completions.create({
      model: 'sim/fast',
      tools: [weatherTool],
      tool_choice: 'required',
      messages: [{ role: 'user', content: 'What is the weather in Paris?' }],
    });
    const call = completion.choices[0]?.message.tool_calls?.[0];
    assert.equal(completion.choices[0]?.finish_reason, 'tool_calls');
    assert.ok(call !== undefined && call.type === 'function');
    assert.equal(call.function.name, 'get_weather');
    const args = JSON.parse(call.function.arguments) as Record<string, unknown>;
    assert.equal(typeof args.city, 'string');
    assert.ok(['celsius', 'fahrenheit'].includes(args.unit as string));
  });

  test('tools, streaming: parallel calls keep their index, id and concatenated arguments', async () => {
    const stream = await client.chat.completions.create({
      model: 'sim/fast',
      stream: true,
      tools: [weatherTool, { type: 'function', function: { name: 'get_time', parameters: { type: 'object', properties: { zone: { type: 'string' } }, required: ['zone'] } } }],
      tool_choice: 'required',
      messages: [{ role: 'user', content: 'Use both tools in parallel for Paris' }],
    });
    const calls: Array<{ id: string; name: string; arguments: string }> = [];
    let finish: string | null | undefined;
    for await (const chunk of stream) {
      for (const delta of chunk.choices[0]?.delta.tool_calls ?? []) {
        const call = (calls[delta.index] ??= { id: '', name: '', arguments: '' });
        if (delta.id) call.id = delta.id;
        if (delta.function?.name) call.name = delta.function.name;
        call.arguments += delta.function?.arguments ?? '';
      }
      finish = chunk.choices[0]?.finish_reason ?? finish;
    }
    assert.equal(finish, 'tool_calls');
    assert.equal(calls.length, 2);
    assert.deepEqual(calls.map((call) => call.name).sort(), ['get_time', 'get_weather']);
    for (const call of calls) {
      assert.ok(call.id.length > 0);
      assert.doesNotThrow(() => JSON.parse(call.arguments), call.arguments);
    }
  });

  test('a tool result turn round-trips', async () => {
    const completion = await client.chat.completions.create({
      model: 'sim/fast',
      tools: [weatherTool],
      messages: [
        { role: 'user', content: 'Weather in Paris?' },
        { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris","unit":"celsius"}' } }] },
        { role: 'tool', tool_call_id: 'call_1', content: '{"temperature": 21}' },
      ],
    });
    assert.equal(completion.choices[0]?.finish_reason, 'stop');
    assert.ok((completion.choices[0]?.message.content ?? '').length > 0);
  });

  test('reasoning text arrives as reasoning_content', async () => {
    const completion = await client.chat.completions.create({ model: 'sim/smart', messages: [{ role: 'user', content: 'Think first' }] });
    const message = completion.choices[0]?.message as unknown as Record<string, unknown>;
    assert.equal(typeof message.reasoning_content, 'string');
    assert.ok((completion.usage?.completion_tokens_details?.reasoning_tokens ?? 0) > 0);
  });

  test('a fallback group serves from the next deployment when the first fails', async () => {
    const { data, response } = await client.chat.completions.create({ model: 'chat', messages: [{ role: 'user', content: 'hi' }] }).withResponse();
    assert.ok((data.choices[0]?.message.content ?? '').length > 0);
    assert.equal(response.headers.get('x-skyroute-model'), 'fast');
    assert.equal(response.headers.get('x-skyroute-attempts'), '2');
  });
});

describe('embeddings and models', () => {
  test('embeddings: the SDK default (base64) and float both decode to the same vectors', async () => {
    const viaBase64 = await client.embeddings.create({ model: 'sim/embed', input: ['alpha', 'beta'] });
    const viaFloat = await client.embeddings.create({ model: 'sim/embed', input: ['alpha', 'beta'], encoding_format: 'float' });
    assert.equal(viaBase64.data.length, 2);
    assert.equal(viaBase64.data[0]?.embedding.length, 256);
    for (const [index, item] of viaFloat.data.entries()) {
      const other = viaBase64.data[index]!.embedding;
      item.embedding.forEach((value, position) => assert.ok(Math.abs(value - other[position]!) < 1e-6));
    }
    assert.ok(viaFloat.usage.prompt_tokens > 0);
  });

  test('embeddings fail over like chat does', async () => {
    const { data, response } = await client.embeddings.create({ model: 'vectors', input: 'alpha', encoding_format: 'float' }).withResponse();
    assert.equal(data.data[0]?.embedding.length, 256);
    assert.equal(response.headers.get('x-skyroute-model'), 'embed');
    assert.equal(response.headers.get('x-skyroute-attempts'), '2');
  });

  test('models: the list carries context window, prices and capabilities; retrieve works with a slash in the id', async () => {
    const page = await client.models.list();
    const ids = page.data.map((model) => model.id);
    for (const id of ['sim/fast', 'sim/smart', 'sim/vision', 'sim/embed', 'chat']) assert.ok(ids.includes(id), `${id} listed`);
    const fast = page.data.find((model) => model.id === 'sim/fast') as unknown as Record<string, any>;
    assert.equal(fast.context_window, 128000);
    assert.equal(fast.pricing.input, 0.1);
    assert.ok(fast.capabilities.includes('tools'));
    const retrieved = (await client.models.retrieve('sim/vision')) as unknown as Record<string, any>;
    assert.equal(retrieved.id, 'sim/vision');
    assert.ok(retrieved.capabilities.includes('vision'));
  });
});

describe('errors reach the SDK as OpenAI errors', () => {
  test('an unknown model is a 404 that says how to list models', async () => {
    await assert.rejects(client.chat.completions.create({ model: 'no-such-model', messages: [{ role: 'user', content: 'hi' }] }), (error: unknown) => {
      assert.ok(error instanceof OpenAI.NotFoundError);
      assert.match(error.message, /no-such-model/);
      assert.match(error.message, /GET \/v1\/models/);
      return true;
    });
  });

  test('an image for a model without vision is refused with a 400 naming the field and the model', async () => {
    await assert.rejects(
      client.chat.completions.create({
        model: 'sim/fast',
        messages: [{ role: 'user', content: [{ type: 'text', text: 'what is this' }, { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } }] }],
      }),
      (error: unknown) => {
        assert.ok(error instanceof OpenAI.BadRequestError);
        assert.match(error.message, /messages\[0\]\.content\[1\]/);
        assert.match(error.message, /sim\/fast cannot take images/);
        return true;
      },
    );
    const completion = await client.chat.completions.create({
      model: 'sim/vision',
      messages: [{ role: 'user', content: [{ type: 'text', text: 'what is this' }, { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } }] }],
    });
    assert.ok((completion.choices[0]?.message.content ?? '').length > 0);
  });

  test('an upstream 5xx is a 502 that names the provider', async () => {
    await assert.rejects(client.chat.completions.create({ model: 'sim/broken', messages: [{ role: 'user', content: 'hi' }] }), (error: unknown) => {
      assert.ok(error instanceof OpenAI.APIError);
      assert.equal(error.status, 502);
      assert.match(error.message, /^502 sim: /);
      return true;
    });
  });

  test('an upstream 429 is a 429 with retry-after', async () => {
    gateway.simulator.setProfile('fast', { rateLimitRate: 1, retryAfterSeconds: 7 });
    try {
      await assert.rejects(client.chat.completions.create({ model: 'sim/fast', messages: [{ role: 'user', content: 'hi' }] }), (error: unknown) => {
        assert.ok(error instanceof OpenAI.RateLimitError);
        assert.equal(error.headers?.get('retry-after'), '7');
        assert.match(error.message, /sim: /);
        return true;
      });
    } finally {
      gateway.simulator.setProfile('fast', { rateLimitRate: 0 });
    }
  });

  test('a failure after the stream began ends it with an error event the SDK raises', async () => {
    gateway.simulator.setProfile('fast', { midStreamFailureRate: 1, midStreamFailureAfterChunks: 3, midStreamFailureMode: 'cut' });
    try {
      const stream = await client.chat.completions.create({ model: 'sim/fast', stream: true, messages: [{ role: 'user', content: 'hi' }] });
      let received = '';
      await assert.rejects(
        (async () => {
          for await (const chunk of stream) received += chunk.choices[0]?.delta.content ?? '';
        })(),
        (error: unknown) => {
          assert.ok(error instanceof OpenAI.APIError);
          assert.match(error.message, /sim: the stream was cut off/);
          return true;
        },
      );
      assert.ok(received.length > 0, 'the chunks before the failure arrived');
    } finally {
      gateway.simulator.setProfile('fast', { midStreamFailureRate: 0 });
    }
  });

  test('a client that disconnects mid-stream aborts the upstream request at once', async () => {
    gateway.simulator.setProfile('smart', { tokensPerSecond: 20, outputTokens: 400 });
    try {
      const before = (await (await fetch(`${gateway.simulator.url.replace(/\/v1$/, '')}/_sim/stats`)).json()) as Record<string, number>;
      const controller = new AbortController();
      const stream = await client.chat.completions.create(
        { model: 'sim/smart', stream: true, messages: [{ role: 'user', content: 'a long answer please' }] },
        { signal: controller.signal },
      );
      let chunks = 0;
      try {
        for await (const _chunk of stream) {
          if (++chunks === 3) controller.abort();
        }
      } catch (error) {
        assert.ok(error instanceof OpenAI.APIUserAbortError, String(error));
      }
      assert.equal(chunks, 3, 'iteration stopped at the abort');
      let after: Record<string, number> = before;
      for (let attempt = 0; attempt < 50 && after.clientDisconnects === before.clientDisconnects; attempt++) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        after = (await (await fetch(`${gateway.simulator.url.replace(/\/v1$/, '')}/_sim/stats`)).json()) as Record<string, number>;
      }
      assert.equal(after.clientDisconnects, (before.clientDisconnects ?? 0) + 1, 'the simulator saw the upstream request go away');
    } finally {
      gateway.simulator.setProfile('smart', { tokensPerSecond: 150, outputTokens: 64 });
    }
  });
});
