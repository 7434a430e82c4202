import assert from 'node:assert/strict';
import { test } from 'node:test';
import { extractFeatures, type PromptFeatures } from './extract-features.js';
import { defaultFeatureSettings, type FeatureSettings } from './feature-settings.js';
import { FNV_OFFSET_BASIS, FNV_PRIME, fnv1a32 } from './fnv1a32.js';
import { pairHash } from './pair-hash.js';

const BITS = defaultFeatureSettings.hashBits;
/** Word n-grams only: the tests below are about words (character n-grams have their own). */
const wordSettings: FeatureSettings = { ...defaultFeatureSettings, characterNgrams: null };

function bucketOf(hash: number, bits = BITS): number {
  return ((hash >>> bits) ^ hash) & ((1 << bits) - 1);
}

function characterNgramBucket(text: string): number {
  let hash = Math.imul(FNV_OFFSET_BASIS ^ 1, FNV_PRIME);
  for (const character of text) hash = Math.imul(hash ^ character.charCodeAt(0), FNV_PRIME);
  return bucketOf(hash);
}

/** Bucket → count, for comparisons that do not depend on order. */
function countsOf(features: PromptFeatures): Map<number, number> {
  return new Map(Array.from(features.buckets, (bucket, index) => [bucket, features.counts[index]!]));
}

const unigramsOnly: FeatureSettings = { ...wordSettings, wordNgrams: [1, 1] };

test('unigrams are lower-cased words, hashed with FNV-1a and xor-folded into the hash space', () => {
  const features = extractFeatures('Hello, WORLD!', unigramsOnly);
  assert.deepEqual(
    countsOf(features),
    new Map([
      [bucketOf(fnv1a32('hello')), 1],
      [bucketOf(fnv1a32('world')), 1],
    ]),
  );
});

test('bigrams join neighbouring words; [2, 2] keeps only them', () => {
  const words = ['the', 'cat', 'sat'].map((word) => fnv1a32(word));
  const bigrams = [bucketOf(pairHash(words[0]!, words[1]!)), bucketOf(pairHash(words[1]!, words[2]!))];
  const both = countsOf(extractFeatures('The cat sat', wordSettings));
  assert.equal(both.size, 5);
  for (const bucket of [...words.map((word) => bucketOf(word)), ...bigrams]) assert.equal(both.get(bucket), 1);
  const onlyBigrams = countsOf(extractFeatures('The cat sat', { ...wordSettings, wordNgrams: [2, 2] }));
  assert.deepEqual([...onlyBigrams.keys()].sort(), [...bigrams].sort());
});

test('repeated n-grams are counted, and each bucket appears once', () => {
  const features = extractFeatures('the the the', wordSettings);
  const counts = countsOf(features);
  assert.equal(features.buckets.length, new Set(features.buckets).size);
  assert.equal(counts.get(bucketOf(fnv1a32('the'))), 3);
  assert.equal(counts.get(bucketOf(pairHash(fnv1a32('the'), fnv1a32('the')))), 2);
});

test('digits are read as 0, so numbers share features by shape', () => {
  const seventeen = extractFeatures('Add 17 and 42', wordSettings);
  const ninetyNine = extractFeatures('add 99 AND 13', wordSettings);
  assert.deepEqual(countsOf(seventeen), countsOf(ninetyNine));
  assert.notDeepEqual(countsOf(seventeen), countsOf(extractFeatures('add 7 and 42', wordSettings)));
});

test('character n-grams run over normalised text with whitespace runs as one space', () => {
  const settings: FeatureSettings = { ...wordSettings, wordNgrams: [2, 2], characterNgrams: [3, 3] };
  const features = extractFeatures('Abcd', settings);
  assert.deepEqual(countsOf(features), new Map([[characterNgramBucket('abc'), 1], [characterNgramBucket('bcd'), 1]]));
  const spaced = countsOf(extractFeatures('a \n\t b', settings));
  assert.deepEqual(spaced, countsOf(extractFeatures('a b', settings)));
  assert.deepEqual(spaced, new Map([[characterNgramBucket('a b'), 1], [bucketOf(pairHash(fnv1a32('a'), fnv1a32('b'))), 1]]));
});

test('a character n-gram and the word with the same letters hash apart', () => {
  const settings: FeatureSettings = { ...wordSettings, wordNgrams: [1, 1], characterNgrams: [3, 3] };
  assert.equal(extractFeatures('abc', settings).buckets.length, 2);
});

test('the hash space follows hashBits', () => {
  const settings: FeatureSettings = { ...wordSettings, hashBits: 8 };
  const features = extractFeatures('a fairly long prompt with many different words in it to fill buckets', settings);
  for (const bucket of features.buckets) assert.ok(bucket < 256);
});

test('a pinned prompt keeps its buckets (stored router.json files depend on them)', () => {
  const features = extractFeatures('What is 2 + 2?', wordSettings);
  assert.deepEqual(Array.from(features.buckets), [177524, 40091, 42476, 32822, 116024, 110382]);
  assert.deepEqual(Array.from(features.counts), [1, 1, 2, 1, 1, 1]);
});

test('extraction is deterministic', () => {
  const prompt = 'Solve $x^2 - 4 = 0$.\n```js\nconst x = 2;\n```\nA. 2\nB. -2';
  const settings: FeatureSettings = { ...wordSettings, characterNgrams: [2, 4] };
  assert.deepEqual(extractFeatures(prompt, settings), extractFeatures(prompt, settings));
});

test('an empty prompt has no n-grams', () => {
  assert.equal(extractFeatures('', wordSettings).buckets.length, 0);
  assert.equal(extractFeatures('', defaultFeatureSettings).buckets.length, 0);
});

test('a prompt longer than scannedCharacters is read from its first and last half of them, the gap as a space', () => {
  const settings: FeatureSettings = { ...defaultFeatureSettings, scannedCharacters: 16 };
  const long = 'alpha beta gamma middle words that are skipped delta epsilon zeta';
  // The first 8 and the last 8 characters, joined by one space.
  assert.deepEqual(countsOf(extractFeatures(long, settings)), countsOf(extractFeatures('alpha be silon zeta', settings)));
  assert.deepEqual(countsOf(extractFeatures(long, settings)), countsOf(extractFeatures(`${long.slice(0, 8)} ${long.slice(-8)}`, { ...settings, scannedCharacters: 100 })));
  // Up to the cap, the whole prompt is read.
  const sixteen = 'abcd efgh ijkl m';
  assert.deepEqual(countsOf(extractFeatures(sixteen, settings)), countsOf(extractFeatures(sixteen, { ...settings, scannedCharacters: 100 })));
  // A whitespace at either edge of the gap still reads as one space; an odd cap gives the tail the extra character.
  const spaced = { ...settings, scannedCharacters: 8 };
  assert.deepEqual(countsOf(extractFeatures('abc -----  xyz', spaced)), countsOf(extractFeatures('abc xyz', spaced)));
  const odd = countsOf(extractFeatures('abcdefgh1234567890ijklmnop', { ...settings, scannedCharacters: 17 }));
  assert.deepEqual(odd, countsOf(extractFeatures('abcdefgh 0ijklmnop', { ...settings, scannedCharacters: 100 })));
});

test('the work is bounded: a 1,000,000-character prompt has no more n-grams than the cap allows', () => {
  const huge = 'lorem ipsum dolor sit amet '.repeat(40_000);
  const features = extractFeatures(huge, defaultFeatureSettings);
  const total = features.counts.reduce((sum, count) => sum + count, 0);
  // Words and bigrams (at most one per character) and three character n-gram sizes per position.
  assert.ok(total <= 5 * (defaultFeatureSettings.scannedCharacters + 1), `${total} n-grams`);
  assert.ok(total > defaultFeatureSettings.scannedCharacters, `${total} n-grams`);
});

test('non-ASCII letters form words; non-ASCII punctuation separates them', () => {
  const features = extractFeatures('Grüße—Straße', unigramsOnly);
  assert.equal(features.buckets.length, 2);
});
