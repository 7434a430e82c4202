import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import Anthropic from '@anthropic-ai/sdk';
import { readSseEvents } from './__fixtures__/read-sse-events.js';
import { startSimulator, type RunningSimulator } from './start-simulator.js';

const instant = { timeToFirstTokenMs: 0, timeToFirstTokenJitterMs: 0, tokensPerSecond: 0 };
const hello = [{ role: 'user' as const, content: 'Say hello to the gateway.' }];
const key = 'sk-ant-sim';
const tool = { name: 'lookup', input_schema: { type: 'object', properties: { q: { type: 'string' } } } };

interface ErrorBody {
  type: string;
  error: { type: string; message: string };
  request_id: string;
}

describe('Anthropic wire errors and faults', () => {
  let sim: RunningSimulator;
  let client: Anthropic;
  const post = async (body: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(`${sim.baseUrls.anthropic}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01', 'x-api-key': key, ...headers },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    const json = (response.headers.get('content-type') ?? '').startsWith('application/json') ? (JSON.parse(text) as ErrorBody) : undefined;
    return { status: response.status, headers: response.headers, text, json };
  };
  const chat = (extra: Record<string, unknown> = {}) => post({ model: 'fast', max_tokens: 50, messages: hello, ...extra });

  before(async () => {
    sim = await startSimulator({ apiKey: key, profiles: { fast: instant, smart: instant } });
    client = new Anthropic({ baseURL: sim.baseUrls.anthropic.replace(/\/v1$/, ''), apiKey: key, maxRetries: 0 });
  });
  after(() => sim.close());

  it('requires x-api-key and anthropic-version, in Anthropic’s envelope', async () => {
    const missing = await post({ model: 'fast', max_tokens: 5, messages: hello }, { 'x-api-key': '' });
    assert.equal(missing.status, 401);
    assert.deepEqual(missing.json?.error, { type: 'authentication_error', message: 'x-api-key header is required' });
    assert.equal(missing.json?.type, 'error');
    assert.equal(missing.json?.request_id, missing.headers.get('request-id'));
    const bearer = await post({ model: 'fast', max_tokens: 5, messages: hello }, { 'x-api-key': '', authorization: `Bearer ${key}` });
    assert.equal(bearer.status, 200, 'SDK 1.x sends the key as a Bearer token');
    const wrongBearer = await post({ model: 'fast', max_tokens: 5, messages: hello }, { 'x-api-key': '', authorization: 'Bearer sk-ant-other' });
    assert.deepEqual(wrongBearer.json?.error, { type: 'authentication_error', message: 'Invalid bearer token' });
    const wrong = await post({ model: 'fast', max_tokens: 5, messages: hello }, { 'x-api-key': 'sk-ant-other' });
    assert.deepEqual(wrong.json?.error, { type: 'authentication_error', message: 'invalid x-api-key' });
    const noVersion = await post({ model: 'fast', max_tokens: 5, messages: hello }, { 'anthropic-version': '' });
    assert.equal(noVersion.status, 400);
    assert.deepEqual(noVersion.json?.error, { type: 'invalid_request_error', message: 'anthropic-version: header is required' });
    assert.equal((await post({ model: 'fast', max_tokens: 5, messages: hello }, { 'anthropic-version': '2025-11-20' })).status, 200, 'newer dates are accepted');
    const sdk = new Anthropic({ baseURL: sim.baseUrls.anthropic.replace(/\/v1$/, ''), apiKey: 'nope', maxRetries: 0 });
    await assert.rejects(sdk.messages.create({ model: 'fast', max_tokens: 5, messages: hello }), Anthropic.AuthenticationError);
  });

  it('refuses what the Messages API refuses, naming the field', async () => {
    const toolUse = { type: 'tool_use', id: 'toolu_01abc', name: 'lookup', input: { q: 'x' } };
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ model: 'fast', messages: hello }, /^max_tokens: Field required$/],
      [{ model: 'fast', max_tokens: 5, messages: hello, response_format: { type: 'json_object' } }, /^response_format: Extra inputs are not permitted$/],
      [{ model: 'fast', max_tokens: 5, messages: [{ role: 'system', content: 'x' }] }, /messages\.0\.role: Input should be 'user' or 'assistant'/],
      [{ model: 'fast', max_tokens: 5, messages: [{ role: 'user', content: '' }] }, /must have non-empty content/],
      [{ model: 'fast', max_tokens: 5, temperature: 1.5, messages: hello }, /^temperature: Input should be less than or equal to 1$/],
      [
        {
          model: 'fast',
          max_tokens: 5,
          tools: [tool],
          messages: [...hello, { role: 'assistant', content: 'Sure.' }, { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_01abc', content: 'x' }] }],
        },
        /unexpected `tool_use_id` found in `tool_result` blocks: toolu_01abc/,
      ],
      [
        { model: 'fast', max_tokens: 5, tools: [tool], messages: [...hello, { role: 'assistant', content: [toolUse] }, { role: 'user', content: 'and?' }] },
        /^messages\.1: `tool_use` ids were found without `tool_result` blocks immediately after: toolu_01abc/,
      ],
      [
        {
          model: 'fast',
          max_tokens: 5,
          tools: [tool],
          messages: [...hello, { role: 'assistant', content: [toolUse] }, { role: 'user', content: [{ type: 'text', text: 'here' }, { type: 'tool_result', tool_use_id: 'toolu_01abc', content: 'x' }] }],
        },
        /`tool_result` blocks must come before any other content/,
      ],
      [{ model: 'fast', max_tokens: 5, messages: [{ role: 'user', content: [{ type: 'image', source: { type: 'base64', media_type: 'image/bmp', data: 'AA==' } }] }] }, /media_type: Input should be 'image\/jpeg'/],
      [{ model: 'smart', max_tokens: 1024, thinking: { type: 'enabled', budget_tokens: 1024 }, messages: hello }, /`max_tokens` must be greater than `thinking.budget_tokens`/],
      [{ model: 'smart', max_tokens: 4096, thinking: { type: 'enabled', budget_tokens: 1024 }, temperature: 0.5, messages: hello }, /`temperature` may only be set to 1 when thinking is enabled/],
      [{ model: 'smart', max_tokens: 4096, thinking: { type: 'enabled', budget_tokens: 1024 }, tools: [tool], tool_choice: { type: 'any' }, messages: hello }, /Thinking may not be enabled when tool_choice forces tool use/],
      [{ model: 'fast', max_tokens: 5, tools: [{ name: 'bad name!', input_schema: { type: 'object' } }], messages: hello }, /tools\.0\.custom\.name: String should match pattern/],
      [{ model: 'fast', max_tokens: 999_999, messages: hello }, /^max_tokens: 999999 > 16384, which is the maximum allowed number of output tokens for fast$/],
    ];
    for (const [body, message] of cases) {
      const answer = await post(body);
      assert.equal(answer.status, 400, JSON.stringify(body));
      assert.equal(answer.json?.error.type, 'invalid_request_error');
      assert.match(answer.json?.error.message ?? '', message);
    }
    const merged = await post({ model: 'fast', max_tokens: 5, messages: [...hello, { role: 'user', content: 'And again.' }] });
    assert.equal(merged.status, 200, 'consecutive user turns are merged, as Anthropic documents');
  });

  it('answers an unknown model with not_found_error', async () => {
    const answer = await post({ model: 'claude-nope', max_tokens: 5, messages: hello });
    assert.equal(answer.status, 404);
    assert.deepEqual(answer.json?.error, { type: 'not_found_error', message: 'model: claude-nope' });
    await assert.rejects(client.messages.create({ model: 'claude-nope', max_tokens: 5, messages: hello }), Anthropic.NotFoundError);
  });

  it('rate limits with 429 rate_limit_error, retry-after and ratelimit headers', async () => {
    sim.setProfile('fast', { rateLimitRate: 1, retryAfterSeconds: 7 });
    try {
      const answer = await chat();
      assert.equal(answer.status, 429);
      assert.equal(answer.json?.error.type, 'rate_limit_error');
      assert.equal(answer.headers.get('retry-after'), '7');
      assert.equal(answer.headers.get('anthropic-ratelimit-requests-remaining'), '0');
      assert.match(answer.headers.get('anthropic-ratelimit-requests-reset') ?? '', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
      await assert.rejects(client.messages.create({ model: 'fast', max_tokens: 5, messages: hello }), Anthropic.RateLimitError);
    } finally {
      sim.setProfile('fast', { rateLimitRate: 0 });
    }
  });

  it('answers outages and 503 bursts with 529 overloaded_error, server errors with 500 api_error', async () => {
    sim.setProfile('fast', { outages: [{ mode: 'error' }] });
    const outage = await chat();
    assert.equal(outage.status, 529);
    assert.deepEqual(outage.json?.error, { type: 'overloaded_error', message: 'Overloaded' });
    sim.setProfile('fast', { outages: [], errorBurst: { every: 2, length: 1 } });
    assert.deepEqual([(await chat()).status, (await chat()).status], [200, 529]);
    sim.setProfile('fast', { errorBurst: null, errorRate: 1 });
    const failed = await chat();
    assert.equal(failed.status, 500);
    assert.equal(failed.json?.error.type, 'api_error');
    sim.setProfile('fast', { errorRate: 0, outages: [{ mode: 'reset' }] });
    await assert.rejects(chat(), TypeError);
    sim.setProfile('fast', { outages: [] });
  });

  it('breaks a stream with an overloaded error event, or by cutting the connection', async () => {
    sim.setProfile('fast', { midStreamFailureRate: 1, midStreamFailureAfterChunks: 3 });
    try {
      const broken = await chat({ stream: true });
      assert.equal(broken.status, 200);
      const events = readSseEvents(broken.text);
      assert.equal(events.filter((event) => event.event === 'content_block_delta').length, 3);
      assert.deepEqual(events.at(-1), { event: 'error', data: { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } } });
      assert.ok(!events.some((event) => event.event === 'message_stop'));
      const stream = client.messages.stream({ model: 'fast', max_tokens: 50, messages: hello });
      await assert.rejects(stream.finalMessage(), Anthropic.APIError);

      sim.setProfile('fast', { midStreamFailureMode: 'cut' });
      await assert.rejects(chat({ stream: true }), TypeError);
    } finally {
      sim.setProfile('fast', { midStreamFailureRate: 0, midStreamFailureMode: 'error-event' });
    }
  });
});
