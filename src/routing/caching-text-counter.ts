import type { CountText } from './prompt-size.js';

/** Texts shorter than this cost about as little to count as to look up; longer than this are sampled anyway. */
const MIN_CACHED_LENGTH = 16;
const MAX_CACHED_LENGTH = 32_768;

interface Entry {
  readonly tokens: number;
  /** Read since the eviction scan last passed it (CLOCK's reference bit). */
  used: boolean;
}

/**
 * Remembers the token counts of the texts that recur from request to request — system prompts,
 * few-shot examples, tool definitions — so each is counted once, not on every request. Eviction is
 * CLOCK (second chance), an approximation of least-recently-used: a hit only sets a flag, and when a
 * new text overflows `maxEntries`, the scan from the oldest moves flagged entries to the back
 * (clearing the flag) and evicts the first unflagged one. A hit must not re-insert its key: the key
 * is the request's freshly parsed string, and an old Map holding young strings (plus the rehashes
 * that re-insertion causes) made every request's garbage outlive the young generation.
 * Memory is bounded by maxEntries × 32 KB of text at worst.
 */
export function cachingTextCounter(countText: CountText, maxEntries = 2048): CountText {
  const entries = new Map<string, Entry>();
  return (text, once) => {
    if (once === true || text.length < MIN_CACHED_LENGTH || text.length > MAX_CACHED_LENGTH) return countText(text);
    const known = entries.get(text);
    if (known !== undefined) {
      known.used = true;
      return known.tokens;
    }
    const tokens = countText(text);
    entries.set(text, { tokens, used: false });
    while (entries.size > maxEntries) {
      const [oldest, entry] = entries.entries().next().value!;
      entries.delete(oldest);
      if (!entry.used) break;
      entry.used = false;
      entries.set(oldest, entry);
    }
    return tokens;
  };
}
