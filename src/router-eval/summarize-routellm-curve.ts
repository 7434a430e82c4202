import type { RoutellmCurve } from './routellm-curve.js';
import { strongShareAtQuality } from './strong-share-at-quality.js';

export interface RoutellmSummary {
  /** Average performance gap recovered: area under PGR against the realised strong share. */
  readonly apgr: number;
  /** Strong share (0–1) needed to recover 50 % of the gap. */
  readonly cpt50: number;
  /** Strong share (0–1) needed to recover 80 % of the gap. */
  readonly cpt80: number;
}

/** APGR, CPT(50 %) and CPT(80 %) of a sweep; all NaN when the two models' qualities are equal. */
export function summarizeRoutellmCurve(curve: RoutellmCurve): RoutellmSummary {
  const { weakQuality, strongQuality } = curve;
  const gap = strongQuality - weakQuality;
  if (gap === 0) return { apgr: Number.NaN, cpt50: Number.NaN, cpt80: Number.NaN };
  const ordered = [...curve.points].sort((left, right) => left.strongShare - right.strongShare);
  // evaluate.py's apgr_metric: (AUC − weak AUC) / (strong AUC − weak AUC), trapezoids over the realised
  // shares. The shares always run from 0 to 1, so this is the area under PGR itself.
  let area = 0;
  for (let index = 1; index < ordered.length; index++) {
    const left = ordered[index - 1];
    const right = ordered[index];
    if (left === undefined || right === undefined) continue;
    area += ((right.strongShare - left.strongShare) * (right.quality + left.quality)) / 2;
  }
  const width = (ordered.at(-1)?.strongShare ?? 0) - (ordered[0]?.strongShare ?? 0);
  const apgr = (area - weakQuality * width) / (strongQuality * width - weakQuality * width);
  return {
    apgr,
    cpt50: strongShareAtQuality(ordered, weakQuality + 0.5 * gap),
    cpt80: strongShareAtQuality(ordered, weakQuality + 0.8 * gap),
  };
}
