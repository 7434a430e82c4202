import { quantilePosition } from './quantile-position.js';

/** What the blend reads from a (compiled) router model. */
export interface RouterBlend {
  readonly lengthWeight: number;
  readonly massFloor: number;
  readonly similarityQuantiles: ArrayLike<number>;
  readonly lengthQuantiles: ArrayLike<number>;
}

/**
 * A prompt's score, 0–1, from its similarity vote, the vote's similarity mass and its length: the
 * vote's and the length's positions among the training prompts', weighted (1 − lengthWeight) × trust
 * and the rest. Trust is min(1, mass / massFloor): full for a prompt at least as similar to the
 * training set as 95 % of its own prompts are to the rest, falling in proportion to the mass below
 * that, so a prompt unlike anything trained on is ranked by its length alone.
 */
export function blendRouterScore(model: RouterBlend, similarity: number, mass: number, length: number): number {
  const trust = mass >= model.massFloor ? 1 : Math.max(0, mass) / model.massFloor;
  const voteWeight = (1 - model.lengthWeight) * trust;
  return voteWeight * quantilePosition(model.similarityQuantiles, similarity) + (1 - voteWeight) * quantilePosition(model.lengthQuantiles, length);
}
