import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GatewayError } from '../spec/gateway-error.js';
import type { StreamPart } from '../spec/stream-part.js';
import { resultToParts } from '../spec/result-to-parts.js';
import { collectChatResult } from './collect-chat-result.js';

async function* batches(...groups: StreamPart[][]): AsyncGenerator<StreamPart[]> {
  for (const group of groups) yield group;
}

const usage = { inputTokens: 10, outputTokens: 7, cachedInputTokens: 4, cacheWriteInputTokens: 0, reasoningTokens: 3 };

test('parts collect into a result: text, signed and redacted thinking blocks, tool calls, finish, last usage', async () => {
  const result = await collectChatResult(
    batches(
      [{ type: 'response-start', id: 'msg_1', model: 'claude-x', created: 1 }],
      [
        { type: 'reasoning-delta', text: 'Let me ' },
        { type: 'reasoning-delta', text: 'think.' },
        { type: 'reasoning-delta', text: '', signature: 'sig-1' },
        { type: 'reasoning-delta', text: '', redacted: 'opaque' },
      ],
      [
        { type: 'text-delta', text: 'Calling.' },
        { type: 'tool-call-start', index: 0, id: 'toolu_1', name: 'get_weather' },
        { type: 'tool-call-delta', index: 0, argumentsDelta: '{"city":' },
        { type: 'tool-call-delta', index: 0, argumentsDelta: '"Lisbon"}' },
        { type: 'tool-call-start', index: 1, id: 'toolu_2', name: 'now' },
        { type: 'usage', usage: { ...usage, outputTokens: 1 } },
      ],
      [
        { type: 'finish', reason: 'tool_calls', providerReason: 'tool_use' },
        { type: 'usage', usage },
      ],
    ),
    'fallback',
  );
  assert.equal(result.id, 'msg_1');
  assert.equal(result.model, 'claude-x');
  assert.deepEqual(result.usage, usage);
  const [choice] = result.choices;
  assert.equal(choice?.content, 'Calling.');
  assert.equal(choice?.reasoning, 'Let me think.');
  assert.deepEqual(choice?.thinkingBlocks, [
    { type: 'thinking', thinking: 'Let me think.', signature: 'sig-1' },
    { type: 'redacted_thinking', data: 'opaque' },
  ]);
  assert.deepEqual(
    choice?.toolCalls.map((call) => [call.id, call.function.name, call.function.arguments]),
    [
      ['toolu_1', 'get_weather', '{"city":"Lisbon"}'],
      ['toolu_2', 'now', '{}'],
    ],
  );
  assert.equal(choice?.finishReason, 'tool_calls');
  assert.equal(choice?.providerFinishReason, 'tool_use');
});

test('reasoning without a signature has no thinking blocks; resultToParts round-trips blocks', async () => {
  const plain = await collectChatResult(batches([{ type: 'reasoning-delta', text: 'hmm' }, { type: 'text-delta', text: 'ok' }]), 'm');
  assert.equal(plain.choices[0]?.reasoning, 'hmm');
  assert.equal(plain.choices[0]?.thinkingBlocks, undefined);
  assert.equal(plain.model, 'm');

  const signed = await collectChatResult(
    batches([{ type: 'reasoning-delta', text: 'a' }, { type: 'reasoning-delta', text: '', signature: 's' }, { type: 'finish', reason: 'stop' }]),
    'm',
  );
  const again = await collectChatResult(resultToParts(signed), 'm');
  assert.deepEqual(again.choices[0]?.thinkingBlocks, [{ type: 'thinking', thinking: 'a', signature: 's' }]);
  assert.equal(again.choices[0]?.reasoning, 'a');
});

test('raw OpenAI events are expanded; an error part is thrown', async () => {
  const raw = 'data: {"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"Hi"},"finish_reason":null}]}\n\n';
  const result = await collectChatResult(
    batches([{ type: 'response-start', id: 'c', model: 'm', created: 1 }], [{ type: 'raw-events', binary: raw + raw }], [{ type: 'finish', reason: 'stop' }]),
    'm',
  );
  assert.equal(result.choices[0]?.content, 'HiHi');
  const failure = new GatewayError('GW_ERR_UPSTREAM_OVERLOADED', 'busy');
  await assert.rejects(collectChatResult(batches([{ type: 'text-delta', text: 'x' }], [{ type: 'error', error: failure }]), 'm'), failure);
});
