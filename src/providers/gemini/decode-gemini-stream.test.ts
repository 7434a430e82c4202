import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { GatewayError } from '../../spec/gateway-error.js';
import type { StreamPart } from '../../spec/stream-part.js';
import { decodeGeminiStream } from './decode-gemini-stream.js';

/** Wherever the network cuts the bytes, and whatever the line ends, the parts must be the same. */
const directory = new URL('./__fixtures__/', import.meta.url);
const streams = readdirSync(directory)
  .filter((file) => file.endsWith('.json'))
  .map((file) => JSON.parse(readFileSync(new URL(file, directory), 'utf8')) as { case: string; provider: string; response: { status: number; bodyLines?: string[] } })
  .filter((fixture) => fixture.response.status === 200 && fixture.response.bodyLines !== undefined);

async function* pieces(bytes: Buffer, cuts: number[]): AsyncGenerator<Uint8Array> {
  let start = 0;
  for (const cut of cuts) {
    yield bytes.subarray(start, cut);
    start = cut;
  }
  yield bytes.subarray(start);
}

async function decode(bytes: Buffer, cuts: number[]): Promise<StreamPart[]> {
  const parts: StreamPart[] = [];
  for await (const batch of decodeGeminiStream(pieces(bytes, cuts), 'gem', 'fallback-model')) {
    assert.ok(batch.length > 0, 'batches are never empty');
    parts.push(...batch);
  }
  // Without createTime the start time is the clock's, which may tick between runs.
  return parts.map((part) => (part.type === 'response-start' ? { ...part, created: 0 } : part));
}

test('there are stream fixtures to cut', () => {
  assert.ok(streams.length >= 6, `found ${streams.length}`);
});

for (const fixture of streams) {
  test(`${fixture.provider} ${fixture.case}: same parts wherever the bytes are cut, with CRLF, LF or CR`, async () => {
    const text = fixture.response.bodyLines!.join('\n');
    const lf = text.replace(/\r\n/g, '\n');
    const whole = await decode(Buffer.from(lf), []);
    assert.ok(whole.length > 2, 'the fixture decodes to parts');
    for (const variant of [lf, lf.replace(/\n/g, '\r\n'), lf.replace(/\n/g, '\r')]) {
      const bytes = Buffer.from(variant);
      assert.deepEqual(await decode(bytes, []), whole, 'in one read');
      const step = Math.max(1, Math.floor(bytes.length / 150));
      for (let cut = 1; cut < bytes.length; cut += step) assert.deepEqual(await decode(bytes, [cut]), whole, `cut at byte ${cut}`);
    }
    const bytes = Buffer.from(text);
    const everyByte = Array.from({ length: Math.min(bytes.length - 1, 600) }, (_, index) => index + 1);
    assert.deepEqual(await decode(bytes, everyByte), whole, 'one byte per read');
  });
}

const EVENT = (body: object): string => `data: ${JSON.stringify(body)}\r\n\r\n`;
const TEXT_EVENT = EVENT({ candidates: [{ content: { role: 'model', parts: [{ text: 'Olá — ' }] } }], responseId: 'r1', modelVersion: 'gemini-x' });
const STOP_EVENT = EVENT({
  candidates: [{ content: { role: 'model', parts: [{ text: 'mundo' }] }, finishReason: 'STOP' }],
  usageMetadata: { promptTokenCount: 3, candidatesTokenCount: 2 },
  responseId: 'r1',
});

test('comments, event names and blank keep-alives are ignored; multi-byte text split across reads stays whole', async () => {
  const body = Buffer.from(`: ping\r\n\r\nevent: message\r\n${TEXT_EVENT}\r\n\r\n${STOP_EVENT}`);
  const split = body.indexOf(Buffer.from('—')) + 1; // inside the three bytes of the dash
  const parts = await decode(body, [split]);
  assert.deepEqual(parts, [
    { type: 'response-start', id: 'r1', model: 'gemini-x', created: 0 },
    { type: 'text-delta', text: 'Olá — ' },
    { type: 'text-delta', text: 'mundo' },
    { type: 'finish', reason: 'stop', providerReason: 'STOP' },
    { type: 'usage', usage: { inputTokens: 3, outputTokens: 2, cachedInputTokens: 0, cacheWriteInputTokens: 0, reasoningTokens: 0 } },
  ]);
});

test('a stream that ends without a finish reason was cut short: an error, retryable', async () => {
  const parts = await decode(Buffer.from(TEXT_EVENT), []);
  const last = parts.at(-1)!;
  assert.equal(last.type, 'error');
  assert.ok(last.type === 'error' && last.error.code === 'GW_ERR_UPSTREAM_STREAM_INTERRUPTED' && last.error.retryable);
  assert.equal(parts.filter((part) => part.type === 'usage').length, 0);
});

test('a chunk that is not JSON ends the stream with an invalid-response error; later events are not read', async () => {
  const parts = await decode(Buffer.from(`${TEXT_EVENT}data: {"candidates": [\r\n\r\n${STOP_EVENT}`), []);
  assert.deepEqual(
    parts.map((part) => part.type),
    ['response-start', 'text-delta', 'error'],
  );
  assert.ok(parts[2]!.type === 'error' && parts[2]!.error.code === 'GW_ERR_UPSTREAM_INVALID_RESPONSE');
});

test('a failure while reading (already mapped) becomes an error part; the client going away is rethrown', async () => {
  const cut = new GatewayError('GW_ERR_UPSTREAM_STREAM_INTERRUPTED', 'gem: the stream was cut off', { provider: 'gem' });
  async function* failing(error: unknown): AsyncGenerator<Uint8Array> {
    yield Buffer.from(TEXT_EVENT);
    throw error;
  }
  const parts: StreamPart[] = [];
  for await (const batch of decodeGeminiStream(failing(cut), 'gem', 'm')) parts.push(...batch);
  assert.deepEqual(parts.at(-1), { type: 'error', error: cut });
  const gone = new Error('client went away');
  await assert.rejects(async () => {
    for await (const _batch of decodeGeminiStream(failing(gone), 'gem', 'm'));
  }, gone);
});

test('streamed function-call arguments (an opt-in Vertex mode the adapter never asks for) are refused, not misread', async () => {
  const parts = await decode(
    Buffer.from(EVENT({ candidates: [{ content: { role: 'model', parts: [{ functionCall: { name: 'f', willContinue: true } }] } }], responseId: 'r' })),
    [],
  );
  assert.ok(parts.at(-1)!.type === 'error');
  assert.equal(parts.filter((part) => part.type === 'tool-call-start').length, 0);
});

test('usage: each count keeps its latest value, even when the last chunk leaves one out', async () => {
  const first = EVENT({ candidates: [{ content: { role: 'model', parts: [{ text: 'a' }] } }], usageMetadata: { promptTokenCount: 11, candidatesTokenCount: 1 }, responseId: 'r' });
  const last = EVENT({ candidates: [{ content: { role: 'model', parts: [{ text: 'b' }] }, finishReason: 'STOP' }], usageMetadata: { candidatesTokenCount: 2, thoughtsTokenCount: 5 }, responseId: 'r' });
  const parts = await decode(Buffer.from(first + last), []);
  assert.deepEqual(parts.at(-1), { type: 'usage', usage: { inputTokens: 11, outputTokens: 7, cachedInputTokens: 0, cacheWriteInputTokens: 0, reasoningTokens: 5 } });
});
