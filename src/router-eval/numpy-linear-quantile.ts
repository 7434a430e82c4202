/**
 * The quantile numpy computes with its default `method="linear"` (Hyndman & Fan type 7), reproduced to
 * the last bit: virtual index (n − 1)·p, and numpy's `_lerp`, which interpolates down from the upper
 * neighbour when the fraction is ≥ 0.5. Bit-exactness matters because a router's scores are compared
 * with these values using `>=`, and a threshold one ulp above a tied score changes the routing.
 */
export function numpyLinearQuantile(sortedValues: ArrayLike<number>, probability: number): number {
  const count = sortedValues.length;
  if (count === 0) throw new RangeError('quantile of an empty sample');
  if (!(probability >= 0 && probability <= 1)) throw new RangeError(`probability ${probability} outside [0, 1]`);
  const virtualIndex = (count - 1) * probability;
  if (virtualIndex >= count - 1) return sortedValues[count - 1] ?? Number.NaN;
  const previous = Math.floor(virtualIndex);
  const gamma = virtualIndex - previous;
  const below = sortedValues[previous] ?? Number.NaN;
  const above = sortedValues[previous + 1] ?? Number.NaN;
  const difference = above - below;
  return gamma >= 0.5 ? above - difference * (1 - gamma) : below + difference * gamma;
}
