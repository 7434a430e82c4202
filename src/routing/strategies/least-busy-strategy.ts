import { newKeys, orderByKeys } from './order-by-keys.js';
import type { Candidate, Ranking, Strategy, StrategyContext } from './strategy.js';

/**
 * Fewest requests in flight first. Ties are broken at random rather than by configured order, so
 * idle deployments share the load instead of the first one taking every request until it is busy.
 */
export function leastBusyStrategy(): Strategy {
  return { name: 'least-busy', needsCounter: false, needsTokens: false, rank: rankByLoad };
}

function rankByLoad(candidates: readonly Candidate[], context: StrategyContext): Ranking {
  const count = candidates.length;
  const keys = newKeys(count);
  const tieBreaks = newKeys(count);
  const scores: Ranking['scores'] = new Map();
  for (let index = 0; index < count; index++) {
    const candidate = candidates[index]!;
    const inFlight = candidate.health.inFlight;
    keys[index] = inFlight;
    tieBreaks[index] = context.random();
    scores.set(candidate.deployment.id, { score: 1 / (1 + inFlight), detail: `${inFlight} in flight` });
  }
  const ordered = orderByKeys(candidates, keys, tieBreaks);
  const first = ordered[0];
  if (first === undefined) return { ordered, scores, reason: 'least-busy: no candidates' };
  let tied = 0;
  for (let index = 0; index < count; index++) if (keys[index] === first.health.inFlight) tied++;
  const tie = tied > 1 ? `; a tie of ${tied} broken at random` : '';
  return { ordered, scores, reason: `least-busy: ${first.deployment.id} has the fewest in flight (${first.health.inFlight}${tie}, of ${count})` };
}
