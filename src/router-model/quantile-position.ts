/**
 * Where `value` falls among ascending quantiles taken at equal steps (0, 1/n, …, 1), as a fraction
 * 0–1: 0 below the first, 1 above the last, linear between neighbours, and the middle of a run of
 * equal quantiles for a value equal to them (many prompts with one score stay in the middle of their
 * tie, as ranks would put them).
 */
export function quantilePosition(quantiles: ArrayLike<number>, value: number): number {
  const last = quantiles.length - 1;
  if (last < 1) throw new Error(`quantilePosition needs at least two quantiles, got ${quantiles.length}`);
  // First index whose quantile is ≥ value, and first whose quantile is > value.
  const atLeast = firstIndex(quantiles, (quantile) => quantile >= value);
  const above = firstIndex(quantiles, (quantile) => quantile > value);
  if (atLeast < above) return (atLeast + above - 1) / 2 / last;
  if (above === 0) return 0;
  if (above > last) return 1;
  const low = quantiles[above - 1]!;
  const high = quantiles[above]!;
  return (above - 1 + (value - low) / (high - low)) / last;
}

function firstIndex(quantiles: ArrayLike<number>, holds: (quantile: number) => boolean): number {
  let low = 0;
  let high = quantiles.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (holds(quantiles[middle]!)) high = middle;
    else low = middle + 1;
  }
  return low;
}
