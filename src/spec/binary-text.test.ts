import assert from 'node:assert/strict';
import { test } from 'node:test';
import { binaryFromUtf8, utf8FromBinary } from './binary-text.js';

test('a binary string holds UTF-8 bytes one per character, and round-trips to the text', () => {
  const text = 'plain ASCII, Grüße, 😀, 世界';
  const binary = binaryFromUtf8(text);
  assert.equal(binary.length, Buffer.byteLength(text), 'one character per byte');
  assert.deepEqual(Buffer.from(binary, 'latin1'), Buffer.from(text, 'utf8'), 'written with latin1, the bytes are the UTF-8 of the text');
  assert.equal(utf8FromBinary(binary), text);
  assert.equal(binaryFromUtf8('only ascii'), 'only ascii', 'ASCII is its own binary string');
  assert.equal(utf8FromBinary('only ascii'), 'only ascii');
});
