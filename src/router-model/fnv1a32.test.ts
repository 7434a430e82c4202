import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fnv1a32 } from './fnv1a32.js';
import { pairHash } from './pair-hash.js';

test('fnv1a32 gives the published FNV-1a 32-bit test vectors', () => {
  // http://www.isthe.com/chongo/src/fnv/test_fnv.c (FNV1A_32 vectors for "", "a", "foobar").
  assert.equal(fnv1a32(''), 0x811c9dc5);
  assert.equal(fnv1a32('a'), 0xe40c292c);
  assert.equal(fnv1a32('foobar'), 0xbf9cf968);
});

test('fnv1a32 is unsigned and tells close strings apart', () => {
  const hashes = ['ab', 'ba', 'abc', 'abd', 'Abc'].map((text) => fnv1a32(text));
  for (const hash of hashes) assert.ok(hash >= 0 && hash < 2 ** 32 && Number.isInteger(hash));
  assert.equal(new Set(hashes).size, hashes.length);
});

test('pairHash depends on order, agrees for signed and unsigned inputs, and is pinned', () => {
  const first = fnv1a32('new');
  const second = fnv1a32('york');
  assert.notEqual(pairHash(first, second), pairHash(second, first));
  assert.equal(pairHash(first | 0, second | 0), pairHash(first, second));
  // Stored router.json files depend on this value: changing the hash is a format change.
  assert.equal(pairHash(first, second) >>> 0, 0x8f854575);
});
