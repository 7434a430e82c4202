import { asciiClasses, isNonAsciiPunctuation, WHITESPACE, WORD_CHARACTER } from './ascii-classes.js';
import { countBuckets } from './count-buckets.js';
import type { FeatureSettings } from './feature-settings.js';
import { FNV_OFFSET_BASIS, FNV_PRIME } from './fnv1a32.js';
import { pairHash } from './pair-hash.js';

/** A prompt's hashed n-gram counts (before TF-IDF). */
export interface PromptFeatures {
  /** Hash buckets, distinct, in the order of their first occurrence. */
  readonly buckets: Uint32Array;
  /** How often each bucket occurs, aligned with `buckets`. */
  readonly counts: Uint32Array;
}

/** Character n-grams start from their own basis, so "abc" as characters and as a word hash apart. */
const CHARACTER_NGRAM_BASIS = Math.imul(FNV_OFFSET_BASIS ^ 1, FNV_PRIME);
const SPACE = 32;

/**
 * The n-grams of one prompt, in one pass over its characters and no substrings. Words are runs of
 * ASCII letters and digits or non-ASCII letters, lower-cased, with every digit read as 0 (so numbers
 * share features by shape); a word's hash is FNV-1a of those characters, a bigram's is `pairHash` of
 * its words'. Character n-grams run over the same normalised text with whitespace runs read as one
 * space. A prompt longer than `scannedCharacters` is read from its first and last half of that many
 * characters, the gap between them read as one space. Deterministic: the same text and settings
 * always give the same features.
 */
export function extractFeatures(prompt: string, settings: FeatureSettings): PromptFeatures {
  const length = prompt.length;
  const scanned = Math.min(length, settings.scannedCharacters);
  const headEnd = length === scanned ? length : scanned >>> 1;
  const tailStart = length - (scanned - headEnd);
  const [lowWord, highWord] = settings.wordNgrams;
  const characterRange = settings.characterNgrams;
  // The gap adds at most one word boundary and one space.
  const maximumWords = (scanned >>> 1) + 2;
  const characterSizes = characterRange === null ? 0 : characterRange[1] - characterRange[0] + 1;
  // Word hashes first (the unigrams), then bigrams, then character n-grams.
  const hashes = new Int32Array(2 * maximumWords + characterSizes * (scanned + 1));
  const normalised = new Uint16Array(characterRange === null ? 0 : scanned + 1);
  let normalisedLength = 0;
  let wordCount = 0;
  let wordHash = FNV_OFFSET_BASIS;
  let inWord = false;
  let previousWasSpace = false;

  for (let part = 0; part < 2; part++) {
    const from = part === 0 ? 0 : tailStart;
    const to = part === 0 ? headEnd : length;
    if (from >= to) continue;
    if (part === 1) {
      if (inWord) hashes[wordCount++] = wordHash;
      inWord = false;
      if (characterRange !== null && !previousWasSpace) normalised[normalisedLength++] = SPACE;
      previousWasSpace = true;
    }
    for (let index = from; index < to; index++) {
      const code = prompt.charCodeAt(index);
      let normal = code;
      let kind = WORD_CHARACTER;
      if (code < 128) {
        normal = asciiClasses.normal[code]!;
        kind = asciiClasses.kind[code]!;
      } else if (isNonAsciiPunctuation(code)) {
        kind = 0;
      }
      const isSpace = kind === WHITESPACE;
      if (kind === WORD_CHARACTER) {
        wordHash = Math.imul((inWord ? wordHash : FNV_OFFSET_BASIS) ^ normal, FNV_PRIME);
        inWord = true;
      } else if (inWord) {
        hashes[wordCount++] = wordHash;
        inWord = false;
      }
      if (characterRange !== null && !(isSpace && previousWasSpace)) normalised[normalisedLength++] = normal;
      previousWasSpace = isSpace;
    }
  }
  if (inWord) hashes[wordCount++] = wordHash;

  let filled = wordCount;
  if (highWord >= 2) for (let index = 1; index < wordCount; index++) hashes[filled++] = pairHash(hashes[index - 1]!, hashes[index]!);
  if (characterRange !== null) {
    const [low, high] = characterRange;
    for (let start = 0; start + low <= normalisedLength; start++) {
      let hash = CHARACTER_NGRAM_BASIS;
      const end = Math.min(start + high, normalisedLength);
      for (let position = start; position < end; position++) {
        hash = Math.imul(hash ^ normalised[position]!, FNV_PRIME);
        if (position - start + 1 >= low) hashes[filled++] = hash;
      }
    }
  }
  return countBuckets(hashes, lowWord <= 1 ? 0 : wordCount, filled, settings.hashBits);
}
