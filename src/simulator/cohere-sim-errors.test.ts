import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { readSseEvents } from './__fixtures__/read-sse-events.js';
import { startSimulator, type RunningSimulator } from './start-simulator.js';

const instant = { timeToFirstTokenMs: 0, timeToFirstTokenJitterMs: 0, tokensPerSecond: 0 };
const hello = [{ role: 'user', content: 'Say hello to the gateway.' }];
const key = 'co-sim-key';

interface Answer {
  id?: string;
  message?: string;
  embeddings?: Record<string, number[][]>;
  texts?: string[];
  meta?: { api_version: { version: string }; billed_units: { input_tokens: number } };
  response_type?: string;
}

describe('Cohere wire: auth, errors, faults and embeddings', () => {
  let sim: RunningSimulator;
  const post = async (path: string, body: unknown, authorization = `Bearer ${key}`) => {
    const response = await fetch(`${sim.baseUrls.cohere}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    const json = (response.headers.get('content-type') ?? '').startsWith('application/json') ? (JSON.parse(text) as Answer) : {};
    return { status: response.status, headers: response.headers, text, json };
  };

  before(async () => {
    sim = await startSimulator({ apiKey: key, profiles: { fast: instant, embed: instant } });
  });
  after(() => sim.close());

  it('takes the key as a Bearer token and answers errors as {id, message}', async () => {
    assert.equal((await post('/chat', { model: 'fast', messages: hello }, `bearer ${key}`)).status, 200, 'the scheme is case-insensitive');
    const missing = await post('/chat', { model: 'fast', messages: hello }, '');
    assert.equal(missing.status, 401);
    assert.equal(missing.json.message, 'no api key supplied');
    const wrong = await post('/chat', { model: 'fast', messages: hello }, 'Bearer other');
    assert.equal(wrong.status, 401);
    assert.deepEqual(Object.keys(wrong.json), ['id', 'message']);
    assert.equal(wrong.json.message, 'invalid api token');
    const unknown = await post('/chat', { model: 'command-nope', messages: hello });
    assert.equal(unknown.status, 404);
    assert.match(unknown.json.message ?? '', /^model 'command-nope' not found/);
    const cases: [unknown, RegExp][] = [
      [{ model: 'fast', messages: [] }, /messages must be a non-empty array/],
      [{ model: 'fast', messages: [{ role: 'developer', content: 'x' }] }, /role must be one of/],
      [{ model: 'fast', messages: [...hello, { role: 'tool', tool_call_id: 'nope', content: 'x' }] }, /does not match any tool call/],
      [{ model: 'fast', messages: hello, tool_choice: 'REQUIRED' }, /tool_choice can only be set when tools are provided/],
      [{ model: 'fast', messages: hello, p: 1.5 }, /p must be between 0\.01 and 0\.99/],
      [{ model: 'fast', messages: hello, response_format: { type: 'json_schema' } }, /response_format\.type must be one of/],
    ];
    for (const [body, message] of cases) {
      const answer = await post('/chat', body);
      assert.equal(answer.status, 400, JSON.stringify(body));
      assert.match(answer.json.message ?? '', /^invalid request: /);
      assert.match(answer.json.message ?? '', message);
    }
  });

  it('rate limits with 429, fails with 500 and is unavailable with 503 during an outage', async () => {
    sim.setProfile('fast', { rateLimitRate: 1 });
    assert.equal((await post('/chat', { model: 'fast', messages: hello })).status, 429);
    sim.setProfile('fast', { rateLimitRate: 0, errorRate: 1 });
    assert.equal((await post('/chat', { model: 'fast', messages: hello })).status, 500);
    sim.setProfile('fast', { errorRate: 0, outages: [{ mode: 'error' }] });
    const outage = await post('/chat', { model: 'fast', messages: hello, stream: true });
    assert.equal(outage.status, 503);
    assert.match(outage.json.message ?? '', /service unavailable/);
    sim.setProfile('fast', { outages: [] });
  });

  it('ends a broken stream with message-end, finish_reason ERROR and the error', async () => {
    sim.setProfile('fast', { midStreamFailureRate: 1, midStreamFailureAfterChunks: 2 });
    try {
      const broken = await post('/chat', { model: 'fast', messages: hello, stream: true });
      assert.equal(broken.status, 200);
      const events = readSseEvents(broken.text);
      assert.deepEqual(events.map((event) => event.event), ['message-start', 'content-start', 'content-delta', 'content-delta', 'message-end']);
      const end = events.at(-1)?.data as { delta: { finish_reason: string; error: string } };
      assert.equal(end.delta.finish_reason, 'ERROR');
      assert.match(end.delta.error, /internal server error/);
    } finally {
      sim.setProfile('fast', { midStreamFailureRate: 0 });
    }
  });

  it('embeds texts by input_type in every requested embedding type', async () => {
    const answer = await post('/embed', { model: 'embed', texts: ['alpha', 'beta'], input_type: 'search_document', embedding_types: ['float', 'int8', 'ubinary'], output_dimension: 64 });
    assert.equal(answer.status, 200);
    assert.equal(answer.json.response_type, 'embeddings_by_type');
    assert.deepEqual(answer.json.texts, ['alpha', 'beta']);
    assert.equal(answer.json.meta?.api_version.version, '2');
    assert.ok((answer.json.meta?.billed_units.input_tokens ?? 0) >= 2);
    const { float, int8, ubinary } = answer.json.embeddings ?? {};
    assert.equal(float?.[0]?.length, 64);
    assert.ok(int8?.[0]?.every((value) => Number.isInteger(value) && value >= -128 && value <= 127));
    assert.equal(ubinary?.[0]?.length, 8, 'one bit per dimension');
    const floats = float?.[0] ?? [];
    assert.ok(int8?.[0]?.every((value, index) => value === 0 || Math.sign(value) === Math.sign(floats[index] ?? 0)), 'int8 keeps the signs');
    assert.equal(Math.max(...(int8?.[0] ?? []).map(Math.abs)), 127, 'int8 uses the whole range');
    const firstByte = floats.slice(0, 8).reduce((byte, value) => (byte << 1) | (value > 0 ? 1 : 0), 0);
    assert.equal(ubinary?.[0]?.[0], firstByte, 'ubinary packs the sign bits of the first 8 dimensions, most significant first');
    const noInputType = await post('/embed', { model: 'embed', texts: ['x'] });
    assert.equal(noInputType.status, 400);
    assert.match(noInputType.json.message ?? '', /valid input_type must be provided/);
    assert.equal((await post('/embed', { model: 'fast', texts: ['x'], input_type: 'search_query' })).status, 400, 'a chat model does not embed');
  });
});
