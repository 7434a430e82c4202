import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import type { ServerResponse } from 'node:http';
import { describe, test } from 'node:test';
import { GatewayError } from '../../spec/gateway-error.js';
import type { StreamPart } from '../../spec/stream-part.js';
import { AnthropicStreamWriter } from './anthropic-stream-writer.js';

/** The part of ServerResponse the writer uses, recording every write. */
class RecordingResponse extends EventEmitter {
  writes: string[] = [];
  writableEnded = false;
  writableNeedDrain = false;
  write(text: string): boolean {
    this.writes.push(text);
    return true;
  }
  end(text?: string): void {
    if (text !== undefined && text !== '') this.writes.push(text);
    this.writableEnded = true;
  }
}

/** Feeds batches as the handler does (write each part, endBatch, one tick between batches), then ends. */
async function run(batches: StreamPart[][], options: { end?: boolean } = {}): Promise<{ text: string; writes: string[] }> {
  const response = new RecordingResponse();
  const writer = new AnthropicStreamWriter(response as unknown as ServerResponse, 'claude-via-gateway', 'req-1');
  for (const batch of batches) {
    for (const part of batch) writer.write(part);
    writer.endBatch();
    await new Promise((resolve) => setImmediate(resolve));
  }
  if (options.end !== false && !response.writableEnded) writer.end();
  await new Promise((resolve) => setImmediate(resolve));
  return { text: response.writes.join(''), writes: response.writes };
}

function events(text: string): Array<{ event: string; data: Record<string, unknown> }> {
  return text
    .split('\n\n')
    .filter((block) => block !== '')
    .map((block) => {
      const [eventLine, dataLine, ...rest] = block.split('\n');
      assert.equal(rest.length, 0, `one event line and one data line: ${block}`);
      assert.match(eventLine!, /^event: /);
      assert.match(dataLine!, /^data: /);
      const data = JSON.parse(dataLine!.slice('data: '.length)) as Record<string, unknown>;
      const event = eventLine!.slice('event: '.length);
      assert.equal(data.type, event, 'the event name is the data type');
      return { event, data };
    });
}

const usage = { inputTokens: 100, outputTokens: 30, cachedInputTokens: 60, cacheWriteInputTokens: 10, reasoningTokens: 12 };

describe('AnthropicStreamWriter', () => {
  test('an OpenAI-format upstream: text, then finish and usage last; the real counts arrive in message_delta', async () => {
    const { text, writes } = await run([
      [{ type: 'response-start', id: 'chatcmpl-1', model: 'gpt-x', created: 1 }],
      [{ type: 'text-delta', text: 'Hel' }, { type: 'text-delta', text: 'lo' }],
      [{ type: 'finish', reason: 'stop', providerReason: 'stop' }, { type: 'usage', usage }],
    ]);
    assert.equal(
      text,
      'event: message_start\ndata: {"type":"message_start","message":{"id":"msg_chatcmpl-1","type":"message","role":"assistant","model":"claude-via-gateway","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":0,"output_tokens":0,"cache_creation_input_tokens":0,"cache_read_input_tokens":0}}}\n\n' +
        'event: content_block_start\ndata: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":"","citations":null}}\n\n' +
        'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hel"}}\n\n' +
        'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"lo"}}\n\n' +
        'event: content_block_stop\ndata: {"type":"content_block_stop","index":0}\n\n' +
        'event: message_delta\ndata: {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"input_tokens":30,"output_tokens":30,"cache_creation_input_tokens":10,"cache_read_input_tokens":60,"output_tokens_details":{"thinking_tokens":12}}}\n\n' +
        'event: message_stop\ndata: {"type":"message_stop"}\n\n',
    );
    // One write per upstream batch (events are joined, not written one by one), then the end.
    assert.equal(writes.length, 4);
  });

  test('an Anthropic-format upstream: input usage at the start, signed and redacted thinking, text, two tool calls', async () => {
    const { text } = await run([
      [{ type: 'response-start', id: 'msg_abc', model: 'claude-x', created: 1 }, { type: 'usage', usage: { ...usage, outputTokens: 1, reasoningTokens: 0 } }],
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
        { type: 'tool-call-end', index: 0 },
        { type: 'tool-call-start', index: 1, id: 'toolu_2', name: 'now' },
      ],
      [{ type: 'finish', reason: 'tool_calls', providerReason: 'tool_use' }, { type: 'usage', usage }],
    ]);
    const sequence = events(text).map(({ event, data }) => {
      if (event === 'content_block_start') return `${event} ${data.index} ${JSON.stringify(data.content_block)}`;
      if (event === 'content_block_delta') return `${event} ${data.index} ${JSON.stringify(data.delta)}`;
      if (event === 'content_block_stop') return `${event} ${data.index}`;
      if (event === 'message_start') return `${event} ${JSON.stringify((data.message as Record<string, unknown>).usage)} ${(data.message as Record<string, unknown>).id}`;
      if (event === 'message_delta') return `${event} ${JSON.stringify(data.delta)}`;
      return event;
    });
    assert.deepEqual(sequence, [
      'message_start {"input_tokens":30,"output_tokens":1,"cache_creation_input_tokens":10,"cache_read_input_tokens":60} msg_abc',
      'content_block_start 0 {"type":"thinking","thinking":"","signature":""}',
      'content_block_delta 0 {"type":"thinking_delta","thinking":"Let me "}',
      'content_block_delta 0 {"type":"thinking_delta","thinking":"think."}',
      'content_block_delta 0 {"type":"signature_delta","signature":"sig-1"}',
      'content_block_stop 0',
      'content_block_start 1 {"type":"redacted_thinking","data":"opaque"}',
      'content_block_stop 1',
      'content_block_start 2 {"type":"text","text":"","citations":null}',
      'content_block_delta 2 {"type":"text_delta","text":"Calling."}',
      'content_block_stop 2',
      'content_block_start 3 {"type":"tool_use","id":"toolu_1","name":"get_weather","input":{},"caller":{"type":"direct"}}',
      'content_block_delta 3 {"type":"input_json_delta","partial_json":"{\\"city\\":"}',
      'content_block_delta 3 {"type":"input_json_delta","partial_json":"\\"Lisbon\\"}"}',
      'content_block_stop 3',
      'content_block_start 4 {"type":"tool_use","id":"toolu_2","name":"now","input":{},"caller":{"type":"direct"}}',
      'content_block_stop 4',
      'message_delta {"stop_reason":"tool_use","stop_sequence":null}',
      'message_stop',
    ]);
  });

  test('reasoning without a signature is a thinking block with an empty one, closed when the text begins', async () => {
    const { text } = await run([
      [{ type: 'response-start', id: 'x', model: 'm', created: 1 }, { type: 'reasoning-delta', text: 'hmm' }, { type: 'text-delta', text: 'Answer' }],
      [{ type: 'finish', reason: 'length' }],
    ]);
    const list = events(text);
    assert.deepEqual(
      list.map(({ event }) => event),
      ['message_start', 'content_block_start', 'content_block_delta', 'content_block_stop', 'content_block_start', 'content_block_delta', 'content_block_stop', 'message_delta', 'message_stop'],
    );
    assert.deepEqual(list[1]!.data.content_block, { type: 'thinking', thinking: '', signature: '' });
    assert.deepEqual(list[7]!.data, { type: 'message_delta', delta: { stop_reason: 'max_tokens', stop_sequence: null }, usage: { output_tokens: 0 } });
  });

  test('stop reasons: a refusal in text, a content filter, and the stop sequence an upstream named', async () => {
    const stopOf = async (parts: StreamPart[]) => {
      const list = events((await run([[{ type: 'response-start', id: 'x', model: 'm', created: 1 }, ...parts]])).text);
      return list.find(({ event }) => event === 'message_delta')!.data.delta;
    };
    assert.deepEqual(await stopOf([{ type: 'refusal-delta', text: 'I cannot help.' }, { type: 'finish', reason: 'stop' }]), { stop_reason: 'refusal', stop_sequence: null });
    assert.deepEqual(await stopOf([{ type: 'finish', reason: 'content_filter' }]), { stop_reason: 'refusal', stop_sequence: null });
    assert.deepEqual(
      await stopOf([{ type: 'text-delta', text: 'a' }, { type: 'finish', reason: 'stop', providerReason: 'stop_sequence', extra: { stop_sequence: 'END' } }]),
      { stop_reason: 'stop_sequence', stop_sequence: 'END' },
    );
  });

  test('a failure mid-stream is an Anthropic error event, after what was already produced, and nothing after it', async () => {
    const { text } = await run(
      [
        [{ type: 'response-start', id: 'x', model: 'm', created: 1 }, { type: 'text-delta', text: 'partial' }],
        [{ type: 'error', error: new GatewayError('GW_ERR_UPSTREAM_OVERLOADED', 'sim: overloaded', { provider: 'sim' }) }],
      ],
      { end: false },
    );
    const list = events(text);
    assert.deepEqual(list.map(({ event }) => event), ['message_start', 'content_block_start', 'content_block_delta', 'error']);
    assert.deepEqual(list.at(-1)!.data, {
      type: 'error',
      error: { type: 'overloaded_error', message: 'sim: overloaded', skyroute_code: 'GW_ERR_UPSTREAM_OVERLOADED', provider: 'sim' },
      request_id: 'req-1',
    });
  });

  test('an empty answer is still a whole message', async () => {
    const list = events((await run([[{ type: 'response-start', id: 'x', model: 'm', created: 1 }, { type: 'finish', reason: 'stop' }]])).text);
    assert.deepEqual(list.map(({ event }) => event), ['message_start', 'message_delta', 'message_stop']);
  });

  test('write says false while the client is slow, and drained() waits for it', async () => {
    const response = new RecordingResponse();
    const writer = new AnthropicStreamWriter(response as unknown as ServerResponse, 'm');
    assert.equal(writer.write({ type: 'text-delta', text: 'a' }), true);
    response.writableNeedDrain = true;
    assert.equal(writer.write({ type: 'text-delta', text: 'b' }), false);
    let drained = false;
    const waiting = writer.drained().then(() => (drained = true));
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(drained, false);
    response.writableNeedDrain = false;
    response.emit('drain');
    await waiting;
    assert.equal(drained, true);
  });
});
