import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fnv1a32 } from './fnv1a32.js';
import { MarkerTable } from './marker-table.js';
import { CODE_KEYWORD, promptMarkers, QUESTION_WORD } from './prompt-markers.js';
import { createSeededRandom } from '../simulator/create-seeded-random.js';

test('flagsOf finds every entry, signed or unsigned, and nothing else', () => {
  const random = createSeededRandom(3);
  const entries = Array.from({ length: 500 }, (_, index) => [Math.floor(random() * 2 ** 32), 1 << (index % 5)] as const);
  const table = new MarkerTable(entries);
  for (const [hash, flags] of entries) {
    assert.equal(table.flagsOf(hash), flags);
    assert.equal(table.flagsOf(hash | 0), flags);
  }
  const known = new Set(entries.map(([hash]) => hash));
  let misses = 0;
  for (let index = 0; index < 2000; index++) {
    const hash = Math.floor(random() * 2 ** 32);
    if (known.has(hash)) continue;
    assert.equal(table.flagsOf(hash), 0);
    misses++;
  }
  assert.ok(misses > 1900);
});

test('a hash listed twice carries both flags', () => {
  const table = new MarkerTable([
    [42, 1],
    [42, 4],
  ]);
  assert.equal(table.flagsOf(42), 5);
  assert.equal(new MarkerTable([]).flagsOf(42), 0);
});

test('the prompt markers know their words', () => {
  assert.equal(promptMarkers.flagsOf(fnv1a32('return')) & CODE_KEYWORD, CODE_KEYWORD);
  assert.equal(promptMarkers.flagsOf(fnv1a32('which')) & QUESTION_WORD, QUESTION_WORD);
  assert.equal(promptMarkers.flagsOf(fnv1a32('river')), 0);
});
