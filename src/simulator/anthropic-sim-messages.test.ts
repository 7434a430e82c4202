import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import Anthropic from '@anthropic-ai/sdk';
import { findSchemaViolations } from './__fixtures__/find-schema-violations.js';
import { readSseEvents } from './__fixtures__/read-sse-events.js';
import { startSimulator, type RunningSimulator } from './start-simulator.js';

const instant = { timeToFirstTokenMs: 0, timeToFirstTokenJitterMs: 0, tokensPerSecond: 0 };
const hello = [{ role: 'user' as const, content: 'Say hello to the gateway.' }];
const weather = {
  name: 'get_weather',
  description: 'Weather for a city',
  input_schema: { type: 'object' as const, properties: { city: { type: 'string' }, days: { type: 'integer', minimum: 1, maximum: 7 } }, required: ['city'] },
};
const clock = { name: 'get_time', input_schema: { type: 'object' as const, properties: { zone: { type: 'string' } }, required: ['zone'] } };

// Loosely typed views of Anthropic JSON, for assertions on raw answers.
interface Block { type: string; text?: string; thinking?: string; signature?: string; id?: string; name?: string; input?: unknown }
interface Message { id: string; type: string; content: Block[]; stop_reason: string; stop_sequence: string | null; usage: Record<string, number> }
interface Event { type: string; index?: number; delta?: Record<string, string>; content_block?: Block; usage?: Record<string, number>; message?: Message }

describe('Anthropic Messages wire', () => {
  let sim: RunningSimulator;
  let client: Anthropic;
  const post = async (body: unknown, path = '/messages') => {
    const response = await fetch(`${sim.baseUrls.anthropic}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01', 'x-api-key': 'sk-ant-test' },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    const json = (response.headers.get('content-type') ?? '').startsWith('application/json') ? (JSON.parse(text) as Message & { input_tokens: number }) : undefined;
    return { status: response.status, headers: response.headers, text, json: json as Message & { input_tokens: number } };
  };
  const events = (text: string): Event[] =>
    readSseEvents(text).map(({ event, data }) => {
      assert.equal(event, (data as Event).type, 'the event: name is the data type');
      return data as Event;
    });

  before(async () => {
    sim = await startSimulator({
      profiles: { fast: instant, smart: instant, fixed: { ...instant, fixedText: 'alpha beta gamma delta epsilon' }, cached: { ...instant, cachedPromptFraction: 0.5 } },
    });
    client = new Anthropic({ baseURL: sim.baseUrls.anthropic.replace(/\/v1$/, ''), apiKey: 'sk-ant-test', maxRetries: 0 });
  });
  after(() => sim.close());

  it('answers a message in the shape the official SDK reads', async () => {
    const message = await client.messages.create({ model: 'fast', max_tokens: 100, messages: hello });
    assert.match(message.id, /^msg_01/);
    assert.equal(message.type, 'message');
    assert.equal(message.role, 'assistant');
    assert.equal(message.model, 'fast');
    assert.equal(message.stop_reason, 'end_turn');
    assert.equal(message.stop_sequence, null);
    assert.equal(message.content.length, 1);
    const [block] = message.content;
    assert.equal(block?.type, 'text');
    assert.equal(block?.type === 'text' ? block.text.split(' ').length : 0, 32);
    assert.equal(message.usage.output_tokens, 32);
    assert.ok(message.usage.input_tokens > 5);
    assert.equal(message.usage.cache_read_input_tokens, 0);
    assert.equal(message.usage.cache_creation_input_tokens, 0);
  });

  it('streams the exact event sequence, with the same text as the non-stream answer', async () => {
    const raw = await post({ model: 'fast', max_tokens: 100, messages: hello, stream: true });
    assert.equal(raw.status, 200);
    assert.equal(raw.headers.get('content-type'), 'text/event-stream; charset=utf-8');
    assert.match(raw.headers.get('request-id') ?? '', /^req_/);
    const stream = events(raw.text);
    const names = stream.map((event) => event.type);
    assert.deepEqual(names, ['message_start', 'content_block_start', 'ping', ...Array(32).fill('content_block_delta'), 'content_block_stop', 'message_delta', 'message_stop']);
    assert.deepEqual(stream[1]?.content_block, { type: 'text', text: '' });
    assert.equal(stream[0]?.message?.stop_reason, null);
    const text = stream.filter((event) => event.type === 'content_block_delta').map((event) => event.delta?.text).join('');
    const whole = await post({ model: 'fast', max_tokens: 100, messages: hello });
    assert.equal(text, whole.json.content[0]?.text);
    const last = stream.at(-2);
    assert.deepEqual(last?.delta, { stop_reason: 'end_turn', stop_sequence: null });
    assert.equal(last?.usage?.output_tokens, 32);
    assert.equal(last?.usage?.input_tokens, whole.json.usage.input_tokens);
  });

  it('serves the SDK stream helper and stops at max_tokens', async () => {
    const stream = client.messages.stream({ model: 'fast', max_tokens: 6, messages: hello });
    const final = await stream.finalMessage();
    assert.equal(final.stop_reason, 'max_tokens');
    assert.equal(final.usage.output_tokens, 6);
    const whole = await client.messages.create({ model: 'fast', max_tokens: 6, messages: hello });
    assert.deepEqual(final.content, whole.content);
  });

  it('calls tools with input objects, one block per call, and streams their JSON', async () => {
    const ask = { model: 'fast', max_tokens: 200, tools: [weather, clock], messages: [{ role: 'user', content: 'Use the get_weather tool for Paris.' }] };
    const message = (await post(ask)).json;
    assert.equal(message.stop_reason, 'tool_use');
    assert.equal(message.content.length, 1);
    const call = message.content[0] as Block;
    assert.equal(call.type, 'tool_use');
    assert.match(call.id ?? '', /^toolu_01[A-Za-z0-9]{22}$/);
    assert.equal(call.name, 'get_weather');
    assert.deepEqual(findSchemaViolations(call.input, weather.input_schema), []);

    const stream = events((await post({ ...ask, stream: true })).text);
    const start = stream.find((event) => event.type === 'content_block_start');
    assert.deepEqual(start?.content_block, { type: 'tool_use', id: call.id, name: 'get_weather', input: {} });
    const fragments = stream.filter((event) => event.delta?.type === 'input_json_delta').map((event) => event.delta?.partial_json);
    assert.equal(fragments[0], '', 'Anthropic opens a tool block with an empty fragment');
    assert.deepEqual(JSON.parse(fragments.join('')), call.input);
    assert.equal(stream.at(-2)?.delta?.stop_reason, 'tool_use');

    const both = (await post({ ...ask, messages: [{ role: 'user', content: 'Call both tools in parallel.' }] })).json;
    assert.deepEqual(both.content.map((block) => block.name), ['get_weather', 'get_time']);
    const single = (await post({ ...ask, messages: [{ role: 'user', content: 'Call both tools in parallel.' }], tool_choice: { type: 'auto', disable_parallel_tool_use: true } })).json;
    assert.equal(single.content.length, 1);
    const forced = (await post({ ...ask, messages: hello, tool_choice: { type: 'tool', name: 'get_time' } })).json;
    assert.equal(forced.content[0]?.name, 'get_time');
  });

  it('answers tool results in text, quoting them', async () => {
    const first = (await post({ model: 'fast', max_tokens: 200, tools: [weather], messages: [{ role: 'user', content: 'Use the get_weather tool.' }] })).json;
    const call = first.content[0] as Block;
    const answer = await post({
      model: 'fast',
      max_tokens: 200,
      tools: [weather],
      messages: [
        { role: 'user', content: 'Use the get_weather tool.' },
        { role: 'assistant', content: first.content },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: call.id, content: 'sunny, 21 C' }] },
      ],
    });
    assert.equal(answer.status, 200);
    assert.equal(answer.json.stop_reason, 'end_turn');
    assert.match(answer.json.content[0]?.text ?? '', /^Based on the tool result, the get_weather tool returned sunny, 21 C\./);
  });

  it('thinks in signed blocks only when asked, and checks signatures that come back', async () => {
    const plain = (await post({ model: 'smart', max_tokens: 2000, messages: hello })).json;
    assert.deepEqual(plain.content.map((block) => block.type), ['text'], 'no thinking unless the request enables it');

    const ask = { model: 'smart', max_tokens: 2000, thinking: { type: 'enabled', budget_tokens: 1024 }, tools: [weather], messages: [{ role: 'user', content: 'Use the get_weather tool.' }] };
    const message = (await post(ask)).json;
    assert.deepEqual(message.content.map((block) => block.type), ['thinking', 'tool_use']);
    const thinking = message.content[0] as Block;
    assert.ok((thinking.thinking ?? '').length > 0);
    assert.match(thinking.signature ?? '', /^[A-Za-z0-9+/]+=*$/);

    const stream = events((await post({ ...ask, stream: true })).text);
    const signatures = stream.filter((event) => event.delta?.type === 'signature_delta');
    assert.equal(signatures.length, 1);
    assert.equal(signatures[0]?.delta?.signature, thinking.signature);
    const signatureAt = stream.indexOf(signatures[0] as Event);
    assert.equal(stream[signatureAt + 1]?.type, 'content_block_stop', 'the signature closes the thinking block');
    assert.equal(stream.filter((event) => event.delta?.type === 'thinking_delta').map((event) => event.delta?.thinking).join(''), thinking.thinking);
    assert.deepEqual(stream.filter((event) => event.type === 'content_block_start').map((event) => [event.index, event.content_block?.type]), [[0, 'thinking'], [1, 'tool_use']]);

    const followUp = (assistant: Block[]) =>
      post({
        ...ask,
        messages: [...ask.messages, { role: 'assistant', content: assistant }, { role: 'user', content: [{ type: 'tool_result', tool_use_id: message.content[1]?.id, content: 'rain' }] }],
      });
    assert.equal((await followUp(message.content)).status, 200, 'intact thinking blocks are accepted');
    const tampered = await followUp([{ ...thinking, thinking: `${thinking.thinking} (edited)` }, message.content[1] as Block]);
    assert.equal(tampered.status, 400);
    assert.match(tampered.text, /Invalid `signature` in `thinking` block/);
    const dropped = await followUp([message.content[1] as Block]);
    assert.equal(dropped.status, 400);
    assert.match(dropped.text, /must start with a thinking block/);
  });

  it('answers structured output with JSON matching output_config.format', async () => {
    const schema = { type: 'object', properties: { name: { type: 'string' }, tags: { type: 'array', items: { type: 'string' } } }, required: ['name', 'tags'], additionalProperties: false };
    const message = (await post({ model: 'fast', max_tokens: 300, messages: hello, output_config: { format: { type: 'json_schema', schema } } })).json;
    assert.deepEqual(findSchemaViolations(JSON.parse(message.content[0]?.text ?? ''), schema), []);
  });

  it('ends before a stop sequence with stop_reason stop_sequence, stream and not', async () => {
    const ask = { model: 'fixed', max_tokens: 100, messages: hello, stop_sequences: [' delta', ' gamma'] };
    const message = (await post(ask)).json;
    assert.equal(message.content[0]?.text, 'alpha beta');
    assert.equal(message.stop_reason, 'stop_sequence');
    assert.equal(message.stop_sequence, ' gamma');
    const stream = events((await post({ ...ask, stream: true })).text);
    assert.deepEqual(stream.at(-2)?.delta, { stop_reason: 'stop_sequence', stop_sequence: ' gamma' });
  });

  it('counts tokens with the estimate the usage reports', async () => {
    const body = { model: 'fast', system: 'Be brief.', tools: [weather], messages: hello };
    const counted = await post(body, '/messages/count_tokens');
    assert.equal(counted.status, 200);
    assert.deepEqual(Object.keys(counted.json), ['input_tokens']);
    const message = (await post({ ...body, max_tokens: 10 })).json;
    assert.equal(counted.json.input_tokens, message.usage.input_tokens);
    assert.equal((await post({ ...body, max_tokens: 10 }, '/messages/count_tokens')).status, 400, 'count_tokens takes no max_tokens');
  });

  it('reports cache reads and writes only for prompts marked with cache_control', async () => {
    const system = [{ type: 'text', text: 'Policy. '.repeat(700), cache_control: { type: 'ephemeral' } }];
    const marked = (await post({ model: 'cached', max_tokens: 5, system, messages: hello })).json.usage;
    const total = (await post({ model: 'cached', system, messages: hello }, '/messages/count_tokens')).json.input_tokens;
    // Half the prompt (in 128-token steps) is found in the cache; the rest of the marked prefix is written.
    assert.equal(marked.cache_read_input_tokens, Math.floor((total * 0.5) / 128) * 128);
    assert.ok((marked.cache_creation_input_tokens ?? 0) > 0);
    assert.equal((marked.input_tokens ?? 0) + (marked.cache_read_input_tokens ?? 0) + (marked.cache_creation_input_tokens ?? 0), total);
    const unmarked = (await post({ model: 'cached', max_tokens: 5, system: [{ type: 'text', text: 'Policy. '.repeat(700) }], messages: hello })).json.usage;
    assert.equal(unmarked.cache_read_input_tokens, 0);
    assert.equal(unmarked.cache_creation_input_tokens, 0);
    assert.equal(unmarked.input_tokens, total);
  });
});
