import assert from 'node:assert/strict';
import { test } from 'node:test';
import { anthropicMessageToResult } from './anthropic-message-to-result.js';

const message = (fields: Record<string, unknown>): Record<string, unknown> => ({
  id: 'msg_1',
  type: 'message',
  role: 'assistant',
  model: 'claude-x',
  content: [{ type: 'text', text: 'One, two' }],
  usage: { input_tokens: 5, output_tokens: 3 },
  ...fields,
});

test('the stop sequence that matched is kept in the choice extra, beside the provider reason', () => {
  const [choice] = anthropicMessageToResult(message({ stop_reason: 'stop_sequence', stop_sequence: 'three' }), 'anthropic', 'fallback').choices;
  assert.equal(choice?.finishReason, 'stop');
  assert.equal(choice?.providerFinishReason, 'stop_sequence');
  assert.deepEqual(choice?.extra, { stop_sequence: 'three' });
});

test('no stop sequence, no extra', () => {
  const [choice] = anthropicMessageToResult(message({ stop_reason: 'end_turn', stop_sequence: null }), 'anthropic', 'fallback').choices;
  assert.equal(choice?.finishReason, 'stop');
  assert.equal(choice?.extra, undefined);
});
