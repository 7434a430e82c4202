import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { crc32 } from 'node:zlib';
import { test } from 'node:test';
import { GatewayError } from '../../spec/gateway-error.js';
import type { StreamPart } from '../../spec/stream-part.js';
import { decodeBedrockStream } from './decode-bedrock-stream.js';
import { encodeBedrockFrames, type FixtureFrame } from './__fixtures__/encode-bedrock-frames.js';

const OPTIONS = { provider: 'bedrock', id: 'req-1', model: 'us.anthropic.claude-haiku-4-5-20251001-v1:0', jsonTool: undefined };

function framesOf(file: string): FixtureFrame[] {
  return (JSON.parse(readFileSync(new URL(`./__fixtures__/${file}`, import.meta.url), 'utf8')) as { response: { frames: FixtureFrame[] } }).response.frames;
}

async function* reads(...chunks: Uint8Array[]): AsyncGenerator<Uint8Array> {
  for (const chunk of chunks) yield chunk;
}

async function decode(chunks: Uint8Array[], options = OPTIONS): Promise<StreamPart[][]> {
  const batches: StreamPart[][] = [];
  for await (const batch of decodeBedrockStream(reads(...chunks), options)) batches.push(batch);
  return batches;
}

/** `created` is the wall clock at decode time; everything else must match exactly. */
function normalise(parts: StreamPart[]): StreamPart[] {
  return parts.map((part) => (part.type === 'response-start' ? { ...part, created: 0 } : part));
}

test('a hand-built frame: prelude, string headers, payload and CRC32s as the event-stream format defines them', async () => {
  const headers: Array<[string, string]> = [
    [':event-type', 'messageStart'],
    [':content-type', 'application/json'],
    [':message-type', 'event'],
  ];
  const headerBytes = Buffer.concat(
    headers.map(([name, value]) => {
      const length = Buffer.alloc(2);
      length.writeUInt16BE(Buffer.byteLength(value));
      // name length (1 byte), name, value type 7 (string), value length (2 bytes), value
      return Buffer.concat([Buffer.from([Buffer.byteLength(name)]), Buffer.from(name), Buffer.from([7]), length, Buffer.from(value)]);
    }),
  );
  const payload = Buffer.from('{"p":"abc","role":"assistant"}');
  const total = 12 + headerBytes.length + payload.length + 4;
  const prelude = Buffer.alloc(8);
  prelude.writeUInt32BE(total, 0);
  prelude.writeUInt32BE(headerBytes.length, 4);
  const preludeCrc = Buffer.alloc(4);
  preludeCrc.writeUInt32BE(crc32(prelude));
  const withoutCrc = Buffer.concat([prelude, preludeCrc, headerBytes, payload]);
  const messageCrc = Buffer.alloc(4);
  messageCrc.writeUInt32BE(crc32(withoutCrc));
  const frame = Buffer.concat([withoutCrc, messageCrc]);

  assert.equal(frame.toString('hex'), encodeBedrockFrames([{ headers: Object.fromEntries(headers), payload: { p: 'abc', role: 'assistant' } }]).toString('hex'), 'the test encoder writes the same bytes');
  const parts = (await decode([frame])).flat();
  assert.equal(parts[0]!.type, 'response-start');
  assert.deepEqual({ ...parts[0]!, created: 0 }, { type: 'response-start', id: 'req-1', model: OPTIONS.model, created: 0 });
  assert.equal(parts.at(-1)!.type, 'error', 'a stream without messageStop is reported as cut off');
});

test('frames cut at every byte offset decode to the same parts', async () => {
  const body = encodeBedrockFrames([...framesOf('bedrock-stream-tool-calls.json')]);
  const whole = normalise((await decode([body])).flat());
  assert.ok(whole.some((part) => part.type === 'tool-call-delta'));
  assert.equal(whole.at(-1)!.type, 'usage');
  for (let offset = 1; offset < body.length; offset++) {
    const parts = normalise((await decode([body.subarray(0, offset), body.subarray(offset)])).flat());
    assert.deepEqual(parts, whole, `cut at byte ${offset}`);
  }
  const bytewise = normalise((await decode(Array.from(body, (byte) => Uint8Array.of(byte)))).flat());
  assert.deepEqual(bytewise, whole, 'one byte per read');
});

test('one batch per network read: several frames in one read are one batch; a read without a whole frame yields none', async () => {
  const frames = framesOf('bedrock-stream-text.json');
  const body = encodeBedrockFrames(frames);
  assert.equal((await decode([body])).length, 1);
  const first = encodeBedrockFrames(frames.slice(0, 1));
  const batches = await decode([first.subarray(0, 5), first.subarray(5), encodeBedrockFrames(frames.slice(1))]);
  assert.equal(batches.length, 2, 'the partial read yields nothing, the two whole reads one batch each');
  assert.deepEqual(
    batches[0]!.map((part) => part.type),
    ['response-start'],
  );
});

test('text, reasoning with a signature, a redacted block, then finish and usage', async () => {
  const parts = normalise((await decode([encodeBedrockFrames(framesOf('bedrock-stream-reasoning.json'))])).flat());
  const signatures = parts.filter((part) => part.type === 'reasoning-delta' && part.signature !== undefined);
  const redacted = parts.filter((part) => part.type === 'reasoning-delta' && part.redacted !== undefined);
  assert.equal(signatures.length, 1);
  assert.equal(redacted.length, 1);
  assert.ok(parts.every((part) => part.type !== 'reasoning-delta' || part.text !== '' || part.signature !== undefined || part.redacted !== undefined), 'empty reasoning deltas are dropped');
  assert.deepEqual(
    parts.slice(-2).map((part) => part.type),
    ['finish', 'usage'],
  );
});

test('an exception frame mid-stream ends it with a mapped error part; later frames are not read', async () => {
  const frames: FixtureFrame[] = [
    ...framesOf('bedrock-stream-text.json').slice(0, 2),
    { headers: { ':exception-type': 'serviceUnavailableException', ':content-type': 'application/json', ':message-type': 'exception' }, payload: { message: 'Bedrock is unable to process your request.' } },
    ...framesOf('bedrock-stream-text.json').slice(2),
  ];
  const parts = (await decode([encodeBedrockFrames(frames)])).flat();
  const last = parts.at(-1)!;
  assert.equal(last.type, 'error');
  assert.ok(last.type === 'error' && last.error.code === 'GW_ERR_UPSTREAM_OVERLOADED' && last.error.retryable);
  assert.ok(!parts.some((part) => part.type === 'finish'), 'nothing after the exception');
  assert.deepEqual(
    parts.filter((part) => part.type === 'text-delta').map((part) => (part as { text: string }).text),
    ['One,'],
  );
});

test('validation exceptions mid-stream are not retryable; context-length wording is recognised', async () => {
  const frame = (message: string): Buffer =>
    encodeBedrockFrames([
      { headers: { ':exception-type': 'validationException', ':content-type': 'application/json', ':message-type': 'exception' }, payload: { message } },
    ]);
  const plain = (await decode([frame('Malformed input request')])).flat().at(-1)!;
  assert.ok(plain.type === 'error' && plain.error.code === 'GW_ERR_UPSTREAM_BAD_REQUEST' && !plain.error.retryable && plain.error.status === 400);
  const tooLong = (await decode([frame('Input is too long for requested model.')])).flat().at(-1)!;
  assert.ok(tooLong.type === 'error' && tooLong.error.code === 'GW_ERR_UPSTREAM_CONTEXT_LENGTH');
});

test('an error frame (:message-type error) carries its code and message in headers', async () => {
  const body = encodeBedrockFrames([
    framesOf('bedrock-stream-text.json')[0]!,
    { headers: { ':error-code': 'ThrottlingException', ':error-message': 'Rate exceeded', ':message-type': 'error' }, payload: {} },
  ]);
  const last = (await decode([body])).flat().at(-1)!;
  assert.ok(last.type === 'error' && last.error.code === 'GW_ERR_UPSTREAM_RATE_LIMITED' && last.error.message.includes('Rate exceeded'));
});

test('a body cut inside a frame, a bad CRC and a stream without messageStop are errors, not silence', async () => {
  const body = encodeBedrockFrames(framesOf('bedrock-stream-text.json'));
  const cut = (await decode([body.subarray(0, body.length - 3)])).flat().at(-1)!;
  assert.ok(cut.type === 'error' && cut.error.code === 'GW_ERR_UPSTREAM_STREAM_INTERRUPTED', 'cut inside the last frame');

  const corrupt = Buffer.from(body);
  corrupt[20] = corrupt[20]! ^ 0xff;
  const bad = (await decode([corrupt])).flat().at(-1)!;
  assert.ok(bad.type === 'error' && bad.error.code === 'GW_ERR_UPSTREAM_INVALID_RESPONSE', 'checksum mismatch');

  const noStop = encodeBedrockFrames(framesOf('bedrock-stream-text.json').slice(0, 3));
  const early = (await decode([noStop])).flat().at(-1)!;
  assert.ok(early.type === 'error' && early.error.code === 'GW_ERR_UPSTREAM_STREAM_INTERRUPTED');
});

test('unknown events and block types are ignored', async () => {
  const frames = framesOf('bedrock-stream-text.json');
  const withUnknown: FixtureFrame[] = [
    frames[0]!,
    { headers: { ':event-type': 'somethingNew', ':content-type': 'application/json', ':message-type': 'event' }, payload: { x: 1 } },
    { headers: { ':event-type': 'contentBlockStart', ':content-type': 'application/json', ':message-type': 'event' }, payload: { contentBlockIndex: 0, start: { image: {} } } },
    ...frames.slice(1),
  ];
  assert.deepEqual(normalise((await decode([encodeBedrockFrames(withUnknown)])).flat()), normalise((await decode([encodeBedrockFrames(frames)])).flat()));
});

test('a failure while reading the body becomes an error part after what was decoded', async () => {
  const frames = encodeBedrockFrames(framesOf('bedrock-stream-text.json').slice(0, 2));
  async function* failing(): AsyncGenerator<Uint8Array> {
    yield frames;
    throw new GatewayError('GW_ERR_UPSTREAM_STREAM_INTERRUPTED', 'bedrock: the stream was cut off', { provider: 'bedrock' });
  }
  const parts: StreamPart[] = [];
  for await (const batch of decodeBedrockStream(failing(), OPTIONS)) parts.push(...batch);
  assert.deepEqual(
    parts.map((part) => part.type),
    ['response-start', 'text-delta', 'error'],
  );
});
