import { asciiClasses, isNonAsciiPunctuation, Tally, TALLY_COUNT, WHITESPACE, WORD_CHARACTER } from './ascii-classes.js';
import { countBuckets } from './count-buckets.js';
import { denseFeatureNames } from './dense-feature-names.js';
import type { FeatureSettings } from './feature-settings.js';
import { FNV_OFFSET_BASIS, FNV_PRIME } from './fnv1a32.js';
import { pairHash } from './pair-hash.js';
import { CODE_KEYWORD, INSTRUCTION_PAIR, INSTRUCTION_WORD, promptMarkers, QUESTION_WORD, TASK_VERB } from './prompt-markers.js';

/** A prompt's raw features: hashed n-gram counts (before TF-IDF) and dense values (before scaling). */
export interface PromptFeatures {
  /** Hash buckets, distinct, in the order of their first occurrence. */
  readonly buckets: Uint32Array;
  /** How often each bucket occurs, aligned with `buckets`. */
  readonly counts: Uint32Array;
  /** One value per `denseFeatureNames` entry, in that order. */
  readonly dense: readonly number[];
}

/** Character n-grams start from their own basis, so "abc" as characters and as a word hash apart. */
const CHARACTER_NGRAM_BASIS = Math.imul(FNV_OFFSET_BASIS ^ 1, FNV_PRIME);

/**
 * The features of one prompt, in one pass over its characters and no substrings. Words are runs of
 * ASCII letters and digits or non-ASCII letters, lower-cased, with every digit read as 0 (so numbers
 * share features by shape); a word's hash is FNV-1a of those characters, a bigram's is `pairHash` of
 * its words'. Character n-grams run over the same normalised text with whitespace runs read as one
 * space. Deterministic: the same text and settings always give the same features.
 */
export function extractFeatures(prompt: string, settings: FeatureSettings): PromptFeatures {
  const length = prompt.length;
  const [lowWord, highWord] = settings.wordNgrams;
  const characterRange = settings.characterNgrams;
  const maximumWords = (length + 1) >>> 1;
  const characterSizes = characterRange === null ? 0 : characterRange[1] - characterRange[0] + 1;
  // Word hashes first (the unigrams), then bigrams, then character n-grams.
  const hashes = new Int32Array(2 * maximumWords + characterSizes * length);
  const normalised = new Uint16Array(characterRange === null ? 0 : length);
  const tallies = new Array<number>(TALLY_COUNT).fill(0);
  let normalisedLength = 0;
  let wordCount = 0;
  let wordCharacters = 0;
  let wordHash = FNV_OFFSET_BASIS;
  let inWord = false;
  let backtickRun = 0;
  let fences = 0;
  let latexCommands = 0;
  let optionLetters = 0;
  let lineStart = true;
  let previousWasSpace = false;

  for (let index = 0; index < length; index++) {
    const code = prompt.charCodeAt(index);
    let normal = code;
    let kind = WORD_CHARACTER;
    if (code < 128) {
      normal = asciiClasses.normal[code]!;
      kind = asciiClasses.kind[code]!;
      const tally = asciiClasses.tally[code]!;
      tallies[tally]!++;
      if (tally >= Tally.backtick) {
        if (tally === Tally.backslash) {
          if (isAsciiLetter(prompt.charCodeAt(index + 1))) latexCommands++;
        } else if (++backtickRun === 3) {
          fences++;
          backtickRun = 0;
        }
      }
      if (tally !== Tally.backtick) backtickRun = 0;
      if (tally === Tally.newline) lineStart = true;
    } else {
      backtickRun = 0;
      if (isNonAsciiPunctuation(code)) kind = 0;
      if (code === 0xd7 || code === 0xf7 || (code >= 0x2200 && code <= 0x22ff)) tallies[Tally.operator]!++;
    }
    const isSpace = kind === WHITESPACE;
    if (lineStart && !isSpace) {
      lineStart = false;
      optionLetters |= optionLetterAt(prompt, index);
    }

    if (kind === WORD_CHARACTER) {
      wordHash = Math.imul((inWord ? wordHash : FNV_OFFSET_BASIS) ^ normal, FNV_PRIME);
      inWord = true;
      wordCharacters++;
    } else if (inWord) {
      hashes[wordCount++] = wordHash;
      inWord = false;
    }

    if (characterRange !== null && !(isSpace && previousWasSpace)) normalised[normalisedLength++] = normal;
    previousWasSpace = isSpace;
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
  const { buckets, counts } = countBuckets(hashes, lowWord <= 1 ? 0 : wordCount, filled, settings.hashBits);

  let codeKeywords = 0;
  let questionWords = 0;
  let taskVerbs = 0;
  let instructionPhrases = 0;
  for (let index = 0; index < wordCount; index++) {
    const flags = promptMarkers.flagsOf(hashes[index]!);
    if (flags !== 0) {
      if ((flags & CODE_KEYWORD) !== 0) codeKeywords++;
      if ((flags & QUESTION_WORD) !== 0) questionWords++;
      if ((flags & TASK_VERB) !== 0) taskVerbs++;
      if ((flags & INSTRUCTION_WORD) !== 0) instructionPhrases++;
    }
    if (index > 0 && (promptMarkers.flagsOf(pairHash(hashes[index - 1]!, hashes[index]!)) & INSTRUCTION_PAIR) !== 0) {
      instructionPhrases++;
    }
  }

  const perCharacter = length === 0 ? 0 : 1 / length;
  const dense = [
    Math.log1p(length),
    Math.log1p(wordCount),
    Math.log1p(tallies[Tally.newline]!),
    wordCount === 0 ? 0 : wordCharacters / wordCount,
    Math.log1p(fences),
    tallies[Tally.codePunctuation]! * perCharacter,
    Math.log1p(codeKeywords),
    tallies[Tally.digit]! * perCharacter,
    tallies[Tally.operator]! * perCharacter,
    Math.log1p(latexCommands + tallies[Tally.dollar]!),
    Math.log1p(tallies[Tally.questionMark]!),
    Math.log1p(questionWords),
    Math.log1p(taskVerbs),
    popCount(optionLetters),
    Math.log1p(instructionPhrases),
  ];
  if (dense.length !== denseFeatureNames.length) throw new Error('extractFeatures and denseFeatureNames disagree');
  return { buckets, counts, dense };
}

/**
 * A bit for the option letter (A–J) when a line opens like a multiple-choice option: "A.", "B)",
 * "(C)", "D:"; otherwise 0.
 */
function optionLetterAt(text: string, index: number): number {
  let position = index;
  if (text.charCodeAt(position) === 40) position++;
  const letter = text.charCodeAt(position);
  if (letter < 65 || letter > 74) return 0;
  const after = text.charCodeAt(position + 1);
  return after === 46 || after === 41 || after === 58 ? 1 << (letter - 65) : 0;
}

function isAsciiLetter(code: number): boolean {
  const lower = code | 32;
  return lower >= 97 && lower <= 122;
}

function popCount(bits: number): number {
  let count = 0;
  for (let rest = bits; rest !== 0; rest &= rest - 1) count++;
  return count;
}
