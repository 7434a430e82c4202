import assert from 'node:assert/strict';
import { test } from 'node:test';
import { denseFeatureNames, type DenseFeatureName } from './dense-feature-names.js';
import { extractFeatures, type PromptFeatures } from './extract-features.js';
import { defaultFeatureSettings, type FeatureSettings } from './feature-settings.js';
import { FNV_OFFSET_BASIS, FNV_PRIME, fnv1a32 } from './fnv1a32.js';
import { pairHash } from './pair-hash.js';

const BITS = defaultFeatureSettings.hashBits;

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

function dense(prompt: string, name: DenseFeatureName): number {
  return extractFeatures(prompt, defaultFeatureSettings).dense[denseFeatureNames.indexOf(name)]!;
}

const unigramsOnly: FeatureSettings = { ...defaultFeatureSettings, wordNgrams: [1, 1] };

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
  const both = countsOf(extractFeatures('The cat sat', defaultFeatureSettings));
  assert.equal(both.size, 5);
  for (const bucket of [...words.map((word) => bucketOf(word)), ...bigrams]) assert.equal(both.get(bucket), 1);
  const onlyBigrams = countsOf(extractFeatures('The cat sat', { ...defaultFeatureSettings, wordNgrams: [2, 2] }));
  assert.deepEqual([...onlyBigrams.keys()].sort(), [...bigrams].sort());
});

test('repeated n-grams are counted, and each bucket appears once', () => {
  const features = extractFeatures('the the the', defaultFeatureSettings);
  const counts = countsOf(features);
  assert.equal(features.buckets.length, new Set(features.buckets).size);
  assert.equal(counts.get(bucketOf(fnv1a32('the'))), 3);
  assert.equal(counts.get(bucketOf(pairHash(fnv1a32('the'), fnv1a32('the')))), 2);
});

test('digits are read as 0, so numbers share features by shape', () => {
  const seventeen = extractFeatures('Add 17 and 42', defaultFeatureSettings);
  const ninetyNine = extractFeatures('add 99 AND 13', defaultFeatureSettings);
  assert.deepEqual(countsOf(seventeen), countsOf(ninetyNine));
  assert.notDeepEqual(countsOf(seventeen), countsOf(extractFeatures('add 7 and 42', defaultFeatureSettings)));
});

test('character n-grams run over normalised text with whitespace runs as one space', () => {
  const settings: FeatureSettings = { ...defaultFeatureSettings, wordNgrams: [2, 2], characterNgrams: [3, 3] };
  const features = extractFeatures('Abcd', settings);
  assert.deepEqual(countsOf(features), new Map([[characterNgramBucket('abc'), 1], [characterNgramBucket('bcd'), 1]]));
  const spaced = countsOf(extractFeatures('a \n\t b', settings));
  assert.deepEqual(spaced, countsOf(extractFeatures('a b', settings)));
  assert.deepEqual(spaced, new Map([[characterNgramBucket('a b'), 1], [bucketOf(pairHash(fnv1a32('a'), fnv1a32('b'))), 1]]));
});

test('a character n-gram and the word with the same letters hash apart', () => {
  const settings: FeatureSettings = { ...defaultFeatureSettings, wordNgrams: [1, 1], characterNgrams: [3, 3] };
  assert.equal(extractFeatures('abc', settings).buckets.length, 2);
});

test('the hash space follows hashBits', () => {
  const settings: FeatureSettings = { ...defaultFeatureSettings, hashBits: 8 };
  const features = extractFeatures('a fairly long prompt with many different words in it to fill buckets', settings);
  for (const bucket of features.buckets) assert.ok(bucket < 256);
});

test('a pinned prompt keeps its buckets (stored router.json files depend on them)', () => {
  const features = extractFeatures('What is 2 + 2?', defaultFeatureSettings);
  assert.deepEqual(Array.from(features.buckets), [177524, 40091, 42476, 32822, 116024, 110382]);
  assert.deepEqual(Array.from(features.counts), [1, 1, 2, 1, 1, 1]);
});

test('extraction is deterministic', () => {
  const prompt = 'Solve $x^2 - 4 = 0$.\n```js\nconst x = 2;\n```\nA. 2\nB. -2';
  const settings: FeatureSettings = { ...defaultFeatureSettings, characterNgrams: [2, 4] };
  assert.deepEqual(extractFeatures(prompt, settings), extractFeatures(prompt, settings));
});

test('an empty prompt has no n-grams and finite dense features', () => {
  const features = extractFeatures('', defaultFeatureSettings);
  assert.equal(features.buckets.length, 0);
  assert.equal(features.dense.length, denseFeatureNames.length);
  for (const value of features.dense) assert.ok(Number.isFinite(value));
});

test('length features grow with the prompt', () => {
  assert.ok(dense('one two three four five six', 'log_characters') > dense('one two', 'log_characters'));
  assert.equal(dense('one two three', 'log_words'), Math.log1p(3));
  assert.equal(dense('a\nb\nc', 'log_lines'), Math.log1p(2));
  assert.equal(dense('ab abcd', 'mean_word_length'), 3);
});

test('code markers: fences, braces and semicolons, keywords', () => {
  const code = 'Fix this:\n```python\ndef add(a, b):\n    return a + b;\n```\nand `x`';
  assert.equal(dense(code, 'code_fences'), Math.log1p(2));
  assert.equal(dense('Tell me about rivers in France.', 'code_fences'), 0);
  assert.equal(dense('if (x) { y(); }', 'code_punctuation_density'), 3 / 15);
  assert.equal(dense('The river is long.', 'code_punctuation_density'), 0);
  assert.equal(dense(code, 'code_keywords'), Math.log1p(3)); // python, def, return
});

test('math markers: digits, operators, LaTeX', () => {
  assert.equal(dense('1234', 'digit_density'), 1);
  assert.equal(dense('ab12', 'digit_density'), 0.5);
  assert.equal(dense('a+b=c', 'math_operator_density'), 2 / 5);
  assert.equal(dense('a × b ÷ c ≤ d', 'math_operator_density'), 3 / 13);
  assert.equal(dense('$\\frac{1}{2}$ and \\alpha', 'latex_markers'), Math.log1p(4)); // 2 dollars, \frac, \alpha
  assert.equal(dense('a path C:\\ and a \\\\ break', 'latex_markers'), 0);
});

test('question words, question marks and task verbs', () => {
  assert.equal(dense('What is it? Why? How so?', 'question_marks'), Math.log1p(3));
  assert.equal(dense('What is it? Why? How so?', 'question_words'), Math.log1p(3));
  assert.equal(dense('Explain and then prove it, then solve for x.', 'task_verbs'), Math.log1p(3));
  assert.equal(dense('The cat sat.', 'question_words'), 0);
});

test('multiple-choice structure counts the distinct option letters opening lines', () => {
  assert.equal(dense('Pick one.\nA. red\nB. green\nC. blue\nD. black\nAnswer:', 'multiple_choice_options'), 4);
  assert.equal(dense('Pick one:\n(A) red\n  (B) green', 'multiple_choice_options'), 2);
  assert.equal(dense('A) yes\nB: no', 'multiple_choice_options'), 2);
  assert.equal(dense('A dog. Books are fun.\nAn apple.', 'multiple_choice_options'), 0);
});

test('system-ish instructions', () => {
  assert.equal(dense('You are a helpful assistant. Act as a pirate.', 'instruction_phrases'), Math.log1p(3));
  assert.equal(dense('Where are you going?', 'instruction_phrases'), 0);
});

test('non-ASCII letters form words; non-ASCII punctuation separates them', () => {
  const features = extractFeatures('Grüße—Straße', unigramsOnly);
  assert.equal(features.buckets.length, 2);
  assert.equal(dense('Grüße—Straße', 'log_words'), Math.log1p(2));
});
