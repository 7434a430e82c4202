/** The feedback on one (model, category, deployment): `scoreSum` successes and `ratings − scoreSum` failures. */
export interface Arm {
  ratings: number;
  scoreSum: number;
}

/** What a bandit strategy reads: the feedback on an arm, or undefined when there is none. A few Map reads, no allocation. */
export interface BanditPosteriorView {
  arm(model: string, category: string, deployment: string): Readonly<Arm> | undefined;
}

/**
 * Feedback totals by model, then category, then deployment: nested maps, so a lookup builds no
 * compound key string on the request path.
 */
export class BanditArms implements BanditPosteriorView {
  private readonly byModel = new Map<string, Map<string, Map<string, Arm>>>();

  arm(model: string, category: string, deployment: string): Readonly<Arm> | undefined {
    return this.byModel.get(model)?.get(category)?.get(deployment);
  }

  add(model: string, category: string, deployment: string, ratings: number, scoreSum: number): void {
    let byCategory = this.byModel.get(model);
    if (byCategory === undefined) {
      byCategory = new Map();
      this.byModel.set(model, byCategory);
    }
    let byDeployment = byCategory.get(category);
    if (byDeployment === undefined) {
      byDeployment = new Map();
      byCategory.set(category, byDeployment);
    }
    const arm = byDeployment.get(deployment);
    if (arm === undefined) byDeployment.set(deployment, { ratings, scoreSum });
    else {
      arm.ratings += ratings;
      arm.scoreSum += scoreSum;
    }
  }
}

/** A posterior with no feedback at all: every deployment ranks by the prior. */
export const NO_FEEDBACK: BanditPosteriorView = Object.freeze({ arm: () => undefined });
