import type { CountText } from './prompt-size.js';

/** Texts shorter than this cost about as little to count as to look up; longer than this are sampled anyway. */
const MIN_CACHED_LENGTH = 16;
const MAX_CACHED_LENGTH = 32_768;

/**
 * Remembers the token counts of the texts that recur from request to request — system prompts,
 * few-shot examples, tool definitions — so each is counted once, not on every request. A Map in
 * insertion order is the LRU: a hit moves the text to the end, and past `maxEntries` the oldest goes.
 * Memory is bounded by maxEntries × 32 KB of text at worst.
 */
export function cachingTextCounter(countText: CountText, maxEntries = 2048): CountText {
  const counts = new Map<string, number>();
  return (text, once) => {
    if (once === true || text.length < MIN_CACHED_LENGTH || text.length > MAX_CACHED_LENGTH) return countText(text);
    const known = counts.get(text);
    if (known !== undefined) {
      counts.delete(text);
      counts.set(text, known);
      return known;
    }
    const counted = countText(text);
    counts.set(text, counted);
    if (counts.size > maxEntries) counts.delete(counts.keys().next().value!);
    return counted;
  };
}
