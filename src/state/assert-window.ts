/** Throws a RangeError unless `windowMs` is above 0; both state implementations refuse other windows with these words. */
export function assertWindow(windowMs: number): void {
  if (!(windowMs > 0)) throw new RangeError(`windowMs must be above 0 (got ${windowMs})`);
}
