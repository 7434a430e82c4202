import type { BanditStrategyConfig } from '../../config/bandit-strategy-schema.js';
import { NO_FEEDBACK, type Arm, type BanditPosteriorView } from '../bandit/bandit-arms.js';
import { sampleBeta } from '../bandit/sample-beta.js';
import { formatShare } from './format-share.js';
import { compileRequestValue } from './request-value.js';
import { newKeys, orderByKeys } from './order-by-keys.js';
import type { Candidate, Ranking, Strategy, StrategyContext } from './strategy.js';

/** The category of a request that names none (or one the config does not learn apart). */
export const DEFAULT_CATEGORY = 'default';
/** Longer category values count as `default`: a category is a label, and each one costs memory. */
const MAX_CATEGORY_LENGTH = 64;

/**
 * Thompson sampling over the candidates, per task category: each candidate draws from
 * Beta(prior.alpha + Σ score, prior.beta + Σ (1 − score)) of the feedback (POST /v1/feedback) on its
 * answers to this model and category, and the highest draw goes first; a deployment without feedback
 * draws from the prior. With probability `exploration` the order is a uniform shuffle instead, so
 * every deployment keeps getting some traffic however sure the posterior is.
 *
 * The category is the one a selector on the way decided (an `llm` classifier), else the request's
 * `metadata:<key>` or `header:<name>`, else `default`; the ranking reports it for the trace and the
 * request log (the feedback on this request then counts for it). The posterior is a live view (a few
 * Map reads per candidate) that the replica refreshes from the store and from feedback it takes.
 */
export function banditStrategy(config: BanditStrategyConfig, posterior: BanditPosteriorView = NO_FEEDBACK): Strategy {
  const categoryOf = compileCategory(config);
  const { alpha, beta } = config.prior;
  const exploration = config.exploration;
  return {
    name: 'bandit',
    needsCounter: false,
    needsTokens: false,
    rank(candidates, context) {
      const category = categoryOf(context);
      const model = context.request.model;
      const count = candidates.length;
      const keys = newKeys(count);
      const exploring = exploration > 0 && context.random() < exploration;
      for (let index = 0; index < count; index++) {
        if (exploring) {
          // Independent uniform keys, sorted: a uniformly random order.
          keys[index] = context.random();
          continue;
        }
        const arm = posterior.arm(model, category, candidates[index]!.deployment.id);
        const successes = arm === undefined ? 0 : arm.scoreSum;
        const failures = arm === undefined ? 0 : arm.ratings - arm.scoreSum;
        // Smallest key first: the negated draw puts the highest draw first.
        keys[index] = -sampleBeta(alpha + successes, beta + Math.max(0, failures), context.random);
      }
      const ordered = orderByKeys(candidates, keys);
      return new BanditRanking(ordered, candidates, keys, category, exploring, exploration, model, posterior, config.prior);
    },
  };
}

/**
 * The ranking, with its scores (draws, posterior means, rating counts) built on first read: they are
 * for the decision trace, which most requests never format.
 */
class BanditRanking implements Ranking {
  private built: Ranking['scores'] | undefined;
  readonly reason: string;

  constructor(
    readonly ordered: Candidate[],
    private readonly candidates: readonly Candidate[],
    private readonly keys: readonly number[],
    readonly category: string,
    private readonly exploring: boolean,
    private readonly exploration: number,
    private readonly model: string,
    private readonly posterior: BanditPosteriorView,
    private readonly prior: { alpha: number; beta: number },
  ) {
    this.reason = this.describe();
  }

  get scores(): Ranking['scores'] {
    this.built ??= this.buildScores();
    return this.built;
  }

  private buildScores(): Ranking['scores'] {
    const scores: Ranking['scores'] = new Map();
    for (let index = 0; index < this.candidates.length; index++) {
      const id = this.candidates[index]!.deployment.id;
      const arm = this.posterior.arm(this.model, this.category, id);
      const key = this.keys[index]!;
      const detail = `${this.exploring ? 'random order' : `sampled ${formatShare(-key)}`} (${describeArm(arm, this.prior)})`;
      scores.set(id, { score: this.exploring ? 1 - key : -key, detail });
    }
    return scores;
  }

  private describe(): string {
    const first = this.ordered[0];
    if (first === undefined) return 'bandit: no candidates';
    const id = first.deployment.id;
    const arm = this.posterior.arm(this.model, this.category, id);
    if (this.exploring) return `bandit: ${this.category}: exploring, ${id} at random (${Math.round(this.exploration * 100)}% of requests; ${describeArm(arm, this.prior)})`;
    const index = this.candidates.indexOf(first);
    return `bandit: ${this.category}: ${id} sampled ${formatShare(-this.keys[index]!)} (${describeArm(arm, this.prior)}, of ${this.ordered.length})`;
  }
}

/** "mean 0.78 of 41 ratings", or "no ratings yet" when the prior alone speaks. */
function describeArm(arm: Readonly<Arm> | undefined, prior: { alpha: number; beta: number }): string {
  if (arm === undefined || arm.ratings <= 0) return 'no ratings yet';
  const mean = (prior.alpha + arm.scoreSum) / (prior.alpha + prior.beta + arm.ratings);
  return `mean ${formatShare(mean)} of ${formatCount(arm.ratings)} rating${arm.ratings === 1 ? '' : 's'}`;
}

function formatCount(ratings: number): string {
  return Number.isInteger(ratings) ? String(ratings) : ratings.toFixed(1);
}

/** The request's category: a selector's, else the configured source's, else `default`; values outside `categories` (or too long) are `default`. */
function compileCategory(config: BanditStrategyConfig): (context: StrategyContext) => string {
  const allowed = config.categories === undefined ? undefined : new Set(config.categories);
  const accept = (value: string | undefined): string => {
    if (value === undefined || value === '' || value.length > MAX_CATEGORY_LENGTH) return DEFAULT_CATEGORY;
    return allowed === undefined || allowed.has(value) ? value : DEFAULT_CATEGORY;
  };
  const read = compileRequestValue(config.category as `header:${string}` | `metadata:${string}`);
  return (context) => accept(context.category ?? read(context.request, context.headers));
}
