import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ChatResult, ChatResultChoice } from '../../spec/chat-result.js';
import { GatewayError } from '../../spec/gateway-error.js';
import { encodeAnthropicMessage } from './encode-anthropic-message.js';

function result(choice: Partial<ChatResultChoice>, id = 'chatcmpl-9'): ChatResult {
  return {
    id,
    model: 'upstream-model',
    created: 1,
    choices: [{ index: 0, content: null, toolCalls: [], finishReason: 'stop', ...choice }],
    usage: { inputTokens: 50, outputTokens: 20, cachedInputTokens: 30, cacheWriteInputTokens: 5, reasoningTokens: 0 },
  };
}

test('thinking blocks, text and tool calls in order; usage in Anthropic semantics; the requested model name', () => {
  const message = encodeAnthropicMessage(
    result({
      content: 'Calling.',
      reasoning: 'Hmm.',
      thinkingBlocks: [{ type: 'thinking', thinking: 'Hmm.', signature: 'sig' }, { type: 'redacted_thinking', data: 'opaque' }],
      toolCalls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Lisbon"}' } }],
      finishReason: 'tool_calls',
    }),
    'my-group',
  );
  assert.deepEqual(message, {
    id: 'msg_chatcmpl-9',
    type: 'message',
    role: 'assistant',
    model: 'my-group',
    content: [
      { type: 'thinking', thinking: 'Hmm.', signature: 'sig' },
      { type: 'redacted_thinking', data: 'opaque' },
      { type: 'text', text: 'Calling.', citations: null },
      { type: 'tool_use', id: 'call_1', name: 'get_weather', input: { city: 'Lisbon' }, caller: { type: 'direct' } },
    ],
    stop_reason: 'tool_use',
    stop_sequence: null,
    stop_details: null,
    container: null,
    usage: { input_tokens: 15, output_tokens: 20, cache_creation_input_tokens: 5, cache_read_input_tokens: 30 },
  });
});

test('reasoning with no state to give back is one thinking block with an empty signature; an Anthropic id is kept', () => {
  const message = encodeAnthropicMessage(result({ content: 'Yes.', reasoning: 'Thought.' }, 'msg_01abc'), 'm');
  assert.equal(message.id, 'msg_01abc');
  assert.deepEqual(message.content, [{ type: 'thinking', thinking: 'Thought.', signature: '' }, { type: 'text', text: 'Yes.', citations: null }]);
  assert.match(String(encodeAnthropicMessage(result({ content: 'x' }, ''), 'm').id), /^msg_[0-9a-f]{32}$/);
});

test('an OpenAI refusal is text with stop_reason refusal; length is max_tokens, and a call it cut short has an empty input', () => {
  const refusal = encodeAnthropicMessage(result({ messageExtra: { refusal: 'I cannot help with that.' } }), 'm');
  assert.deepEqual(refusal.content, [{ type: 'text', text: 'I cannot help with that.', citations: null }]);
  assert.equal(refusal.stop_reason, 'refusal');
  const cut = encodeAnthropicMessage(result({ finishReason: 'length', toolCalls: [{ id: 'c', type: 'function', function: { name: 'f', arguments: '{"city":"Lis' } }] }), 'm');
  assert.equal(cut.stop_reason, 'max_tokens');
  assert.deepEqual(cut.content, [{ type: 'tool_use', id: 'c', name: 'f', input: {}, caller: { type: 'direct' } }]);
});

test('arguments that are not a JSON object, with no truncation to explain them, are a 502', () => {
  assert.throws(
    () => encodeAnthropicMessage(result({ finishReason: 'tool_calls', toolCalls: [{ id: 'c', type: 'function', function: { name: 'f', arguments: '[1,2]' } }] }), 'm'),
    (error: unknown) => error instanceof GatewayError && error.code === 'GW_ERR_UPSTREAM_INVALID_RESPONSE' && /tool "f"/.test(error.message),
  );
});
