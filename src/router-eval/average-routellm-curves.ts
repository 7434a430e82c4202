import type { RoutellmCurve, RoutellmCurvePoint } from './routellm-curve.js';

/**
 * evaluate.py's treatment of a nondeterministic router: points of all runs grouped by realised strong
 * share, threshold and quality averaged per group (`groupby(["strong_percentage"]).mean()`). The runs
 * must be on the same items, so they share weak and strong quality.
 */
export function averageRoutellmCurves(curves: readonly RoutellmCurve[]): RoutellmCurve {
  const first = curves[0];
  if (first === undefined) throw new RangeError('no curves to average');
  const { weakQuality, strongQuality } = first;
  if (curves.some((curve) => curve.weakQuality !== weakQuality || curve.strongQuality !== strongQuality)) {
    throw new RangeError('curves to average must come from the same items');
  }
  const groups = new Map<number, { threshold: number; quality: number; runs: number }>();
  for (const point of curves.flatMap((curve) => curve.points)) {
    const group = groups.get(point.strongShare) ?? { threshold: 0, quality: 0, runs: 0 };
    group.threshold += point.threshold;
    group.quality += point.quality;
    group.runs += 1;
    groups.set(point.strongShare, group);
  }
  const gap = strongQuality - weakQuality;
  const points: RoutellmCurvePoint[] = [...groups.entries()]
    .sort(([left], [right]) => left - right)
    .map(([strongShare, group]) => {
      const quality = group.quality / group.runs;
      return {
        threshold: group.threshold / group.runs,
        strongShare,
        quality,
        pgr: gap === 0 ? Number.NaN : (quality - weakQuality) / gap,
      };
    });
  return { weakQuality, strongQuality, points };
}
