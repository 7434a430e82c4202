import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import type { StreamPart } from '../../spec/stream-part.js';
import { encodeOpenAIResult } from './encode-openai-result.js';
import { OpenAIStreamWriter } from './openai-stream-writer.js';

async function writeParts(parts: StreamPart[]): Promise<Array<Record<string, unknown>>> {
  const server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/event-stream' });
    const writer = new OpenAIStreamWriter(response, true, 'fallback');
    for (const part of parts) writer.write(part);
    writer.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const text = await (await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`)).text();
    const events = text.split('\n\n').filter((event) => event.startsWith('data: ') && event !== 'data: [DONE]');
    return events.map((event) => JSON.parse(event.slice(6)) as Record<string, unknown>);
  } finally {
    server.close();
  }
}

const deltaOf = (chunk: Record<string, unknown>): Record<string, unknown> =>
  ((chunk.choices as Array<Record<string, unknown>>)[0]?.delta ?? {}) as Record<string, unknown>;

test('reasoning goes out as reasoning_content; signatures and redacted blocks as thinking_blocks deltas', async () => {
  const chunks = await writeParts([
    { type: 'response-start', id: 'r', model: 'm', created: 1 },
    { type: 'reasoning-delta', text: 'plan' },
    { type: 'reasoning-delta', text: '.', signature: 'sig' },
    { type: 'reasoning-delta', text: '', redacted: 'enc' },
    { type: 'text-delta', text: 'done' },
    { type: 'finish', reason: 'stop' },
    { type: 'usage', usage: { inputTokens: 1, outputTokens: 2, cachedInputTokens: 0, cacheWriteInputTokens: 0, reasoningTokens: 1 } },
  ]);
  const deltas = chunks.map(deltaOf);
  assert.deepEqual(deltas[1], { reasoning_content: 'plan' });
  assert.deepEqual(deltas[2], { reasoning_content: '.', thinking_blocks: [{ type: 'thinking', thinking: '', signature: 'sig' }] });
  assert.deepEqual(deltas[3], { thinking_blocks: [{ type: 'redacted_thinking', data: 'enc' }] });
  assert.deepEqual(deltas[4], { content: 'done' });
  assert.equal((chunks.at(-1)?.usage as Record<string, unknown>).completion_tokens, 2);
});

test('a non-streaming result carries thinking_blocks on the message', () => {
  const body = encodeOpenAIResult({
    id: 'r',
    model: 'm',
    created: 1,
    usage: { inputTokens: 1, outputTokens: 1, cachedInputTokens: 0, cacheWriteInputTokens: 0, reasoningTokens: 0 },
    choices: [
      {
        index: 0,
        content: 'x',
        reasoning: 'why',
        thinkingBlocks: [{ type: 'thinking', thinking: 'why', signature: 's' }],
        toolCalls: [],
        finishReason: 'stop',
      },
    ],
  });
  const message = (body.choices as Array<Record<string, unknown>>)[0]?.message as Record<string, unknown>;
  assert.equal(message.reasoning_content, 'why');
  assert.deepEqual(message.thinking_blocks, [{ type: 'thinking', thinking: 'why', signature: 's' }]);
});
