import type { Candidate, Ranking, Strategy, StrategyContext } from './strategy.js';

/**
 * Turns through the candidates: the list rotated by the group's shared counter, so consecutive
 * requests (across replicas, when the counter lives in Redis) start at consecutive candidates and the
 * rest of the rotation is the failover order.
 */
export function roundRobinStrategy(): Strategy {
  return { name: 'round-robin', needsCounter: true, needsTokens: false, rank: rankInTurn };
}

function rankInTurn(candidates: readonly Candidate[], context: StrategyContext): Ranking {
  const count = candidates.length;
  const scores: Ranking['scores'] = new Map();
  if (count === 0) return { ordered: [], scores, reason: 'round-robin: no candidates' };
  const counter = Number.isFinite(context.counter) ? Math.trunc(context.counter) : 0;
  const start = ((counter % count) + count) % count;
  const ordered = new Array<Candidate>(count);
  for (let position = 0; position < count; position++) {
    const candidate = candidates[(start + position) % count]!;
    ordered[position] = candidate;
    scores.set(candidate.deployment.id, { score: count - position, detail: `turn position ${position + 1} of ${count}` });
  }
  return { ordered, scores, reason: `round-robin: ${ordered[0]!.deployment.id} is next in turn (counter ${counter}, ${start + 1} of ${count})` };
}
