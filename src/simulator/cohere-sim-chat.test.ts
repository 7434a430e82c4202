import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { findSchemaViolations } from './__fixtures__/find-schema-violations.js';
import { readSseEvents } from './__fixtures__/read-sse-events.js';
import { startSimulator, type RunningSimulator } from './start-simulator.js';

const instant = { timeToFirstTokenMs: 0, timeToFirstTokenJitterMs: 0, tokensPerSecond: 0 };
const hello = [{ role: 'user', content: 'Say hello to the gateway.' }];
const weather = { type: 'function', function: { name: 'get_weather', description: 'Weather', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } } };
const clock = { type: 'function', function: { name: 'get_time', parameters: { type: 'object', properties: { zone: { type: 'string' } }, required: ['zone'] } } };

interface ToolCall { id: string; type: string; function: { name: string; arguments: string } }
interface Chat {
  id: string;
  message: { role: string; content?: { type: string; text?: string; thinking?: string }[]; tool_plan?: string; tool_calls?: ToolCall[] };
  finish_reason: string;
  usage: { billed_units: Record<string, number>; tokens: Record<string, number>; cached_tokens: number };
}
interface Event { type: string; index?: number; id?: string; delta?: Record<string, any> }

describe('Cohere v2 chat wire', () => {
  let sim: RunningSimulator;
  const post = async (body: unknown) => {
    const response = await fetch(`${sim.baseUrls.cohere}/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer co-key' },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    const json = (response.headers.get('content-type') ?? '').startsWith('application/json') ? (JSON.parse(text) as Chat) : undefined;
    return { status: response.status, headers: response.headers, text, json: json as Chat };
  };
  const events = (text: string): Event[] =>
    readSseEvents(text).map(({ event, data }) => {
      assert.equal(event, (data as Event).type, 'Cohere names each event after its type');
      return data as Event;
    });

  before(async () => {
    sim = await startSimulator({ apiKey: 'co-key', profiles: { fast: instant, smart: instant, fixed: { ...instant, fixedText: 'red green blue' } } });
  });
  after(() => sim.close());

  it('answers with a message, finish_reason and both token counts', async () => {
    const answer = await post({ model: 'fast', messages: [{ role: 'system', content: 'Be brief.' }, ...hello] });
    assert.equal(answer.status, 200);
    assert.match(answer.json.id, /^[0-9a-f-]{36}$/);
    assert.equal(answer.json.message.role, 'assistant');
    assert.equal(answer.json.message.content?.[0]?.type, 'text');
    assert.equal(answer.json.message.content?.[0]?.text?.split(' ').length, 32);
    assert.equal(answer.json.finish_reason, 'COMPLETE');
    assert.equal(answer.json.usage.tokens.output_tokens, 32);
    assert.ok((answer.json.usage.tokens.input_tokens ?? 0) > 5);
    assert.equal(answer.json.usage.cached_tokens, 0);
    assert.equal((await post({ model: 'fast', messages: hello, max_tokens: 4 })).json.finish_reason, 'MAX_TOKENS');
    const stopped = (await post({ model: 'fixed', messages: hello, stop_sequences: [' blue'] })).json;
    assert.deepEqual([stopped.message.content?.[0]?.text, stopped.finish_reason], ['red green', 'STOP_SEQUENCE']);
  });

  it('streams named events in Cohere’s order with the same text', async () => {
    const raw = await post({ model: 'fast', messages: hello, stream: true });
    assert.equal(raw.headers.get('content-type'), 'text/event-stream');
    const stream = events(raw.text);
    assert.deepEqual(stream.map((event) => event.type), ['message-start', 'content-start', ...Array(32).fill('content-delta'), 'content-end', 'message-end']);
    assert.deepEqual(stream[0]?.delta, { message: { role: 'assistant', content: [], tool_plan: '', tool_calls: [], citations: [] } });
    assert.deepEqual(stream[1]?.delta, { message: { content: { type: 'text', text: '' } } });
    const text = stream.filter((event) => event.type === 'content-delta').map((event) => event.delta?.message.content.text).join('');
    const whole = (await post({ model: 'fast', messages: hello })).json;
    assert.equal(text, whole.message.content?.[0]?.text);
    assert.deepEqual(stream.at(-1)?.delta, { finish_reason: 'COMPLETE', usage: whole.usage });
  });

  it('plans and calls tools with string arguments, streamed per call', async () => {
    const ask = { model: 'fast', tools: [weather, clock], messages: [{ role: 'user', content: 'Call both tools in parallel.' }] };
    const answer = (await post(ask)).json;
    assert.equal(answer.finish_reason, 'TOOL_CALL');
    assert.equal(answer.message.tool_plan, 'I will use the get_weather and get_time tools to answer this.');
    assert.equal(answer.message.content, undefined);
    const calls = answer.message.tool_calls ?? [];
    assert.deepEqual(calls.map((call) => call.function.name), ['get_weather', 'get_time']);
    assert.match(calls[0]?.id ?? '', /^get_weather_[a-z0-9]{12}$/);
    assert.deepEqual(findSchemaViolations(JSON.parse(calls[0]?.function.arguments ?? ''), weather.function.parameters), []);

    const stream = events((await post({ ...ask, stream: true })).text);
    const plan = stream.filter((event) => event.type === 'tool-plan-delta').map((event) => event.delta?.message.tool_plan).join('');
    assert.equal(plan, answer.message.tool_plan);
    const starts = stream.filter((event) => event.type === 'tool-call-start');
    assert.deepEqual(starts.map((event) => [event.index, event.delta?.message.tool_calls.id]), calls.map((call, index) => [index, call.id]));
    for (const [index, call] of calls.entries()) {
      const args = stream.filter((event) => event.type === 'tool-call-delta' && event.index === index).map((event) => event.delta?.message.tool_calls.function.arguments).join('');
      assert.equal(args, call.function.arguments);
    }
    assert.equal(stream.filter((event) => event.type === 'tool-call-end').length, 2);

    const result = await post({
      model: 'fast',
      tools: [weather],
      messages: [...hello, { role: 'assistant', tool_plan: 'x', tool_calls: [calls[0]] }, { role: 'tool', tool_call_id: calls[0]?.id, content: [{ type: 'text', text: 'cloudy' }] }],
    });
    assert.match(result.json.message.content?.[0]?.text ?? '', /^Based on the tool result, the get_weather tool returned cloudy\./);
    const objectArguments = await post({ model: 'fast', messages: [...hello, { role: 'assistant', tool_calls: [{ ...calls[0], function: { name: 'get_weather', arguments: { city: 'x' } } }] }] });
    assert.equal(objectArguments.status, 400, 'arguments travel as a JSON string');
  });

  it('thinks on reasoning models unless disabled, and answers json_schema', async () => {
    const thought = (await post({ model: 'smart', messages: hello })).json;
    assert.deepEqual(thought.message.content?.map((block) => block.type), ['thinking', 'text']);
    const stream = events((await post({ model: 'smart', messages: hello, stream: true })).text);
    assert.deepEqual(stream.filter((event) => event.type === 'content-start').map((event) => [event.index, event.delta?.message.content.type]), [[0, 'thinking'], [1, 'text']]);
    const off = (await post({ model: 'smart', messages: hello, thinking: { type: 'disabled' } })).json;
    assert.deepEqual(off.message.content?.map((block) => block.type), ['text']);

    const schema = { type: 'object', properties: { title: { type: 'string' }, year: { type: 'integer' } }, required: ['title', 'year'] };
    const json = (await post({ model: 'fast', messages: hello, response_format: { type: 'json_object', json_schema: schema } })).json;
    assert.deepEqual(findSchemaViolations(JSON.parse(json.message.content?.[0]?.text ?? ''), schema), []);
  });
});
