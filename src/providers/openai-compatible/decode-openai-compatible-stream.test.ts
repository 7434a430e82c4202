import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { utf8FromBinary } from '../../spec/binary-text.js';
import type { StreamPart } from '../../spec/stream-part.js';
import { decodeOpenAICompatibleStream } from './decode-openai-compatible-stream.js';
import { expandRawEvents } from './expand-raw-events.js';
import { createChunkState } from './openai-chunk-to-parts.js';

/** The decoder splits SSE itself; wherever the network cuts the bytes, the result must be the same. */
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

/** Decodes, then expands raw spans, so raw and parsed paths are compared by meaning. */
async function decode(bytes: Buffer, cuts: number[], rawChunks: boolean): Promise<{ parts: StreamPart[]; raw: string }> {
  const parts: StreamPart[] = [];
  let raw = '';
  const state = createChunkState();
  state.started = true;
  for await (const batch of decodeOpenAICompatibleStream(pieces(bytes, cuts), { provider: 'p', rawChunks })) {
    for (const part of batch) {
      if (part.type === 'raw-events') {
        raw += utf8FromBinary(part.binary);
        expandRawEvents(part.binary, state, parts);
      } else {
        parts.push(part);
      }
    }
  }
  return { parts: parts.map(normalise), raw };
}

function normalise(part: StreamPart): StreamPart {
  // Timestamps synthesised for chunks without `created` would differ between runs.
  return part.type === 'response-start' ? { ...part, created: 0 } : part;
}

for (const fixture of streams) {
  test(`${fixture.provider} ${fixture.case}: same parts wherever the bytes are cut, with LF or CRLF`, async () => {
    const text = fixture.response.bodyLines!.join('\n');
    const bytes = Buffer.from(text);
    const whole = await decode(bytes, [], true);
    const parsedOnly = await decode(bytes, [], false);
    assert.deepEqual(whole.parts, parsedOnly.parts, 'forwarding raw spans changes nothing but the encoding');
    for (const event of whole.raw.split('\n\n').filter((block) => block !== '')) assert.ok(text.includes(event), 'raw spans are verbatim upstream text');
    const step = Math.max(1, Math.floor(bytes.length / 300));
    for (let cut = 1; cut < bytes.length; cut += step) {
      assert.deepEqual((await decode(bytes, [cut], true)).parts, whole.parts, `cut at byte ${cut}`);
    }
    const crlf = Buffer.from(text.replace(/\n/g, '\r\n'));
    for (let cut = 1; cut < crlf.length; cut += step * 2) {
      assert.deepEqual((await decode(crlf, [cut], true)).parts, whole.parts, `CRLF, cut at byte ${cut}`);
    }
    const everyByte = Array.from({ length: Math.min(bytes.length - 1, 400) }, (_, index) => index + 1);
    assert.deepEqual((await decode(bytes, everyByte, true)).parts, whole.parts, 'one byte per read');
  });
}

test('multi-line data, comments and a last event without a closing blank line, cut anywhere, LF or CRLF', async () => {
  const text = [
    ': keep-alive',
    '',
    'data: {"id":"a","model":"m","created":1,"choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]}',
    '',
    'data: {"id":"a","choices":[{"index":0,"delta":{"content":"x"},"finish_reason":null}]}',
    '',
    'data: {"id":"a","choices":[{"index":0,',
    'data: "delta":{"content":"y"},"finish_reason":null}]}',
    '',
    ': another comment',
    'data: {"id":"a","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}',
  ].join('\n');
  const expected = [
    { type: 'response-start', id: 'a', model: 'm', created: 0 },
    { type: 'text-delta', text: 'x', choice: 0 },
    { type: 'text-delta', text: 'y', choice: 0 },
    { type: 'finish', reason: 'stop', providerReason: 'stop', choice: 0 },
  ];
  for (const variant of [text, text.replace(/\n/g, '\r\n')]) {
    const bytes = Buffer.from(variant);
    const whole = await decode(bytes, [], true);
    assert.deepEqual(whole.parts, expected);
    assert.ok(!whole.raw.includes('"y"'), 'a multi-line event is never forwarded raw');
    for (let cut = 1; cut < bytes.length; cut++) assert.deepEqual((await decode(bytes, [cut], true)).parts, expected, `cut at ${cut}`);
  }
});

test('a marker in the envelope of a later chunk is still seen (usage before choices)', async () => {
  const text = [
    'data: {"id":"a","model":"m","created":1,"usage":null,"choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]}',
    '',
    'data: {"id":"a","model":"m","created":1,"usage":null,"choices":[{"index":0,"delta":{"content":"x"},"finish_reason":null}]}',
    '',
    'data: {"id":"a","model":"m","created":1,"usage":{"prompt_tokens":3,"completion_tokens":1},"choices":[{"index":0,"delta":{"content":"y"},"finish_reason":null}]}',
    '',
    'data: [DONE]',
    '',
  ].join('\n');
  const { parts, raw } = await decode(Buffer.from(text), [], true);
  assert.deepEqual(
    parts.map((part) => part.type),
    ['response-start', 'text-delta', 'text-delta', 'usage'],
  );
  assert.ok(raw.includes('"x"') && !raw.includes('"y"'), 'the plain chunk went raw, the one with usage was parsed');
});

/** A stream's body: the events, then `[DONE]`. */
function sseBody(...events: string[]): Buffer {
  return Buffer.from([...events, 'data: [DONE]', ''].join('\n\n'));
}

/** The texts of the parts of one type (text or reasoning deltas). */
function textsOf(parts: StreamPart[], type: 'text-delta' | 'reasoning-delta'): string[] {
  return parts.flatMap((part) => (part.type === type ? [part.text] : []));
}

/** One OpenAI chunk event with a fixed envelope, as a decoder sees the stream's chunks share one. */
function chunk(delta: string, finish = 'null'): string {
  return `data: {"id":"a","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":${delta},"logprobs":null,"finish_reason":${finish}}]}`;
}

test('the plain-content template passes escaped content raw and parses a chunk that only looks like it', async () => {
  const bytes = sseBody(
    chunk('{"role":"assistant","content":""}'),
    chunk('{"content":"plain"}'),
    chunk('{"content":"a \\"quoted\\" word"}'),
    chunk('{"content":"ends in a backslash \\\\"}'),
    // Same envelope, prefix and suffix, but two fields where the content string should be: the reasoning must be seen.
    chunk('{"content":"x","reasoning_content":"hidden"}'),
    chunk('{"content":"y\\\\","reasoning":"also hidden"}'),
    chunk('{}', '"stop"'),
  );
  const whole = await decode(bytes, [], true);
  const parsedOnly = await decode(bytes, [], false);
  assert.deepEqual(whole.parts, parsedOnly.parts);
  assert.ok(whole.raw.includes('"plain"') && whole.raw.includes('quoted') && whole.raw.includes('backslash'), 'plain content chunks went raw');
  assert.ok(!whole.raw.includes('hidden'), 'chunks with a reasoning field were parsed');
  assert.deepEqual(textsOf(whole.parts, 'reasoning-delta'), ['hidden', 'also hidden']);
  for (let cut = 1; cut < bytes.length; cut += 7) assert.deepEqual((await decode(bytes, [cut], true)).parts, whole.parts, `cut at ${cut}`);
});

test('non-ASCII content keeps its bytes on the raw path and its text on the parsed one, wherever a read splits a character', async () => {
  const bytes = sseBody(
    chunk('{"role":"assistant","content":"Grüße "}'),
    chunk('{"content":"😀 "}'),
    chunk('{"content":"世界"}'),
    chunk('{"content":"fin ✓"}', '"stop"'),
  );
  const whole = await decode(bytes, [], true);
  assert.deepEqual(whole.parts, (await decode(bytes, [], false)).parts);
  assert.deepEqual(textsOf(whole.parts, 'text-delta'), ['Grüße ', '😀 ', '世界', 'fin ✓']);
  assert.ok(whole.raw.includes('"😀 "') && whole.raw.includes('"世界"'), 'plain chunks went raw, and decode to the same text');
  for (let cut = 1; cut < bytes.length; cut++) assert.deepEqual((await decode(bytes, [cut], true)).parts, whole.parts, `cut at byte ${cut}`);
});
