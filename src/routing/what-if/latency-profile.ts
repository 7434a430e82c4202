import type { HealthView } from '../health/health-view.js';
import { wasServed, type LoggedRequest } from './logged-request.js';

/**
 * How long a deployment takes for a request with a given number of output tokens: a fixed part plus a
 * time per output token, the same shape as the router's own estimate (time to first token + output ÷
 * tokens per second).
 */
export interface LatencyProfile {
  /** `window`: fitted on the window's successful requests to it; `current`: the router's moving averages now. */
  source: 'window' | 'current';
  baseMs: number;
  msPerOutputToken: number;
  /** Requests the figures come from (for `current`: the samples the moving averages took in). */
  samples: number;
}

export function estimateLatencyMs(profile: LatencyProfile, outputTokens: number): number {
  return profile.baseMs + profile.msPerOutputToken * outputTokens;
}

/**
 * Per deployment, a least-squares line of latency over output tokens through the window's successful
 * requests to it. Streamed or not, every row has its total latency and its output tokens, so one fit
 * serves both (a row's time to first token is known only for streams). A slope below zero (noise over
 * a narrow range of lengths) is taken as zero; with one request, or every request the same length,
 * the line is flat at the mean.
 */
export function fitLatencyProfiles(requests: readonly LoggedRequest[]): Map<string, LatencyProfile> {
  const sums = new Map<string, { count: number; tokens: number; latency: number; tokensSquared: number; product: number }>();
  for (const request of requests) {
    if (!wasServed(request) || !Number.isFinite(request.latencyMs) || request.latencyMs < 0) continue;
    let sum = sums.get(request.deployment);
    if (sum === undefined) {
      sum = { count: 0, tokens: 0, latency: 0, tokensSquared: 0, product: 0 };
      sums.set(request.deployment, sum);
    }
    const tokens = request.outputTokens;
    sum.count += 1;
    sum.tokens += tokens;
    sum.latency += request.latencyMs;
    sum.tokensSquared += tokens * tokens;
    sum.product += tokens * request.latencyMs;
  }
  const profiles = new Map<string, LatencyProfile>();
  for (const [deployment, sum] of sums) {
    const meanTokens = sum.tokens / sum.count;
    const meanLatency = sum.latency / sum.count;
    const variance = sum.tokensSquared / sum.count - meanTokens * meanTokens;
    const covariance = sum.product / sum.count - meanTokens * meanLatency;
    // Relative to the tokens' scale: a variance of a few ulps is rounding, not a spread of lengths.
    const slope = variance > 1e-9 * Math.max(1, meanTokens * meanTokens) ? Math.max(0, covariance / variance) : 0;
    profiles.set(deployment, { source: 'window', baseMs: Math.max(0, meanLatency - slope * meanTokens), msPerOutputToken: slope, samples: sum.count });
  }
  return profiles;
}

/** The router's current figures as a profile; undefined while it has no time to first token for the deployment. */
export function profileFromHealth(health: HealthView): LatencyProfile | undefined {
  if (health.ttftMs === undefined) return undefined;
  const tokensPerSecond = health.tokensPerSecond;
  return {
    source: 'current',
    baseMs: health.ttftMs,
    msPerOutputToken: tokensPerSecond === undefined || tokensPerSecond <= 0 ? 0 : 1000 / tokensPerSecond,
    samples: health.latencySamples,
  };
}
