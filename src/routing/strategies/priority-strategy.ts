import { newKeys, orderByKeys } from './order-by-keys.js';
import type { Candidate, Ranking, Strategy } from './strategy.js';

/** Lowest `priority` first; equal priorities keep their configured order (the failover order). */
export function priorityStrategy(): Strategy {
  return { name: 'priority', needsCounter: false, needsTokens: false, rank: rankByPriority };
}

function rankByPriority(candidates: readonly Candidate[]): Ranking {
  const count = candidates.length;
  const keys = newKeys(count);
  const scores: Ranking['scores'] = new Map();
  for (let index = 0; index < count; index++) {
    const deployment = candidates[index]!.deployment;
    keys[index] = deployment.priority;
    scores.set(deployment.id, { score: -deployment.priority, detail: `priority ${deployment.priority}` });
  }
  const ordered = orderByKeys(candidates, keys);
  const first = ordered[0];
  const reason =
    first === undefined ? 'priority: no candidates' : `priority: ${first.deployment.id} first at priority ${first.deployment.priority} (of ${count})`;
  return { ordered, scores, reason };
}
