import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { GatewayError } from '../../spec/gateway-error.js';
import { parseRequestBody } from '../openai/parse-request-body.js';
import { AnthropicRequestSchema } from './anthropic-request-schema.js';
import { convertAnthropicRequest } from './convert-anthropic-request.js';
import { nearestEffort } from './map-anthropic-thinking.js';

/** Parses like the endpoint does, then converts. */
function convert(body: Record<string, unknown>) {
  return convertAnthropicRequest(parseRequestBody(AnthropicRequestSchema, body, 'messages request'));
}

function rejects(body: Record<string, unknown>, code: string, message: RegExp): void {
  assert.throws(
    () => convert(body),
    (error: unknown) => {
      assert.ok(error instanceof GatewayError, String(error));
      assert.equal(error.code, code);
      assert.equal(error.status, 400);
      assert.match(error.message, message);
      return true;
    },
  );
}

const user = (content: unknown) => ({ role: 'user', content });
const ephemeral = { type: 'ephemeral' } as const;

describe('convertAnthropicRequest', () => {
  test('a whole tool conversation: system, images, thinking state, tool calls and results, sampling and limits', () => {
    const chat = convert({
      model: 'sim/fast',
      max_tokens: 1024,
      system: [{ type: 'text', text: 'You are terse.', cache_control: ephemeral }, { type: 'text', text: 'Use metric units.' }],
      messages: [
        user([
          { type: 'text', text: 'Weather where this photo was taken?' },
          { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } },
          { type: 'image', source: { type: 'url', url: 'https://example.com/a.jpg' }, cache_control: ephemeral },
        ]),
        {
          role: 'assistant',
          content: [
            { type: 'thinking', thinking: 'It looks like Lisbon.', signature: 'sig-1' },
            { type: 'redacted_thinking', data: 'opaque' },
            { type: 'text', text: 'Checking.' },
            { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Lisbon' }, caller: { type: 'direct' } },
            { type: 'tool_use', id: 'toolu_2', name: 'get_time', input: {} },
          ],
        },
        user([
          { type: 'tool_result', tool_use_id: 'toolu_1', content: '21°C' },
          { type: 'tool_result', tool_use_id: 'toolu_2', is_error: true, content: [{ type: 'text', text: 'clock down' }], cache_control: ephemeral },
          { type: 'text', text: 'And tomorrow?' },
        ]),
      ],
      tools: [
        { name: 'get_weather', description: 'Weather now', input_schema: { type: 'object', properties: { city: { type: 'string' } } }, cache_control: ephemeral, strict: true },
        { name: 'get_time', input_schema: { type: 'object' }, type: 'custom', eager_input_streaming: true },
      ],
      tool_choice: { type: 'any', disable_parallel_tool_use: true },
      temperature: 0.3,
      top_p: 0.9,
      top_k: 40,
      stop_sequences: ['END'],
      metadata: { user_id: 'user-7' },
      service_tier: 'auto',
    });
    assert.deepEqual(chat, {
      model: 'sim/fast',
      messages: [
        { role: 'system', content: [{ type: 'text', text: 'You are terse.', cache_control: ephemeral }, { type: 'text', text: 'Use metric units.' }] },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Weather where this photo was taken?' },
            { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } },
            { type: 'image_url', image_url: { url: 'https://example.com/a.jpg' }, cache_control: ephemeral },
          ],
        },
        {
          role: 'assistant',
          content: 'Checking.',
          tool_calls: [
            { id: 'toolu_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Lisbon"}' } },
            { id: 'toolu_2', type: 'function', function: { name: 'get_time', arguments: '{}' } },
          ],
          reasoning_content: 'It looks like Lisbon.',
          thinking_blocks: [
            { type: 'thinking', thinking: 'It looks like Lisbon.', signature: 'sig-1' },
            { type: 'redacted_thinking', data: 'opaque' },
          ],
        },
        { role: 'tool', tool_call_id: 'toolu_1', content: '21°C' },
        { role: 'tool', tool_call_id: 'toolu_2', content: 'clock down', is_error: true, cache_control: ephemeral },
        { role: 'user', content: 'And tomorrow?' },
      ],
      max_completion_tokens: 1024,
      temperature: 0.3,
      top_p: 0.9,
      top_k: 40,
      stop: ['END'],
      user: 'user-7',
      tools: [
        {
          type: 'function',
          function: { name: 'get_weather', description: 'Weather now', parameters: { type: 'object', properties: { city: { type: 'string' } } }, strict: true },
          cache_control: ephemeral,
        },
        { type: 'function', function: { name: 'get_time', parameters: { type: 'object' } } },
      ],
      tool_choice: 'required',
      parallel_tool_calls: false,
    });
  });

  test('string content, a plain system string, streaming, and an assistant turn of tool calls only', () => {
    const chat = convert({
      model: 'm',
      stream: true,
      system: 'Be brief.',
      messages: [
        user('hi'),
        { role: 'assistant', content: [{ type: 'tool_use', id: 't1', name: 'f', input: { a: [1, 2] } }] },
        user([{ type: 'tool_result', tool_use_id: 't1', content: [{ type: 'text', text: 'ok' }, { type: 'image', source: { type: 'base64', media_type: 'image/jpeg', data: '/9j/' } }] }]),
        { role: 'system', content: 'Now answer in French.' },
      ],
    });
    assert.deepEqual(chat.messages, [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'hi' },
      { role: 'assistant', content: null, tool_calls: [{ id: 't1', type: 'function', function: { name: 'f', arguments: '{"a":[1,2]}' } }] },
      { role: 'tool', tool_call_id: 't1', content: [{ type: 'text', text: 'ok' }, { type: 'image_url', image_url: { url: 'data:image/jpeg;base64,/9j/' } }] },
      { role: 'system', content: 'Now answer in French.' },
    ]);
    assert.equal(chat.stream, true);
    assert.equal(chat.max_completion_tokens, undefined);
  });

  test('a thinking block without a signature (from a model that gives none) is reasoning text only', () => {
    const chat = convert({ model: 'm', messages: [user('q'), { role: 'assistant', content: [{ type: 'thinking', thinking: 'hmm', signature: '' }, { type: 'text', text: 'a' }] }, user('more')] });
    assert.deepEqual(chat.messages[1], { role: 'assistant', content: 'a', reasoning_content: 'hmm' });
  });

  test('a top-level cache_control marks the end of the last message; tool choices map one to one', () => {
    const chat = convert({ model: 'm', cache_control: ephemeral, messages: [user('a'), user([{ type: 'text', text: 'b' }])], tools: [{ name: 'f', input_schema: {} }], tool_choice: { type: 'tool', name: 'f' } });
    assert.deepEqual(chat.messages.at(-1), { role: 'user', content: 'b', cache_control: ephemeral });
    assert.deepEqual(chat.tool_choice, { type: 'function', function: { name: 'f' } });
    assert.equal(chat.parallel_tool_calls, undefined);
    assert.equal(convert({ model: 'm', messages: [user('a')], tools: [{ name: 'f', input_schema: {} }], tool_choice: { type: 'auto' } }).tool_choice, 'auto');
    assert.equal(convert({ model: 'm', messages: [user('a')], tools: [{ name: 'f', input_schema: {} }], tool_choice: { type: 'none' } }).tool_choice, 'none');
  });

  test('plain-text documents become text, with their title and context as a heading', () => {
    const chat = convert({
      model: 'm',
      messages: [user([{ type: 'document', title: 'Memo', context: 'From HR', source: { type: 'text', media_type: 'text/plain', data: 'Office closed Friday.' }, cache_control: ephemeral }, { type: 'text', text: 'Summarise.' }])],
    });
    assert.deepEqual(chat.messages[0]?.content, [
      { type: 'text', text: 'Memo\nFrom HR\n\n' },
      { type: 'text', text: 'Office closed Friday.', cache_control: ephemeral },
      { type: 'text', text: 'Summarise.' },
    ]);
  });

  test('structured output: output_config.format (and the older output_format) → a strict json_schema response_format', () => {
    const schema = { type: 'object', properties: { answer: { type: 'number' } }, required: ['answer'], additionalProperties: false };
    const expected = { type: 'json_schema', json_schema: { name: 'response', schema, strict: true } };
    assert.deepEqual(convert({ model: 'm', messages: [user('2+2')], output_config: { format: { type: 'json_schema', schema } } }).response_format, expected);
    assert.deepEqual(convert({ model: 'm', messages: [user('2+2')], output_format: { type: 'json_schema', schema } }).response_format, expected);
  });

  test('thinking → reasoning_effort, with the exact Anthropic settings in providerOptions.anthropic', () => {
    const enabled = convert({ model: 'm', messages: [user('q')], thinking: { type: 'enabled', budget_tokens: 3000 } });
    assert.equal(enabled.reasoning_effort, 'low');
    assert.deepEqual(enabled.providerOptions, { anthropic: { thinking: { type: 'enabled', budget_tokens: 3000 } } });
    const disabled = convert({ model: 'm', messages: [user('q')], thinking: { type: 'disabled' } });
    assert.equal(disabled.reasoning_effort, undefined, 'disabled thinking is the default, not a request for "none"');
    assert.deepEqual(disabled.providerOptions, { anthropic: { thinking: { type: 'disabled' } } });
    assert.equal(convert({ model: 'm', messages: [user('q')], thinking: { type: 'adaptive' } }).reasoning_effort, 'medium');
    const adaptiveMax = convert({ model: 'm', messages: [user('q')], thinking: { type: 'adaptive', display: 'omitted' }, output_config: { effort: 'max' } });
    assert.equal(adaptiveMax.reasoning_effort, 'high');
    assert.deepEqual(adaptiveMax.providerOptions, { anthropic: { thinking: { type: 'adaptive', display: 'omitted' }, output_config: { effort: 'max' } } });
    const effortOnly = convert({ model: 'm', messages: [user('q')], output_config: { effort: 'low' } });
    assert.equal(effortOnly.reasoning_effort, 'low');
    const plain = convert({ model: 'm', messages: [user('q')] });
    assert.equal(plain.reasoning_effort, undefined);
    assert.equal(plain.providerOptions, undefined);
  });

  test('a budget maps to the level whose budget is nearest, ties going up', () => {
    assert.equal(nearestEffort(0), 'minimal');
    assert.equal(nearestEffort(1024), 'minimal');
    assert.equal(nearestEffort(1536), 'low');
    assert.equal(nearestEffort(5119), 'low');
    assert.equal(nearestEffort(5120), 'medium');
    assert.equal(nearestEffort(16384), 'high');
    assert.equal(nearestEffort(16000), 'medium');
    assert.equal(nearestEffort(100_000), 'high');
  });
});

describe('what the endpoint refuses, naming the field', () => {
  test('an unknown top-level field, and Anthropic-only ones with the reason', () => {
    rejects({ model: 'm', messages: [user('q')], frobnicate: 1 }, 'GW_ERR_REQUEST_UNSUPPORTED_PARAMETER', /^frobnicate: not a field/);
    rejects({ model: 'm', messages: [user('q')], container: 'c_1' }, 'GW_ERR_REQUEST_UNSUPPORTED_PARAMETER', /^container: .*server-side tools/);
    rejects({ model: 'm', messages: [user('q')], mcp_servers: [{ type: 'url', url: 'https://x', name: 'x' }] }, 'GW_ERR_REQUEST_UNSUPPORTED_PARAMETER', /^mcp_servers: /);
    // null means unset, as in the OpenAI schema.
    assert.equal(convert({ model: 'm', messages: [user('q')], container: null, speed: 'fast', diagnostics: {} }).model, 'm');
  });

  test('server and Anthropic-defined tools, and tool fields with no equivalent', () => {
    rejects({ model: 'm', messages: [user('q')], tools: [{ type: 'web_search_20250305', name: 'web_search' }] }, 'GW_ERR_REQUEST_UNSUPPORTED_PARAMETER', /^tools\[0\]\.type: the "web_search_20250305" tool/);
    rejects({ model: 'm', messages: [user('q')], tools: [{ name: 'f', input_schema: {}, defer_loading: true }] }, 'GW_ERR_REQUEST_UNSUPPORTED_PARAMETER', /^tools\[0\]\.defer_loading: /);
    rejects({ model: 'm', messages: [user('q')], tools: [{ name: 'f' }] }, 'GW_ERR_REQUEST_INVALID', /^tools\[0\]\.input_schema: is required/);
  });

  test('content only Claude can read', () => {
    rejects(
      { model: 'm', messages: [user([{ type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: 'JVBER' } }])] },
      'GW_ERR_REQUEST_UNSUPPORTED_CONTENT',
      /^messages\[0\]\.content\[0\]\.source: .*"base64" source/,
    );
    rejects({ model: 'm', messages: [user([{ type: 'image', source: { type: 'file', file_id: 'file_1' } }])] }, 'GW_ERR_REQUEST_UNSUPPORTED_CONTENT', /^messages\[0\]\.content\[0\]\.source\.type: image source "file"/);
    rejects({ model: 'm', messages: [user([{ type: 'search_result', source: 's', title: 't', content: [] }])] }, 'GW_ERR_REQUEST_UNSUPPORTED_CONTENT', /^messages\[0\]\.content\[0\]\.type: a "search_result" block/);
    rejects(
      { model: 'm', messages: [user('q'), { role: 'assistant', content: [{ type: 'server_tool_use', id: 's1', name: 'web_search', input: {} }] }] },
      'GW_ERR_REQUEST_UNSUPPORTED_CONTENT',
      /^messages\[1\]\.content\[0\]\.type: /,
    );
    rejects(
      { model: 'm', messages: [user([{ type: 'document', source: { type: 'text', media_type: 'text/plain', data: 'x' }, citations: { enabled: true } }])] },
      'GW_ERR_REQUEST_UNSUPPORTED_CONTENT',
      /citations/,
    );
  });

  test('blocks in the wrong role', () => {
    rejects({ model: 'm', messages: [user([{ type: 'tool_use', id: 't', name: 'f', input: {} }])] }, 'GW_ERR_REQUEST_INVALID', /belongs in an assistant message/);
    rejects({ model: 'm', messages: [{ role: 'system', content: [{ type: 'image', source: { type: 'url', url: 'https://x/y.png' } }] }] }, 'GW_ERR_REQUEST_INVALID', /only text blocks/);
  });

  test('schema errors name the path of the missing field', () => {
    rejects({ model: 'm', messages: [user([{ type: 'text', text: 'a' }, { type: 'image', source: { type: 'base64', media_type: 'image/png' } }])] }, 'GW_ERR_REQUEST_INVALID', /messages\[0\]\.content\[1\]\.source\.data/);
    rejects({ model: 'm', messages: [user('q')], tools: [{ name: 'f', input_schema: {} }], tool_choice: { type: 'tool' } }, 'GW_ERR_REQUEST_INVALID', /tool_choice\.name/);
    rejects({ model: 'm', messages: [user('q')], thinking: { type: 'enabled' } }, 'GW_ERR_REQUEST_INVALID', /thinking\.budget_tokens/);
    rejects({ model: 'm', messages: [{ role: 'tool', content: 'x' }] }, 'GW_ERR_REQUEST_INVALID', /messages\[0\]\.role/);
    rejects({ messages: [user('q')] }, 'GW_ERR_REQUEST_INVALID', /model: is required/);
    rejects({ model: 'm', messages: [user([{ type: 'tool_result', tool_use_id: 't', content: [{ type: 'text' }] }])] }, 'GW_ERR_REQUEST_INVALID', /messages\[0\]\.content\[0\]\.content\[0\]\.text/);
  });
});
