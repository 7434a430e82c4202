import type { RoutingDeployment } from './routing-deployments.js';
import type { RoutingOutcome } from './routing-request.js';

/** One strategy's figures over one pass of the workload. */
export interface RoutingSummary {
  label: string;
  requests: number;
  succeeded: number;
  /** Over successful requests only (a fast failure is not a fast answer); NaN when none succeeded. */
  p50Ms: number;
  p95Ms: number;
  /** Σ (prompt tokens × input price + completion tokens × output price) of the deployment each answer names, USD. */
  costUsd: number;
  /** Successful answers per deployment name (`x-skyroute-provider`); answers naming no configured deployment count under `other`. */
  servedBy: Record<string, number>;
  /** Mean `x-skyroute-attempts` (calls that reached a provider) per request. */
  meanAttempts: number;
  /** Requests that needed more than one attempt (combined rounds: per pass, on average). */
  retried: number;
  /** Failed requests by error code. */
  errors: Record<string, number>;
  wallSeconds: number;
}

export function summarizeRoutingRun(label: string, outcomes: readonly RoutingOutcome[], deployments: readonly RoutingDeployment[], wallSeconds: number): RoutingSummary {
  const latencies: number[] = [];
  const servedBy: Record<string, number> = Object.fromEntries(deployments.map((deployment) => [deployment.name, 0]));
  const errors: Record<string, number> = {};
  let costUsd = 0;
  let attempts = 0;
  let retried = 0;
  let succeeded = 0;
  for (const outcome of outcomes) {
    const deployment = deployments.find((candidate) => candidate.name === outcome.provider && candidate.model === outcome.model);
    // Usage the gateway returned is billed at the configured price of the deployment it names, success or not.
    if (deployment !== undefined) costUsd += (outcome.promptTokens * deployment.price.input + outcome.completionTokens * deployment.price.output) / 1_000_000;
    attempts += outcome.attempts ?? 0;
    if ((outcome.attempts ?? 0) > 1) retried++;
    if (outcome.ok) {
      succeeded++;
      latencies.push(outcome.latencyMs);
      const name = deployment?.name ?? 'other';
      servedBy[name] = (servedBy[name] ?? 0) + 1;
    } else {
      const code = outcome.error ?? `HTTP ${outcome.status}`;
      errors[code] = (errors[code] ?? 0) + 1;
    }
  }
  latencies.sort((first, second) => first - second);
  return {
    label,
    requests: outcomes.length,
    succeeded,
    p50Ms: percentile(latencies, 50),
    p95Ms: percentile(latencies, 95),
    costUsd,
    servedBy,
    meanAttempts: outcomes.length === 0 ? 0 : attempts / outcomes.length,
    retried,
    errors,
    wallSeconds,
  };
}

/** Nearest-rank percentile of sorted values; NaN for none. */
export function percentile(sorted: readonly number[], rank: number): number {
  if (sorted.length === 0) return Number.NaN;
  const position = Math.max(1, Math.ceil((rank / 100) * sorted.length));
  return sorted[position - 1]!;
}

/**
 * Several passes of one strategy as one row: the median pass's latency and cost, every pass's answers
 * and failures pooled, retries per pass on average, the latency spread kept.
 */
export interface CombinedRoutingSummary extends RoutingSummary {
  p50ByRound: number[];
  p95ByRound: number[];
}

export function combineRoutingRounds(rounds: readonly RoutingSummary[]): CombinedRoutingSummary {
  const first = rounds[0];
  if (first === undefined) throw new Error('no rounds to combine');
  const median = (values: number[]): number => {
    const sorted = [...values].sort((left, right) => left - right);
    return sorted.length % 2 === 1 ? sorted[(sorted.length - 1) / 2]! : (sorted[sorted.length / 2 - 1]! + sorted[sorted.length / 2]!) / 2;
  };
  const add = (into: Record<string, number>, from: Record<string, number>): Record<string, number> => {
    for (const [key, value] of Object.entries(from)) into[key] = (into[key] ?? 0) + value;
    return into;
  };
  const requests = rounds.reduce((sum, round) => sum + round.requests, 0);
  return {
    label: first.label,
    requests,
    succeeded: rounds.reduce((sum, round) => sum + round.succeeded, 0),
    p50Ms: median(rounds.map((round) => round.p50Ms)),
    p95Ms: median(rounds.map((round) => round.p95Ms)),
    costUsd: median(rounds.map((round) => round.costUsd)),
    servedBy: rounds.reduce((into, round) => add(into, round.servedBy), {} as Record<string, number>),
    meanAttempts: rounds.reduce((sum, round) => sum + round.meanAttempts * round.requests, 0) / Math.max(1, requests),
    retried: rounds.reduce((sum, round) => sum + round.retried, 0) / rounds.length,
    errors: rounds.reduce((into, round) => add(into, round.errors), {} as Record<string, number>),
    wallSeconds: median(rounds.map((round) => round.wallSeconds)),
    p50ByRound: rounds.map((round) => round.p50Ms),
    p95ByRound: rounds.map((round) => round.p95Ms),
  };
}
