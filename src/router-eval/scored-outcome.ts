/**
 * One test prompt as the metrics see it: the router's score (higher → more likely to need the strong
 * model) and the outcome each model would have had (correctness 0/1, or a judge score).
 */
export interface ScoredOutcome {
  readonly score: number;
  readonly strong: number;
  readonly weak: number;
}
