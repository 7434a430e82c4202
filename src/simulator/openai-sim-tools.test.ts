import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import { findSchemaViolations } from './__fixtures__/find-schema-violations.js';
import { parseSseEvents, postJson } from './__fixtures__/post-json.js';
import { startSimulator, type RunningSimulator } from './start-simulator.js';

const weatherSchema = {
  type: 'object',
  properties: {
    city: { type: 'string' },
    unit: { type: 'string', enum: ['celsius', 'fahrenheit'] },
    days: { type: 'integer', minimum: 1, maximum: 7 },
    when: { type: 'string', format: 'date' },
  },
  required: ['city', 'unit'],
  additionalProperties: false,
};
const timeSchema = {
  type: 'object',
  properties: { zone: { type: 'string' }, detail: { type: 'object', properties: { seconds: { type: 'boolean' } }, required: ['seconds'] } },
  required: ['zone', 'detail'],
};
const tools: OpenAI.ChatCompletionTool[] = [
  { type: 'function', function: { name: 'get_weather', description: 'Weather by city', parameters: weatherSchema } },
  { type: 'function', function: { name: 'get_time', description: 'Time in a zone', parameters: timeSchema } },
];
const schemaOf: Record<string, unknown> = { get_weather: weatherSchema, get_time: timeSchema };
const ask = (content: string): OpenAI.ChatCompletionMessageParam[] => [{ role: 'user', content }];

describe('OpenAI tool calls', () => {
  let sim: RunningSimulator;
  let client: OpenAI;
  before(async () => {
    sim = await startSimulator({ profiles: { fast: { timeToFirstTokenMs: 0, timeToFirstTokenJitterMs: 0, tokensPerSecond: 0 } } });
    client = new OpenAI({ baseURL: sim.url, apiKey: 'x', maxRetries: 0 });
  });
  after(() => sim.close());

  it('calls the tool the prompt names, with arguments that satisfy its schema', async () => {
    const completion = await client.chat.completions.create({ model: 'fast', messages: ask('What is the weather in Oslo? Use get_weather.'), tools });
    const choice = completion.choices[0];
    assert.equal(choice?.finish_reason, 'tool_calls');
    assert.equal(choice?.message.content, null);
    assert.equal(choice?.message.tool_calls?.length, 1);
    const call = choice?.message.tool_calls?.[0] as OpenAI.ChatCompletionMessageFunctionToolCall;
    assert.match(call.id, /^call_[A-Za-z0-9]{24}$/);
    assert.equal(call.type, 'function');
    assert.equal(call.function.name, 'get_weather');
    assert.deepEqual(findSchemaViolations(JSON.parse(call.function.arguments), weatherSchema), []);
    assert.ok((completion.usage?.completion_tokens ?? 0) > 1);
  });

  it('streams a tool call as OpenAI does: opening chunk, then argument fragments', async () => {
    const raw = await postJson(`${sim.url}/chat/completions`, { model: 'fast', messages: ask('Please use the get_time tool.'), tools, stream: true });
    const chunks = parseSseEvents(raw.text).slice(0, -1) as any[];
    assert.deepEqual(chunks[0].choices[0].delta, {
      role: 'assistant',
      content: null,
      tool_calls: [{ index: 0, id: chunks[0].choices[0].delta.tool_calls[0].id, type: 'function', function: { name: 'get_time', arguments: '' } }],
      refusal: null,
    });
    const fragments = chunks.slice(1, -1).map((chunk) => {
      const [toolCall, ...others] = chunk.choices[0].delta.tool_calls;
      assert.equal(others.length, 0);
      assert.deepEqual(Object.keys(toolCall), ['index', 'function']);
      assert.deepEqual(Object.keys(toolCall.function), ['arguments']);
      assert.equal(toolCall.index, 0);
      return toolCall.function.arguments as string;
    });
    assert.ok(fragments.length >= 3, `arguments arrive in several pieces (${fragments.length})`);
    assert.deepEqual(findSchemaViolations(JSON.parse(fragments.join('')), timeSchema), []);
    assert.deepEqual(chunks.at(-1).choices[0], { index: 0, delta: {}, logprobs: null, finish_reason: 'tool_calls' });
  });

  it('makes two parallel calls when asked for both, and one when parallel calls are off', async () => {
    const stream = await client.chat.completions.create({
      model: 'fast',
      messages: ask('Get both the weather and the time in Lima.'),
      tools,
      stream: true,
    });
    const calls = new Map<number, { id?: string; name?: string; args: string }>();
    let finish: string | null | undefined;
    for await (const chunk of stream) {
      finish = chunk.choices[0]?.finish_reason ?? finish;
      for (const delta of chunk.choices[0]?.delta.tool_calls ?? []) {
        const call = calls.get(delta.index) ?? { args: '' };
        call.id ??= delta.id;
        call.name ??= delta.function?.name;
        call.args += delta.function?.arguments ?? '';
        calls.set(delta.index, call);
      }
    }
    assert.equal(finish, 'tool_calls');
    assert.deepEqual([...calls.keys()], [0, 1]);
    assert.notEqual(calls.get(0)?.id, calls.get(1)?.id);
    assert.deepEqual(new Set([...calls.values()].map((call) => call.name)), new Set(['get_weather', 'get_time']));
    for (const call of calls.values()) assert.deepEqual(findSchemaViolations(JSON.parse(call.args), schemaOf[call.name ?? '']), []);

    const single = await client.chat.completions.create({
      model: 'fast',
      messages: ask('Get both the weather and the time in Lima.'),
      tools,
      parallel_tool_calls: false,
    });
    assert.equal(single.choices[0]?.message.tool_calls?.length, 1);
  });

  it('follows tool_choice: none, required and a named function', async () => {
    const none = await client.chat.completions.create({ model: 'fast', messages: ask('Use get_weather.'), tools, tool_choice: 'none' });
    assert.equal(none.choices[0]?.finish_reason, 'stop');
    assert.equal(typeof none.choices[0]?.message.content, 'string');

    const plain = await client.chat.completions.create({ model: 'fast', messages: ask('Tell me a story.'), tools });
    assert.equal(plain.choices[0]?.finish_reason, 'stop', 'auto without a reason to call answers in text');

    const required = await client.chat.completions.create({ model: 'fast', messages: ask('Tell me a story.'), tools, tool_choice: 'required' });
    assert.equal(required.choices[0]?.finish_reason, 'tool_calls');

    const named = await client.chat.completions.create({
      model: 'fast',
      messages: ask('Use get_weather, both of them.'),
      tools,
      tool_choice: { type: 'function', function: { name: 'get_time' } },
    });
    const calls = named.choices[0]?.message.tool_calls as OpenAI.ChatCompletionMessageFunctionToolCall[];
    assert.deepEqual(
      calls.map((call) => call.function.name),
      ['get_time'],
    );

    const missing = await postJson(`${sim.url}/chat/completions`, {
      model: 'fast',
      messages: ask('hi'),
      tools,
      tool_choice: { type: 'function', function: { name: 'nope' } },
    });
    assert.equal(missing.status, 400);
    assert.equal(missing.json.error?.param, 'tool_choice');
  });

  it('calls a tool unprompted at the autoToolCallRate', async () => {
    sim.setProfile('fast', { autoToolCallRate: 1 });
    try {
      const completion = await client.chat.completions.create({ model: 'fast', messages: ask('Tell me a story.'), tools });
      assert.equal(completion.choices[0]?.finish_reason, 'tool_calls');
    } finally {
      sim.setProfile('fast', { autoToolCallRate: 0 });
    }
  });

  it('answers a tool result in text that mentions it', async () => {
    const first = await client.chat.completions.create({ model: 'fast', messages: ask('Use get_weather for Rome.'), tools });
    const call = first.choices[0]?.message.tool_calls?.[0] as OpenAI.ChatCompletionMessageFunctionToolCall;
    const completion = await client.chat.completions.create({
      model: 'fast',
      tools,
      messages: [
        ...ask('Use get_weather for Rome.'),
        { role: 'assistant', content: null, tool_calls: [call] },
        { role: 'tool', tool_call_id: call.id, content: '{"temperature":21,"sky":"clear"}' },
      ],
    });
    assert.equal(completion.choices[0]?.finish_reason, 'stop');
    const text = completion.choices[0]?.message.content ?? '';
    assert.match(text, /get_weather/);
    assert.ok(text.includes('{"temperature":21,"sky":"clear"}'), text);
  });

  it('refuses tools on a model without tool support', async () => {
    sim.setProfile('fast', { supportsTools: false });
    try {
      const answer = await postJson(`${sim.url}/chat/completions`, { model: 'fast', messages: ask('Use get_weather.'), tools });
      assert.equal(answer.status, 400);
      assert.deepEqual(answer.json.error, {
        message: "Unsupported parameter: 'tools' is not supported with this model.",
        type: 'invalid_request_error',
        param: 'tools',
        code: 'unsupported_parameter',
      });
    } finally {
      sim.setProfile('fast', { supportsTools: true });
    }
  });

  it('cuts tool arguments at max_tokens with finish_reason length', async () => {
    const completion = await client.chat.completions.create({ model: 'fast', messages: ask('Use get_weather.'), tools, max_tokens: 2 });
    assert.equal(completion.choices[0]?.finish_reason, 'length');
    assert.equal(completion.usage?.completion_tokens, 2);
    const call = completion.choices[0]?.message.tool_calls?.[0] as OpenAI.ChatCompletionMessageFunctionToolCall;
    assert.throws(() => JSON.parse(call.function.arguments), 'truncated arguments are not valid JSON');
  });
});
