/**
 * Argument checks both state implementations share for budget counters and leases, so memory and
 * Redis refuse the same calls with the same words.
 *
 * Counters hold integers (nano-dollars) that must stay exact: Redis keeps them with INCRBY, but its
 * Lua scripts and JavaScript both see doubles, which are exact only within ±(2^53 − 1). A fraction or
 * a larger number would be rounded silently somewhere on the way, so it is refused at the door.
 */

/** Throws a RangeError unless `value` is a safe integer of at least `least`. `what` names the argument, e.g. `reserve: amount`. */
export function assertCounterInteger(what: string, value: number, least: number = -Number.MAX_SAFE_INTEGER): void {
  if (Number.isSafeInteger(value) && value >= least) return;
  const range = least === -Number.MAX_SAFE_INTEGER ? `within ±${Number.MAX_SAFE_INTEGER}` : `from ${least} to ${Number.MAX_SAFE_INTEGER}`;
  throw new RangeError(`${what} must be a whole number ${range} (got ${String(value)}); counters and leases count exact integers, so round the value (nano-dollars, milliseconds) before passing it`);
}

/** The error for an adjustment whose result would leave the exact range; the counter is left as it was. */
export function counterRangeError(key: string, current: number, amount: number): RangeError {
  return new RangeError(
    `adjustCounter("${key}", ${amount}) would take the counter from ${current} outside ±${Number.MAX_SAFE_INTEGER}, where integers stop being exact; the counter is unchanged. Keep amounts within the budget's scale (nano-dollars up to about 9 million dollars)`,
  );
}
