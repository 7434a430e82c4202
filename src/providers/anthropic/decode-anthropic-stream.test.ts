import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import type { StreamPart } from '../../spec/stream-part.js';
import { decodeAnthropicStream } from './decode-anthropic-stream.js';

const directory = new URL('./__fixtures__/', import.meta.url);
const streams = readdirSync(directory)
  .filter((file) => file.startsWith('anthropic-stream-') && file.endsWith('.json'))
  .sort()
  .map((file) => {
    const fixture = JSON.parse(readFileSync(new URL(file, directory), 'utf8')) as { case: string; response: { bodyLines: string[] } };
    return { name: fixture.case, bytes: Buffer.from(fixture.response.bodyLines.join('\n'), 'utf8') };
  });

async function* chunksOf(...pieces: Buffer[]): AsyncGenerator<Buffer> {
  for (const piece of pieces) if (piece.length > 0) yield piece;
}

/** All parts of a decoded body; `created` (the clock) is left out so runs compare equal. */
async function decode(chunks: AsyncIterable<Buffer>): Promise<StreamPart[]> {
  const parts: StreamPart[] = [];
  for await (const batch of decodeAnthropicStream(chunks, { provider: 'anthropic', fallbackModel: 'fallback' })) {
    assert.ok(batch.length > 0, 'no empty batches');
    for (const part of batch) parts.push(part.type === 'response-start' ? { ...part, created: 0 } : part);
  }
  return parts;
}

function sse(events: Array<[string, unknown]>): Buffer {
  return Buffer.from(events.map(([name, data]) => `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`).join(''), 'utf8');
}

describe('cut anywhere: the same parts wherever the network splits the bytes', () => {
  for (const { name, bytes } of streams) {
    test(name, async () => {
      const whole = await decode(chunksOf(bytes));
      assert.ok(whole.length > 2, 'the fixture decodes to parts');
      for (let offset = 1; offset < bytes.length; offset++) {
        assert.deepEqual(await decode(chunksOf(bytes.subarray(0, offset), bytes.subarray(offset))), whole, `split at byte ${offset}`);
      }
      const single = Array.from({ length: bytes.length }, (_, index) => bytes.subarray(index, index + 1));
      assert.deepEqual(await decode(chunksOf(...single)), whole, 'one byte per read');
    });
  }
});

describe('decodeAnthropicStream', () => {
  const start: [string, unknown] = ['message_start', { type: 'message_start', message: { id: 'msg_1', model: 'claude-x', content: [], usage: { input_tokens: 3, output_tokens: 1 } } }];

  test('one batch per network read, response-start first', async () => {
    const batches: StreamPart[][] = [];
    const first = sse([start]);
    const second = sse([
      ['content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }],
      ['content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Hi' } }],
    ]);
    for await (const batch of decodeAnthropicStream(chunksOf(first, second), { provider: 'anthropic', fallbackModel: 'f' })) batches.push(batch);
    assert.deepEqual(batches[0]!.map((part) => part.type), ['response-start']);
    assert.deepEqual(batches[1]!.map((part) => part.type), ['text-delta']);
  });

  test('a body that ends before message_delta is reported as cut off', async () => {
    const parts = await decode(chunksOf(sse([start, ['content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: 'Hel' } }]])));
    assert.deepEqual(parts.map((part) => part.type), ['response-start', 'text-delta', 'error']);
    const last = parts.at(-1)!;
    assert.ok(last.type === 'error' && last.error.code === 'GW_ERR_UPSTREAM_STREAM_INTERRUPTED' && last.error.retryable);
  });

  test('data that is not JSON ends the stream with an invalid-response error', async () => {
    const parts = await decode(chunksOf(Buffer.from('event: message_start\ndata: {not json\n\n')));
    assert.equal(parts.length, 1);
    assert.ok(parts[0]!.type === 'error' && parts[0]!.error.code === 'GW_ERR_UPSTREAM_INVALID_RESPONSE');
  });

  test('CRLF line ends, unknown events and comments are accepted', async () => {
    const text = sse([
      start,
      ['future_event', { type: 'future_event', anything: true }],
      ['content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }],
      ['content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'é' } }],
      ['message_delta', { type: 'message_delta', delta: { stop_reason: 'end_turn' }, usage: { output_tokens: 2 } }],
      ['message_stop', { type: 'message_stop' }],
    ])
      .toString('utf8')
      .replace(/\n/g, '\r\n');
    const parts = await decode(chunksOf(Buffer.from(`: keep-alive\r\n\r\n${text}`, 'utf8')));
    assert.deepEqual(parts.map((part) => part.type), ['response-start', 'text-delta', 'finish', 'usage']);
    assert.equal((parts[1] as { text: string }).text, 'é');
  });

  test('a server tool and its input fragments are not reported as a function call; tool indexes skip it', async () => {
    const parts = await decode(
      chunksOf(
        sse([
          start,
          ['content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'server_tool_use', id: 'srvtoolu_1', name: 'web_search', input: {} } }],
          ['content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'input_json_delta', partial_json: '{"query":"x"}' } }],
          ['content_block_stop', { type: 'content_block_stop', index: 0 }],
          ['content_block_start', { type: 'content_block_start', index: 1, content_block: { type: 'tool_use', id: 'toolu_1', name: 'lookup', input: {} } }],
          ['content_block_delta', { type: 'content_block_delta', index: 1, delta: { type: 'input_json_delta', partial_json: '{"id":1}' } }],
          ['content_block_stop', { type: 'content_block_stop', index: 1 }],
          ['message_delta', { type: 'message_delta', delta: { stop_reason: 'tool_use' }, usage: { output_tokens: 9 } }],
          ['message_stop', { type: 'message_stop' }],
        ]),
      ),
    );
    assert.deepEqual(parts.slice(1, 4), [
      { type: 'tool-call-start', index: 0, id: 'toolu_1', name: 'lookup' },
      { type: 'tool-call-delta', index: 0, argumentsDelta: '{"id":1}' },
      { type: 'tool-call-end', index: 0 },
    ]);
    assert.deepEqual(parts[4], { type: 'finish', reason: 'tool_calls', providerReason: 'tool_use' });
  });

  test('blocks that arrive whole in message_start (programmatic tool calling), with the stop reason there too', async () => {
    const parts = await decode(
      chunksOf(
        sse([
          [
            'message_start',
            {
              type: 'message_start',
              message: {
                id: 'msg_pre',
                model: 'claude-sonnet-4-6',
                content: [
                  { type: 'code_execution_tool_result', tool_use_id: 'srvtoolu_1', content: { type: 'code_execution_result', stdout: 'x' } },
                  { type: 'tool_use', id: 'toolu_followup', name: 'lookup_customer', input: { id: 'customer_123' } },
                ],
                stop_reason: 'tool_use',
                usage: { input_tokens: 0, output_tokens: 0 },
              },
            },
          ],
          ['message_stop', { type: 'message_stop' }],
        ]),
      ),
    );
    assert.deepEqual(
      parts.map((part) => part.type),
      ['response-start', 'tool-call-start', 'tool-call-delta', 'tool-call-end', 'finish', 'usage'],
    );
    assert.deepEqual(parts[2], { type: 'tool-call-delta', index: 0, argumentsDelta: '{"id":"customer_123"}' });
    assert.equal((parts[4] as { reason: string }).reason, 'tool_calls');
  });

  test('the stop sequence that matched is kept on the finish part', async () => {
    const parts = await decode(
      chunksOf(
        sse([
          start,
          ['message_delta', { type: 'message_delta', delta: { stop_reason: 'stop_sequence', stop_sequence: 'END' }, usage: { output_tokens: 4 } }],
          ['message_stop', { type: 'message_stop' }],
        ]),
      ),
    );
    assert.deepEqual(parts[1], { type: 'finish', reason: 'stop', providerReason: 'stop_sequence', extra: { stop_sequence: 'END' } });
  });

  test('a later message_delta updates the running usage without a second finish', async () => {
    const parts = await decode(
      chunksOf(
        sse([
          start,
          ['message_delta', { type: 'message_delta', delta: { stop_reason: 'pause_turn' }, usage: { output_tokens: 4 } }],
          ['message_delta', { type: 'message_delta', delta: {}, usage: { output_tokens: 6 } }],
          ['message_stop', { type: 'message_stop' }],
        ]),
      ),
    );
    assert.deepEqual(parts.map((part) => part.type), ['response-start', 'finish', 'usage', 'usage']);
    assert.deepEqual(parts[1], { type: 'finish', reason: 'stop', providerReason: 'pause_turn' });
    const last = parts.at(-1)!;
    assert.ok(last.type === 'usage' && last.usage.outputTokens === 6 && last.usage.inputTokens === 3);
  });
});
