import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ChatMessage, ChatRequest } from '../../spec/chat-request.js';
import { GatewayError } from '../../spec/gateway-error.js';
import { convertToCohereRequest } from './convert-to-cohere-request.js';

const user = (content: ChatMessage['content']): ChatMessage => ({ role: 'user', content });
const request = (fields: Partial<ChatRequest> = {}): ChatRequest => ({ model: 'command-a-03-2025', messages: [user('hi')], ...fields });
const convert = (fields: Partial<ChatRequest>): Record<string, unknown> => convertToCohereRequest(request(fields), 'co', 'cohere');

function refusal(fields: Partial<ChatRequest>): GatewayError {
  try {
    convert(fields);
  } catch (error) {
    assert.ok(error instanceof GatewayError, String(error));
    assert.equal(error.status, 400);
    return error;
  }
  assert.fail(`expected a 400 for ${JSON.stringify(fields)}`);
}

describe('refused fields', () => {
  test('n > 1, top_logprobs, logit_bias and unknown fields name the field and the provider', () => {
    assert.match(refusal({ n: 2 }).message, /^n is not supported by co/);
    assert.match(refusal({ top_logprobs: 3, logprobs: true }).message, /^top_logprobs is not supported by co/);
    assert.match(refusal({ logit_bias: { '50256': -100 } }).message, /^logit_bias is not supported by co/);
    assert.match(refusal({ prediction: { type: 'content', content: 'x' } }).message, /^prediction is not supported by co/);
    assert.equal(refusal({ n: 2 }).code, 'GW_ERR_REQUEST_UNSUPPORTED_PARAMETER');
  });

  test('accepted without effect: n = 1, top_logprobs 0, user, metadata, parallel_tool_calls false', () => {
    const body = convert({ n: 1, top_logprobs: 0, user: 'u', metadata: { a: 'b' }, store: false, parallel_tool_calls: false });
    assert.deepEqual(body, { model: 'command-a-03-2025', messages: [{ role: 'user', content: 'hi' }] });
  });

  test('penalties outside Cohere\'s 0–1 are refused, inside passed on', () => {
    assert.match(refusal({ presence_penalty: -0.5 }).message, /presence_penalty is not supported by co: Cohere takes values from 0 to 1; got -0.5/);
    assert.match(refusal({ frequency_penalty: 1.5 }).message, /frequency_penalty/);
    assert.deepEqual(convert({ presence_penalty: 0, frequency_penalty: 1 }).presence_penalty, 0);
  });

  test('message roles and parts Cohere cannot take', () => {
    assert.match(refusal({ messages: [{ role: 'function', content: 'x', name: 'f' }] }).message, /does not take "function" messages/);
    const audio = refusal({ messages: [user([{ type: 'input_audio', input_audio: { data: 'AAAA', format: 'wav' } }])] });
    assert.equal(audio.code, 'GW_ERR_REQUEST_UNSUPPORTED_CONTENT');
    assert.match(audio.message, /"input_audio" part/);
    assert.match(refusal({ messages: [{ role: 'system', content: [{ type: 'image_url', image_url: { url: 'https://x/y.png' } }] }] }).message, /only text in a system message/);
    assert.match(refusal({ messages: [{ role: 'tool', content: 'x' }] }).message, /tool_call_id/);
  });
});

describe('sampling and output', () => {
  test('ranges: temperature clamped to 0–1, top_p to 0.01–0.99', () => {
    assert.equal(convert({ temperature: 2 }).temperature, 1);
    assert.equal(convert({ temperature: 0.3 }).temperature, 0.3);
    assert.equal(convert({ top_p: 0 }).p, 0.01);
    assert.equal(convert({ top_p: 0.5 }).p, 0.5);
    assert.equal(convert({ top_k: 0 }).k, 0);
  });

  test('max_completion_tokens wins over max_tokens; a single stop string becomes a list', () => {
    const body = convert({ max_tokens: 10, max_completion_tokens: 20, stop: 'END' });
    assert.equal(body.max_tokens, 20);
    assert.deepEqual(body.stop_sequences, ['END']);
  });

  test('reasoning_effort → thinking budget from the shared table; none disables; other values refused', () => {
    assert.deepEqual(convert({ reasoning_effort: 'high' }).thinking, { type: 'enabled', token_budget: 24576 });
    assert.deepEqual(convert({ reasoning_effort: 'none' }).thinking, { type: 'disabled' });
    assert.match(refusal({ reasoning_effort: 'extreme' }).message, /reasoning_effort must be one of/);
  });

  test('response_format: text omitted, json_object kept, json_schema without a schema is plain JSON mode', () => {
    assert.equal(convert({ response_format: { type: 'text' } }).response_format, undefined);
    assert.deepEqual(convert({ response_format: { type: 'json_object' } }).response_format, { type: 'json_object' });
    assert.deepEqual(convert({ response_format: { type: 'json_schema', json_schema: { name: 'x' } } }).response_format, { type: 'json_object' });
  });

  test('providerOptions: the entry under the provider id wins over the one under its type, merged last', () => {
    const body = convert({ temperature: 0.5, providerOptions: { cohere: { temperature: 0.1, priority: 3 }, co: { temperature: 0.2 } } });
    assert.equal(body.temperature, 0.2);
    assert.equal(body.priority, undefined, 'only one entry is used');
    assert.equal(convert({ providerOptions: { cohere: { priority: 3 } } }).priority, 3);
  });

  test('stream: true is sent only for streaming requests', () => {
    assert.equal(convert({ stream: true }).stream, true);
    assert.equal('stream' in convert({ stream: false }), false);
  });
});

describe('tools', () => {
  const tool = (name: string, strict?: boolean) => ({ type: 'function' as const, function: { name, parameters: { type: 'object', properties: {} }, ...(strict === undefined ? {} : { strict }) } });

  test('tool_choice: auto omitted, none → NONE, required → REQUIRED', () => {
    assert.equal(convert({ tools: [tool('a')], tool_choice: 'auto' }).tool_choice, undefined);
    assert.equal(convert({ tools: [tool('a')], tool_choice: 'none' }).tool_choice, 'NONE');
    assert.equal(convert({ tools: [tool('a')], tool_choice: 'required' }).tool_choice, 'REQUIRED');
  });

  test('a named tool_choice sends only that tool, REQUIRED; an unknown name or no tools is a 400', () => {
    const body = convert({ tools: [tool('a'), tool('b')], tool_choice: { type: 'function', function: { name: 'b' } } });
    assert.deepEqual((body.tools as Array<{ function: { name: string } }>).map((entry) => entry.function.name), ['b']);
    assert.equal(body.tool_choice, 'REQUIRED');
    assert.match(refusal({ tools: [tool('a')], tool_choice: { type: 'function', function: { name: 'c' } } }).message, /names "c", which is not in tools/);
    assert.match(refusal({ tool_choice: 'required' }).message, /needs tools/);
  });

  test('strict and cache_control: strict_tools only when a sent tool is strict; cache_control and strict never reach Cohere', () => {
    const body = convert({ tools: [{ ...tool('a', true), cache_control: { type: 'ephemeral' } }] });
    assert.equal(body.strict_tools, true);
    assert.deepEqual(body.tools, [{ type: 'function', function: { name: 'a', parameters: { type: 'object', properties: {} } } }]);
    assert.equal(convert({ tools: [tool('a', false)] }).strict_tools, undefined);
  });
});

describe('messages', () => {
  const call = { id: 'call_1', type: 'function' as const, function: { name: 'lookup', arguments: '' } };

  test('assistant reasoning: tool_plan on a tool-calling turn, thinking block otherwise; redacted blocks and signatures left out', () => {
    const body = convert({
      messages: [
        user('q'),
        {
          role: 'assistant',
          content: 'Let me check.',
          thinking_blocks: [
            { type: 'thinking', thinking: 'Need data.', signature: 'sig-from-anthropic' },
            { type: 'redacted_thinking', data: 'opaque' },
          ],
          reasoning_content: 'ignored when thinking blocks exist',
          tool_calls: [call],
        },
        { role: 'tool', tool_call_id: 'call_1', content: '42' },
        { role: 'assistant', content: [{ type: 'text', text: 'It is 42.' }], reasoning_content: 'Read the result.' },
      ],
    });
    const messages = body.messages as Array<Record<string, unknown>>;
    assert.deepEqual(messages[1], {
      role: 'assistant',
      content: 'Let me check.',
      tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'lookup', arguments: '{}' } }],
      tool_plan: 'Need data.',
    });
    assert.deepEqual(messages[3], {
      role: 'assistant',
      content: [
        { type: 'thinking', thinking: 'Read the result.' },
        { type: 'text', text: 'It is 42.' },
      ],
    });
  });

  test('a failed tool result is marked in its text, once', () => {
    const body = convert({
      messages: [
        user('q'),
        { role: 'assistant', content: null, tool_calls: [call, { ...call, id: 'call_2' }] },
        { role: 'tool', tool_call_id: 'call_1', content: 'timeout', is_error: true },
        { role: 'tool', tool_call_id: 'call_2', content: 'Error: not found', is_error: true },
      ],
    });
    const messages = body.messages as Array<Record<string, unknown>>;
    assert.equal(messages[2]!.content, 'Error: timeout');
    assert.equal(messages[3]!.content, 'Error: not found');
  });

  test('user images: OpenAI objects and bare strings; text-only arrays become a string', () => {
    const body = convert({
      messages: [
        user([{ type: 'text', text: 'a' }, { type: 'text', text: 'b', cache_control: { type: 'ephemeral' } }]),
        user([{ type: 'text', text: 'see' }, { type: 'image_url', image_url: 'https://x/y.png' }]),
      ],
    });
    const messages = body.messages as Array<Record<string, unknown>>;
    assert.equal(messages[0]!.content, 'ab');
    assert.deepEqual(messages[1]!.content, [
      { type: 'text', text: 'see' },
      { type: 'image_url', image_url: { url: 'https://x/y.png' } },
    ]);
  });
});
