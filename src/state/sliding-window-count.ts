import type { WindowCount } from './state-port.js';

/**
 * The sliding-window decision both state implementations share (the Redis Lua script in
 * redis-scripts.ts does the same arithmetic, in the same order, so both answer the same numbers).
 *
 * Two fixed windows stand in for a sliding one: the previous window counts for the share of it that
 * the sliding window still overlaps. `previous` and `current` are the two fixed windows' totals,
 * `elapsedMs` is how far into the current window the caller's clock is.
 */
export function slidingWindowCount(previous: number, current: number, elapsedMs: number, windowMs: number, limit: number, amount: number): WindowCount {
  const overlap = 1 - elapsedMs / windowMs;
  // Negative corrections (add) may leave a window below zero; the count itself never is.
  const count = Math.max(0, previous * overlap + current);
  if (count + amount <= limit) return { allowed: true, count: count + amount, retryAfterMs: 0 };
  return { allowed: false, count, retryAfterMs: millisecondsUntilFits(previous, current, elapsedMs, windowMs, limit, amount) };
}

function millisecondsUntilFits(previous: number, current: number, elapsedMs: number, windowMs: number, limit: number, amount: number): number {
  // Room left for the previous window's weighted share once this window and the amount are counted.
  const room = limit - amount - current;
  if (room >= 0 && previous > 0) {
    // previous × (1 − t/W) ≤ room  ⇔  t ≥ W × (1 − room/previous), later in this same window.
    return Math.max(1, wholeMilliseconds(windowMs * (1 - room / previous) - elapsedMs));
  }
  const untilNextWindow = windowMs - elapsedMs;
  // An amount above the limit never fits; the best answer is when the count has fallen to nothing.
  if (amount > limit) return Math.max(1, wholeMilliseconds(untilNextWindow + windowMs));
  // In the next window this one is the previous: current × (1 − t/W) ≤ limit − amount.
  const intoNextWindow = current > 0 ? Math.max(0, wholeMilliseconds(windowMs * (1 - (limit - amount) / current))) : 0;
  return Math.max(1, wholeMilliseconds(untilNextWindow + intoNextWindow));
}

/** Rounds up, but not for the last bits of floating-point noise (1 − 7/10 is 0.30000000000000004). */
function wholeMilliseconds(milliseconds: number): number {
  return Math.ceil(milliseconds - 1e-6);
}
