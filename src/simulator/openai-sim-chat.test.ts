import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import { findSchemaViolations } from './__fixtures__/find-schema-violations.js';
import { parseSseEvents, postJson } from './__fixtures__/post-json.js';
import { startSimulator, type RunningSimulator } from './start-simulator.js';

const instant = { timeToFirstTokenMs: 0, timeToFirstTokenJitterMs: 0, tokensPerSecond: 0 };
const hello = [{ role: 'user' as const, content: 'Say hello to the gateway.' }];

describe('OpenAI chat completions', () => {
  let sim: RunningSimulator;
  let client: OpenAI;
  before(async () => {
    sim = await startSimulator({ profiles: { fast: instant, smart: instant } });
    client = new OpenAI({ baseURL: sim.url, apiKey: 'x', maxRetries: 0 });
  });
  after(() => sim.close());

  it('answers a non-streaming request with a chat.completion', async () => {
    const completion = await client.chat.completions.create({ model: 'fast', messages: hello });
    assert.equal(completion.object, 'chat.completion');
    assert.match(completion.id, /^chatcmpl-/);
    assert.equal(completion.model, 'fast');
    assert.equal(completion.choices.length, 1);
    const [choice] = completion.choices;
    assert.equal(choice?.message.role, 'assistant');
    assert.equal(choice?.finish_reason, 'stop');
    assert.equal(typeof choice?.message.content, 'string');
    // One token per word: the default fast profile answers 32 tokens.
    assert.equal(choice?.message.content?.split(' ').length, 32);
    assert.deepEqual(completion.usage, {
      prompt_tokens: completion.usage?.prompt_tokens,
      completion_tokens: 32,
      total_tokens: (completion.usage?.prompt_tokens ?? 0) + 32,
      prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
      completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
    });
    assert.ok((completion.usage?.prompt_tokens ?? 0) > 5);
  });

  it('frames a stream exactly as OpenAI does, without usage unless asked', async () => {
    const raw = await postJson(`${sim.url}/chat/completions`, { model: 'fast', messages: hello, stream: true });
    assert.equal(raw.status, 200);
    assert.equal(raw.headers.get('content-type'), 'text/event-stream; charset=utf-8');
    assert.match(raw.text, /^data: \{"id":"chatcmpl-/);
    assert.ok(raw.text.endsWith('\n\ndata: [DONE]\n\n'));
    assert.ok(!raw.text.includes('\r'));
    const events = parseSseEvents(raw.text);
    assert.equal(events.at(-1), '[DONE]');
    const chunks = events.slice(0, -1) as any[];
    for (const chunk of chunks) {
      assert.equal(chunk.object, 'chat.completion.chunk');
      assert.equal(chunk.id, chunks[0].id);
      assert.ok(!('usage' in chunk), 'no usage key without include_usage');
    }
    assert.deepEqual(chunks[0].choices, [{ index: 0, delta: { role: 'assistant', content: '', refusal: null }, logprobs: null, finish_reason: null }]);
    assert.deepEqual(chunks.at(-1).choices, [{ index: 0, delta: {}, logprobs: null, finish_reason: 'stop' }]);
    const content = chunks.slice(1, -1).map((chunk) => chunk.choices[0].delta.content);
    assert.equal(content.length, 32, 'one chunk per token');
    const whole = await client.chat.completions.create({ model: 'fast', messages: hello });
    assert.equal(content.join(''), whole.choices[0]?.message.content, 'stream and non-stream give the same answer');
  });

  it('adds usage: null to every chunk and a final usage chunk with include_usage', async () => {
    const raw = await postJson(`${sim.url}/chat/completions`, {
      model: 'fast',
      messages: hello,
      stream: true,
      stream_options: { include_usage: true },
      max_tokens: 6,
    });
    const chunks = parseSseEvents(raw.text).slice(0, -1) as any[];
    const last = chunks.at(-1);
    assert.deepEqual(last.choices, []);
    assert.equal(last.usage.completion_tokens, 6);
    assert.equal(last.usage.total_tokens, last.usage.prompt_tokens + 6);
    assert.equal(last.usage.completion_tokens_details.reasoning_tokens, 0);
    assert.equal(last.usage.prompt_tokens_details.cached_tokens, 0);
    for (const chunk of chunks.slice(0, -1)) assert.equal(chunk.usage, null);
    assert.equal(chunks.at(-2).choices[0].finish_reason, 'length');
  });

  it('streams through the SDK', async () => {
    const stream = await client.chat.completions.create({ model: 'fast', messages: hello, stream: true, stream_options: { include_usage: true } });
    let text = '';
    let usage: OpenAI.CompletionUsage | null | undefined;
    let finish: string | null | undefined;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      finish = chunk.choices[0]?.finish_reason ?? finish;
      usage = chunk.usage ?? usage;
    }
    assert.equal(finish, 'stop');
    assert.equal(usage?.completion_tokens, 32);
    assert.equal(text.split(' ').length, 32);
  });

  it('stops at max_tokens or max_completion_tokens with finish_reason length', async () => {
    const capped = await client.chat.completions.create({ model: 'fast', messages: hello, max_tokens: 5 });
    assert.equal(capped.choices[0]?.finish_reason, 'length');
    assert.equal(capped.usage?.completion_tokens, 5);
    assert.equal(capped.choices[0]?.message.content?.split(' ').length, 5);
    const newer = await client.chat.completions.create({ model: 'fast', messages: hello, max_completion_tokens: 3 });
    assert.equal(newer.usage?.completion_tokens, 3);
    const roomy = await client.chat.completions.create({ model: 'fast', messages: hello, max_tokens: 500 });
    assert.equal(roomy.choices[0]?.finish_reason, 'stop');
  });

  it('answers from scriptedReplies when the last user message matches, on both stream and non-stream', async () => {
    sim.setProfile('smart', { scriptedReplies: [{ match: '^code:', reply: 'def answer(): return 42' }, { match: 'refund', reply: 'Sorry, I cannot help.' }] });
    try {
      const ask = async (content: string) =>
        (await client.chat.completions.create({ model: 'smart', messages: [{ role: 'user', content: 'an earlier refund question' }, { role: 'assistant', content: 'ok' }, { role: 'user', content }] })).choices[0]?.message
          .content;
      assert.equal(await ask('CODE: write a function'), 'def answer(): return 42', 'the match is case-insensitive');
      assert.equal(await ask('please refund my order'), 'Sorry, I cannot help.');
      const other = await ask('What is a gateway?');
      assert.notEqual(other, 'Sorry, I cannot help.', 'only the last user message is matched');
      assert.equal(other?.split(' ').length, 64, 'the smart profile answers 64 random words');
      const stream = await client.chat.completions.create({ model: 'smart', stream: true, messages: [{ role: 'user', content: 'code: again' }] });
      let text = '';
      for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
      assert.equal(text, 'def answer(): return 42');
      const response = await fetch(`${sim.url.replace(/\/v1$/, '')}/_sim/profiles/smart`, { method: 'PUT', body: JSON.stringify({ scriptedReplies: [{ match: '(', reply: 'x' }] }) });
      assert.equal(response.status, 400);
      assert.match(await response.text(), /not a valid regular expression/);
    } finally {
      sim.setProfile('smart', { scriptedReplies: [] });
    }
  });

  it('answers the same request the same way, and differently for another seed or prompt', async () => {
    const ask = async (target: OpenAI, content: string) =>
      (await target.chat.completions.create({ model: 'fast', messages: [{ role: 'user', content }] })).choices[0]?.message.content;
    const first = await ask(client, 'What is a gateway?');
    assert.equal(await ask(client, 'What is a gateway?'), first);
    assert.notEqual(await ask(client, 'What is a router?'), first);
    const other = await startSimulator({ seed: 43, profiles: { fast: instant } });
    try {
      const otherClient = new OpenAI({ baseURL: other.url, apiKey: 'x', maxRetries: 0 });
      assert.notEqual(await ask(otherClient, 'What is a gateway?'), first);
    } finally {
      await other.close();
    }
    const same = await startSimulator({ seed: 42, profiles: { fast: instant } });
    try {
      assert.equal(await ask(new OpenAI({ baseURL: same.url, apiKey: 'x' }), 'What is a gateway?'), first);
    } finally {
      await same.close();
    }
  });

  it('reasons before answering on a reasoning model', async () => {
    const completion = await client.chat.completions.create({ model: 'smart', messages: hello });
    const message = completion.choices[0]?.message as unknown as { content: string; reasoning_content: string };
    assert.equal(message.reasoning_content.split(' ').length, 32);
    assert.equal(completion.usage?.completion_tokens_details?.reasoning_tokens, 32);
    assert.equal(completion.usage?.completion_tokens, 32 + 64);
    const high = await client.chat.completions.create({ model: 'smart', messages: hello, reasoning_effort: 'high' });
    assert.equal(high.usage?.completion_tokens_details?.reasoning_tokens, 64);

    const raw = await postJson(`${sim.url}/chat/completions`, { model: 'smart', messages: hello, stream: true });
    const deltas = (parseSseEvents(raw.text).slice(1, -2) as any[]).map((chunk) => chunk.choices[0].delta);
    const firstContent = deltas.findIndex((delta) => 'content' in delta);
    const lastReasoning = deltas.findLastIndex((delta) => 'reasoning_content' in delta);
    assert.equal(lastReasoning, 31);
    assert.equal(firstContent, 32, 'all reasoning comes before the first content delta');
  });

  it('returns JSON that satisfies a json_schema response format', async () => {
    const schema = {
      type: 'object',
      properties: {
        title: { type: 'string' },
        score: { type: 'number', minimum: 0, maximum: 10 },
        tags: { type: 'array', items: { type: 'string' }, minItems: 1 },
        verdict: { type: 'string', enum: ['keep', 'drop'] },
      },
      required: ['title', 'score', 'tags', 'verdict'],
      additionalProperties: false,
    };
    const completion = await client.chat.completions.create({
      model: 'fast',
      messages: hello,
      response_format: { type: 'json_schema', json_schema: { name: 'review', schema, strict: true } },
    });
    const parsed = JSON.parse(completion.choices[0]?.message.content ?? '');
    assert.deepEqual(findSchemaViolations(parsed, schema), []);

    const stream = await postJson(`${sim.url}/chat/completions`, {
      model: 'fast',
      messages: hello,
      stream: true,
      response_format: { type: 'json_schema', json_schema: { name: 'review', schema } },
    });
    const pieces = (parseSseEvents(stream.text).slice(1, -2) as any[]).map((chunk) => chunk.choices[0].delta.content);
    assert.ok(pieces.length > 3, 'JSON streams in several pieces');
    assert.deepEqual(JSON.parse(pieces.join('')), parsed);

    const object = await client.chat.completions.create({ model: 'fast', messages: hello, response_format: { type: 'json_object' } });
    const value = JSON.parse(object.choices[0]?.message.content ?? '');
    assert.equal(typeof value, 'object');
    assert.ok(value !== null && !Array.isArray(value));
  });

  it('answers the fixed benchmark text in 20 chunks, all at once', async () => {
    const raw = await postJson(`${sim.url}/chat/completions`, { model: 'bench', messages: hello, stream: true });
    const chunks = parseSseEvents(raw.text).slice(1, -2) as any[];
    assert.equal(chunks.length, 20);
    assert.equal(
      chunks.map((chunk) => chunk.choices[0].delta.content).join(''),
      'The quick brown fox jumps over the lazy dog while the simulator answers every benchmark request with these twenty words.',
    );
    assert.equal(raw.headers.get('content-length'), String(Buffer.byteLength(raw.text)), 'one write with a length');
  });

  it('waits at least the time to first token', async () => {
    const slow = await startSimulator({ profiles: { fast: { timeToFirstTokenMs: 150, timeToFirstTokenJitterMs: 0, tokensPerSecond: 1000 } } });
    try {
      const started = performance.now();
      const raw = await postJson(`${slow.url}/chat/completions`, { model: 'fast', messages: hello, stream: true });
      assert.ok(performance.now() - started >= 140, 'first token not before its time');
      assert.equal(parseSseEvents(raw.text).length, 32 + 3);
    } finally {
      await slow.close();
    }
  });

  it('rejects malformed requests with OpenAI error bodies', async () => {
    const url = `${sim.url}/chat/completions`;
    const cases: [unknown, number, Record<string, unknown>][] = [
      [{ model: 'fast' }, 400, { type: 'invalid_request_error', param: 'messages', code: 'missing_required_parameter' }],
      [{ messages: hello }, 400, { type: 'invalid_request_error', param: 'model', code: null }],
      [{ model: 'fast', messages: [] }, 400, { param: 'messages', code: 'empty_array' }],
      [{ model: 'fast', messages: 'hi' }, 400, { param: 'messages', code: 'invalid_type' }],
      [{ model: 'fast', messages: [{ content: 'hi' }] }, 400, { param: 'messages[0].role', code: 'missing_required_parameter' }],
      [{ model: 'fast', messages: [{ role: 'wizard', content: 'hi' }] }, 400, { param: 'messages[0].role', code: 'invalid_value' }],
      [{ model: 'fast', messages: [{ role: 'tool', content: '1', tool_call_id: 'call_1' }] }, 400, { param: 'messages.[0].role', code: null }],
      [{ model: 'fast', messages: hello, max_tokens: 0 }, 400, { param: 'max_tokens', code: 'integer_below_min_value' }],
      [{ model: 'fast', messages: hello, max_tokens: 100_000 }, 400, { param: 'max_tokens', code: 'invalid_value' }],
      [{ model: 'fast', messages: hello, stream_options: { include_usage: true } }, 400, { param: 'stream_options' }],
      [{ model: 'fast', messages: hello, tool_choice: 'auto' }, 400, { param: 'tool_choice' }],
      [{ model: 'nope', messages: hello }, 404, { type: 'invalid_request_error', param: null, code: 'model_not_found' }],
      [{ model: 'embed', messages: hello }, 404, { param: 'model' }],
      ['{"model": "fast",', 400, { type: 'invalid_request_error', param: null, code: null }],
    ];
    for (const [body, status, expected] of cases) {
      const answer = await postJson(url, body);
      assert.equal(answer.status, status, JSON.stringify(body));
      assert.deepEqual(Object.keys(answer.json), ['error']);
      assert.deepEqual(Object.keys(answer.json.error ?? {}), ['message', 'type', 'param', 'code']);
      assert.equal(typeof answer.json.error?.message, 'string');
      for (const [key, value] of Object.entries(expected)) assert.equal(answer.json.error?.[key], value, `${key} of ${JSON.stringify(body)}`);
    }
    const unknownRoute = await postJson(`${sim.url}/completions/nothing`, {});
    assert.equal(unknownRoute.status, 404);
    assert.equal(unknownRoute.json.error?.message, 'Invalid URL (POST /v1/completions/nothing)');
  });

  it('rejects max_tokens on a model that wants max_completion_tokens', async () => {
    sim.setProfile('smart', { rejectsMaxTokens: true });
    try {
      const answer = await postJson(`${sim.url}/chat/completions`, { model: 'smart', messages: hello, max_tokens: 10 });
      assert.equal(answer.status, 400);
      assert.equal(answer.json.error?.code, 'unsupported_parameter');
      const accepted = await postJson(`${sim.url}/chat/completions`, { model: 'smart', messages: hello, max_completion_tokens: 10 });
      assert.equal(accepted.status, 200);
    } finally {
      sim.setProfile('smart', { rejectsMaxTokens: false });
    }
  });

  it('reports cached prompt tokens for long prompts when the profile caches', async () => {
    sim.setProfile('fast', { cachedPromptFraction: 0.5 });
    try {
      const long = await client.chat.completions.create({ model: 'fast', messages: [{ role: 'user', content: 'word '.repeat(2000) }] });
      const cached = long.usage?.prompt_tokens_details?.cached_tokens ?? 0;
      assert.ok(cached > 0 && cached % 128 === 0 && cached <= (long.usage?.prompt_tokens ?? 0) / 2);
      const short = await client.chat.completions.create({ model: 'fast', messages: hello });
      assert.equal(short.usage?.prompt_tokens_details?.cached_tokens, 0);
    } finally {
      sim.setProfile('fast', { cachedPromptFraction: 0 });
    }
  });
});
