import type { RoutellmCurvePoint } from './routellm-curve.js';

/**
 * The smallest strong share at which the curve first reaches `targetQuality`: the first point, in
 * ascending share, whose quality is ≥ the target, interpolated linearly from the point before it.
 * NaN when no point reaches it. RouteLLM's `np.interp(target, qualities, shares)` gives the same
 * value whenever quality rises strictly with share; see routellm-metrics.ts for where they differ.
 */
export function strongShareAtQuality(points: readonly RoutellmCurvePoint[], targetQuality: number): number {
  const ordered = [...points].sort((left, right) => left.strongShare - right.strongShare);
  let previous: RoutellmCurvePoint | undefined;
  for (const point of ordered) {
    if (point.quality >= targetQuality) {
      if (previous === undefined) return point.strongShare;
      // previous.quality < targetQuality ≤ point.quality, so the denominator is positive.
      const fraction = (targetQuality - previous.quality) / (point.quality - previous.quality);
      return previous.strongShare + fraction * (point.strongShare - previous.strongShare);
    }
    previous = point;
  }
  return Number.NaN;
}
