import { latencyStats, type LatencyStats } from './latency-stats.js';

/** One deployment's share of the logged requests and of the what-if's choices. */
export interface DeploymentComparison {
  deployment: string;
  /** In the group (or, overall, in some group) now; false: it served logged requests, but the current config dropped it. */
  current: boolean;
  actualRequests: number;
  estimatedRequests: number;
  actualCostNusd: number;
  estimatedCostNusd: number;
}

/** Logged against estimated, over one group or over all of them. Money in integer nano-dollars, as billed. */
export interface ComparisonSummary {
  requests: number;
  actual: { costNusd: number; latency: LatencyStats | undefined };
  estimated: {
    costNusd: number;
    /** Over the requests with an estimate (`requests` − `withoutLatency`). */
    latency: LatencyStats | undefined;
    /** Requests sent to a deployment with no latency figures at all. */
    withoutLatency: number;
    /** Requests sent to a deployment without a price (counted as $0). */
    unpriced: number;
  };
  deployments: DeploymentComparison[];
}

export interface TalliedRequest {
  actualDeployment: string;
  actualCostNusd: number;
  actualLatencyMs: number;
  chosenDeployment: string;
  estimatedCostNusd: number;
  estimatedLatencyMs: number | undefined;
  unpriced: boolean;
}

/** Adds up the requests of one group (or of all): totals, latency lists, and per-deployment counts. */
export class ComparisonTally {
  private requests = 0;
  private actualCostNusd = 0;
  private estimatedCostNusd = 0;
  private withoutLatency = 0;
  private unpriced = 0;
  private readonly actualLatencies: number[] = [];
  private readonly estimatedLatencies: number[] = [];
  private readonly deployments = new Map<string, Omit<DeploymentComparison, 'current'>>();

  add(request: TalliedRequest): void {
    this.requests += 1;
    this.actualCostNusd += request.actualCostNusd;
    this.estimatedCostNusd += request.estimatedCostNusd;
    this.actualLatencies.push(request.actualLatencyMs);
    if (request.estimatedLatencyMs === undefined) this.withoutLatency += 1;
    else this.estimatedLatencies.push(request.estimatedLatencyMs);
    if (request.unpriced) this.unpriced += 1;
    const actual = this.deployment(request.actualDeployment);
    actual.actualRequests += 1;
    actual.actualCostNusd += request.actualCostNusd;
    const chosen = this.deployment(request.chosenDeployment);
    chosen.estimatedRequests += 1;
    chosen.estimatedCostNusd += request.estimatedCostNusd;
  }

  /** The summary; `current` lists the deployments the config has now, each shown even when no request came near it. */
  summary(current: ReadonlySet<string>): ComparisonSummary {
    for (const id of current) this.deployment(id);
    const deployments = [...this.deployments.values()]
      .map((entry) => ({ ...entry, current: current.has(entry.deployment) }))
      // Busiest first either way; then by id, so the order is stable.
      .sort((left, right) => Math.max(right.actualRequests, right.estimatedRequests) - Math.max(left.actualRequests, left.estimatedRequests) || left.deployment.localeCompare(right.deployment));
    return {
      requests: this.requests,
      actual: { costNusd: this.actualCostNusd, latency: latencyStats(this.actualLatencies) },
      estimated: { costNusd: this.estimatedCostNusd, latency: latencyStats(this.estimatedLatencies), withoutLatency: this.withoutLatency, unpriced: this.unpriced },
      deployments,
    };
  }

  private deployment(id: string): Omit<DeploymentComparison, 'current'> {
    let entry = this.deployments.get(id);
    if (entry === undefined) {
      entry = { deployment: id, actualRequests: 0, estimatedRequests: 0, actualCostNusd: 0, estimatedCostNusd: 0 };
      this.deployments.set(id, entry);
    }
    return entry;
  }
}
