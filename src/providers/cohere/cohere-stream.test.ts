import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { GatewayError } from '../../spec/gateway-error.js';
import type { StreamPart } from '../../spec/stream-part.js';
import { decodeCohereStream } from './cohere-stream.js';

const OPTIONS = { provider: 'cohere', model: 'command-a-03-2025' };

function fixtureBody(name: string): string {
  const fixture = JSON.parse(readFileSync(new URL(`./__fixtures__/${name}.json`, import.meta.url), 'utf8')) as { response: { bodyLines: string[] } };
  return fixture.response.bodyLines.join('\n');
}

async function* chunksOf(pieces: readonly string[]): AsyncGenerator<Buffer> {
  for (const piece of pieces) yield Buffer.from(piece, 'utf8');
}

async function decode(pieces: readonly string[]): Promise<{ parts: StreamPart[]; batches: number }> {
  const parts: StreamPart[] = [];
  let batches = 0;
  for await (const batch of decodeCohereStream(chunksOf(pieces), OPTIONS)) {
    assert.ok(batch.length > 0, 'batches are never empty');
    batches++;
    parts.push(...batch);
  }
  return { parts, batches };
}

/** Parts without the response-start time, which differs between runs. */
function comparable(parts: StreamPart[]): unknown[] {
  return parts.map((part) => (part.type === 'response-start' ? { ...part, created: 0 } : part.type === 'error' ? { type: 'error', code: part.error.code } : part));
}

/** Adjacent deltas joined, so streams cut at different places compare equal. */
function merged(parts: StreamPart[]): unknown[] {
  const result: StreamPart[] = [];
  for (const part of parts) {
    const last = result.at(-1);
    if (last?.type === 'text-delta' && part.type === 'text-delta') result[result.length - 1] = { ...last, text: last.text + part.text };
    else if (last?.type === 'reasoning-delta' && part.type === 'reasoning-delta') result[result.length - 1] = { ...last, text: last.text + part.text };
    else if (last?.type === 'tool-call-delta' && part.type === 'tool-call-delta' && last.index === part.index) {
      result[result.length - 1] = { ...last, argumentsDelta: last.argumentsDelta + part.argumentsDelta };
    } else result.push(part);
  }
  return comparable(result);
}

describe('cut anywhere', () => {
  for (const name of ['cohere-stream-tools', 'cohere-stream-thinking', 'cohere-stream-citations', 'cohere-stream-midstream-error']) {
    test(`${name}: the same parts whatever byte the body is cut at`, async () => {
      const body = fixtureBody(name);
      const whole = merged((await decode([body])).parts);
      assert.ok(whole.length >= 3, 'the fixture has parts to compare');
      // Multi-byte text (°, …) must survive being cut inside a character too.
      const bytes = Buffer.from(body, 'utf8');
      for (let cut = 1; cut < bytes.length; cut += 7) {
        const parts: StreamPart[] = [];
        const pieces = [bytes.subarray(0, cut), bytes.subarray(cut)];
        for await (const batch of decodeCohereStream((async function* () { yield* pieces; })(), OPTIONS)) parts.push(...batch);
        assert.deepEqual(merged(parts), whole, `cut at byte ${cut}`);
      }
      const oneByteAtATime = [...bytes].map((byte) => Buffer.from([byte]));
      const parts: StreamPart[] = [];
      for await (const batch of decodeCohereStream((async function* () { yield* oneByteAtATime; })(), OPTIONS)) parts.push(...batch);
      assert.deepEqual(merged(parts), whole, 'one byte per read');
    });
  }

  test('one batch per read: a whole body in one read is one batch', async () => {
    const { parts, batches } = await decode([fixtureBody('cohere-stream-tools')]);
    assert.equal(batches, 1);
    assert.ok(parts.length > 20);
  });
});

describe('events', () => {
  const event = (data: Record<string, unknown>, name = String(data.type)): string => `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`;
  const start = event({ type: 'message-start', id: 'm1', delta: { message: { role: 'assistant' } } });
  const end = event({ type: 'message-end', delta: { finish_reason: 'COMPLETE', usage: { tokens: { input_tokens: 3, output_tokens: 2 } } } });

  test('tool-call index counts tool calls only, whatever index Cohere sends; a call cut off by message-end is closed', async () => {
    const { parts } = await decode([
      start,
      event({ type: 'content-start', index: 0, delta: { message: { content: { type: 'text', text: '' } } } }),
      event({ type: 'content-delta', index: 0, delta: { message: { content: { text: 'Checking.' } } } }),
      event({ type: 'tool-call-start', index: 3, delta: { message: { tool_calls: { id: 't1', type: 'function', function: { name: 'a', arguments: '{"x":' } } } } }),
      event({ type: 'tool-call-delta', index: 3, delta: { message: { tool_calls: { function: { arguments: '1}' } } } } }),
      event({ type: 'tool-call-start', index: 7, delta: { message: { tool_calls: { id: 't2', type: 'function', function: { name: 'b', arguments: '' } } } } }),
      end,
    ]);
    assert.deepEqual(
      comparable(parts).slice(1),
      [
        { type: 'text-delta', text: 'Checking.' },
        { type: 'tool-call-start', index: 0, id: 't1', name: 'a' },
        { type: 'tool-call-delta', index: 0, argumentsDelta: '{"x":' },
        { type: 'tool-call-delta', index: 0, argumentsDelta: '1}' },
        { type: 'tool-call-end', index: 0 },
        { type: 'tool-call-start', index: 1, id: 't2', name: 'b' },
        { type: 'tool-call-delta', index: 1, argumentsDelta: '{}' },
        { type: 'tool-call-end', index: 1 },
        { type: 'finish', reason: 'stop', providerReason: 'COMPLETE' },
        { type: 'usage', usage: { inputTokens: 3, outputTokens: 2, cachedInputTokens: 0, cacheWriteInputTokens: 0, reasoningTokens: 0 } },
      ],
    );
    assert.deepEqual(comparable(parts)[0], { type: 'response-start', id: 'm1', model: 'command-a-03-2025', created: 0 });
  });

  test('unknown events, debug, [DONE], comments and CRLF line ends are ignored; data without an event line is read by its type', async () => {
    const { parts } = await decode([
      ': keep-alive\r\n\r\n',
      start.replace(/\n/g, '\r\n'),
      event({ type: 'debug', prompt: '<secret template>' }),
      event({ type: 'something-new', delta: { message: { content: { text: 'not text' } } } }),
      `data: ${JSON.stringify({ type: 'content-delta', index: 0, delta: { message: { content: { text: 'Hi' } } } })}\n\n`,
      end,
      'data: [DONE]\n\n',
    ]);
    assert.deepEqual(
      comparable(parts).map((part) => (part as { type: string }).type),
      ['response-start', 'text-delta', 'finish', 'usage'],
    );
    assert.equal((parts[1] as { text: string }).text, 'Hi');
  });

  test('an event that is not JSON ends the stream with an invalid-response error', async () => {
    const { parts } = await decode([start, 'event: content-delta\ndata: {"type":"content-delta",\n\n', end]);
    const last = parts.at(-1)!;
    assert.equal(last.type, 'error');
    assert.equal((last as { error: GatewayError }).error.code, 'GW_ERR_UPSTREAM_INVALID_RESPONSE');
    assert.ok(!parts.some((part) => part.type === 'finish'));
  });

  test('TIMEOUT finishes as length; STOP_SEQUENCE as stop', async () => {
    const timeout = event({ type: 'message-end', delta: { finish_reason: 'TIMEOUT', usage: {} } });
    const finish = (await decode([start, timeout])).parts.find((part) => part.type === 'finish');
    assert.deepEqual(finish, { type: 'finish', reason: 'length', providerReason: 'TIMEOUT' });
    const stop = event({ type: 'message-end', delta: { finish_reason: 'STOP_SEQUENCE' } });
    assert.deepEqual((await decode([start, stop])).parts.find((part) => part.type === 'finish'), { type: 'finish', reason: 'stop', providerReason: 'STOP_SEQUENCE' });
  });

  test('a failure reading the body: a mapped error becomes an error part; the client going away is rethrown', async () => {
    const interrupted = new GatewayError('GW_ERR_UPSTREAM_STREAM_INTERRUPTED', 'cohere: the stream was cut off');
    const failing = async function* (): AsyncGenerator<Buffer> {
      yield Buffer.from(start);
      throw interrupted;
    };
    const parts: StreamPart[] = [];
    for await (const batch of decodeCohereStream(failing(), OPTIONS)) parts.push(...batch);
    assert.deepEqual(parts.map((part) => part.type), ['response-start', 'error']);
    assert.equal((parts[1] as { error: GatewayError }).error, interrupted);

    const gone = new Error('client went away');
    const aborted = async function* (): AsyncGenerator<Buffer> {
      yield Buffer.from(start);
      throw gone;
    };
    await assert.rejects(async () => {
      for await (const _batch of decodeCohereStream(aborted(), OPTIONS)) {
        // drain
      }
    }, (error: unknown) => error === gone);
  });

  test('logprobs on content deltas are gathered onto the finish part', async () => {
    const { parts } = await decode([
      start,
      event({ type: 'content-delta', index: 0, delta: { message: { content: { text: 'Hi' } } }, logprobs: { text: 'Hi', token_ids: [1, 2], logprobs: [-0.5, -0.25] } }),
      end,
    ]);
    const finish = parts.find((part) => part.type === 'finish');
    assert.deepEqual(finish?.type === 'finish' ? finish.extra : undefined, {
      logprobs: { content: [{ token: 'Hi', logprob: -0.75, bytes: [72, 105], top_logprobs: [] }], refusal: null },
    });
  });
});
