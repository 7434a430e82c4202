import { formatShare } from './format-share.js';
import { formatUsd } from './format-usd.js';
import { newKeys, orderByKeys } from './order-by-keys.js';
import type { Candidate, Ranking, Strategy } from './strategy.js';

/**
 * Highest quality first. With a tolerance t > 0, every candidate within t of the best counts as
 * equally good and the cheapest of those wins (unpriced ones last among them, equal costs to the
 * higher quality); below that band the order is by quality, then cost. Candidates nobody scored go last, in configured order.
 */
export function qualityStrategy(config: { tolerance: number }): Strategy {
  const tolerance = Math.max(0, config.tolerance);
  return {
    name: 'quality',
    needsCounter: false,
    // Only the tolerance band compares costs; without it the ranking needs no token count.
    needsTokens: tolerance > 0,
    rank: (candidates) => rankByQuality(candidates, tolerance),
  };
}

function rankByQuality(candidates: readonly Candidate[], tolerance: number): Ranking {
  const count = candidates.length;
  let best = Number.NEGATIVE_INFINITY;
  for (let index = 0; index < count; index++) {
    const quality = candidates[index]!.deployment.quality;
    if (quality !== undefined && quality > best) best = quality;
  }
  // Equal-best candidates always form a band, so with t = 0 a tie on quality goes to the cheaper one.
  // The epsilon keeps 0.9 − 0.1 (0.8000000000000002 in binary) from excluding a candidate at 0.8.
  const floor = best - tolerance - 1e-9;
  const keys = newKeys(count);
  const costKeys = newKeys(count);
  const qualityKeys = newKeys(count);
  const scores: Ranking['scores'] = new Map();
  let inBand = 0;
  for (let index = 0; index < count; index++) {
    const candidate = candidates[index]!;
    const quality = candidate.deployment.quality;
    const cost = candidate.estimatedCostUsd;
    costKeys[index] = cost ?? Number.POSITIVE_INFINITY;
    qualityKeys[index] = quality === undefined ? Number.POSITIVE_INFINITY : -quality;
    if (quality === undefined) {
      keys[index] = Number.POSITIVE_INFINITY;
      scores.set(candidate.deployment.id, { score: 0, detail: 'no quality score' });
      continue;
    }
    if (quality >= floor) {
      inBand++;
      keys[index] = Number.NEGATIVE_INFINITY;
    } else {
      keys[index] = -quality;
    }
    const price = cost === undefined ? 'no price' : `est. ${formatUsd(cost)}`;
    scores.set(candidate.deployment.id, { score: quality, detail: `quality ${formatShare(quality)}, ${price}` });
  }
  const ordered = orderByKeys(candidates, keys, costKeys, qualityKeys);
  return { ordered, scores, reason: describe(ordered[0], best, tolerance, inBand, count) };
}

function describe(first: Candidate | undefined, best: number, tolerance: number, inBand: number, count: number): string {
  if (first === undefined) return 'quality: no candidates';
  const id = first.deployment.id;
  const quality = first.deployment.quality;
  if (quality === undefined) return `quality: ${id} first in configured order (no candidate has a quality score, ${count} candidates)`;
  if (inBand <= 1) return `quality: ${id} best at ${formatShare(quality)} (of ${count})`;
  const cost = first.estimatedCostUsd;
  const price = cost === undefined ? 'none priced' : `cheapest at ${formatUsd(cost)}`;
  const band = tolerance > 0 ? `within ${tolerance} of best ${formatShare(best)}` : `tied at ${formatShare(best)}`;
  return `quality: ${id} ${price} of ${inBand} ${band} (quality ${formatShare(quality)}, ${count} candidates)`;
}
