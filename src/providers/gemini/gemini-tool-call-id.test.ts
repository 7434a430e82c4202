import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeGeminiToolCallId, encodeGeminiToolCallId, syntheticGeminiToolCallId } from './gemini-tool-call-id.js';

// Standard base64 with `+`, `/` and padding, as Google sends proto bytes.
const SIGNATURE = Buffer.from([0xfb, 0xff, 0xbe, 0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc, 0xde, 0xf0]).toString('base64');

test('a signature rides inside the id, url-safe, and comes back byte for byte', () => {
  assert.match(SIGNATURE, /[+/=]/, 'the sample needs the characters base64url changes');
  const id = encodeGeminiToolCallId('call_resp1_0', SIGNATURE);
  assert.match(id, /^call_resp1_0~ts~[A-Za-z0-9_-]+$/);
  assert.deepEqual(decodeGeminiToolCallId(id), { base: 'call_resp1_0', signature: SIGNATURE });
});

test('an id without a signature is its base; so are foreign ids', () => {
  assert.equal(encodeGeminiToolCallId('call_x_1', undefined), 'call_x_1');
  assert.deepEqual(decodeGeminiToolCallId('call_x_1'), { base: 'call_x_1', signature: undefined });
  assert.deepEqual(decodeGeminiToolCallId('toolu_01A09q90qw90lq917835lq9'), { base: 'toolu_01A09q90qw90lq917835lq9', signature: undefined });
  // Something that only looks like the marker is not taken apart.
  assert.deepEqual(decodeGeminiToolCallId('weird~ts~not base64!'), { base: 'weird~ts~not base64!', signature: undefined });
});

test("a Gemini id that itself holds the marker still decodes: the last marker is ours", () => {
  const id = encodeGeminiToolCallId('abc~ts~def', SIGNATURE);
  assert.deepEqual(decodeGeminiToolCallId(id), { base: 'abc~ts~def', signature: SIGNATURE });
});

test('a signature that is not canonical base64 is kept verbatim', () => {
  const odd = 'c2ln~bmF0dXJl'; // no padding, and a `~`
  const id = encodeGeminiToolCallId('call_r_2', odd);
  assert.ok(!id.slice('call_r_2~tsu~'.length).includes('~'));
  assert.deepEqual(decodeGeminiToolCallId(id), { base: 'call_r_2', signature: odd });
});

test('synthetic ids name the response and the position', () => {
  assert.equal(syntheticGeminiToolCallId('QHiLaa6LBrb8vdIPoNztsAg', 2), 'call_QHiLaa6LBrb8vdIPoNztsAg_2');
});
