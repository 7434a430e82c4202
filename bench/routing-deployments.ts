import type { ModelProfile } from '../src/simulator/model-profile.js';

/** One simulated deployment of `npm run bench:routing`: how its upstream behaves, and what the gateway is told about it. */
export interface RoutingDeployment {
  /** The gateway's provider id: what `x-skyroute-provider` names and the table's column. */
  name: string;
  /** The simulator model it calls (what `x-skyroute-model` names). */
  model: string;
  /** One line for the report. */
  description: string;
  profile: Partial<ModelProfile>;
  /** USD per 1M tokens, as configured on the deployment. */
  price: { input: number; output: number };
  quality: number;
  weight: number;
  priority: number;
  /** Whether the run switches an outage on and off for this deployment (see outageWindow). */
  hasOutage: boolean;
}

/**
 * Every profile field a fault or a delay depends on is set, so a default profile of the same name
 * (the simulator ships a `flaky`) cannot leak in. Output length is left to each request's
 * max_tokens (outputTokens is above any of them), so the same request costs the same tokens
 * wherever it goes and only the price differs.
 */
const quiet: Partial<ModelProfile> = {
  outputTokens: 4_096,
  errorRate: 0,
  rateLimitRate: 0,
  errorBurst: null,
  outages: [],
  midStreamFailureRate: 0,
  reasoning: false,
  fixedText: null,
};

/**
 * The five deployments of the benchmark's one model group. Prices are USD per 1M tokens in the
 * range of real 2025 models of each kind; qualities are 0–1 as in the catalog. `priority` makes
 * `outage` the primary (as an operator who bought capacity there would), so the priority row shows
 * failover; `weight` favours the cheap one.
 */
export const routingDeployments: readonly RoutingDeployment[] = [
  {
    name: 'cheap',
    model: 'cheap-slow',
    description: 'cheap but slow: TTFT 300 ms (+0–100), 120 tokens/s',
    profile: { ...quiet, timeToFirstTokenMs: 300, timeToFirstTokenJitterMs: 100, tokensPerSecond: 120 },
    price: { input: 0.1, output: 0.4 },
    quality: 0.55,
    weight: 4,
    priority: 2,
    hasOutage: false,
  },
  {
    name: 'fast',
    model: 'fast-pricey',
    description: 'fast but pricey: TTFT 20 ms (+0–10), 600 tokens/s',
    profile: { ...quiet, timeToFirstTokenMs: 20, timeToFirstTokenJitterMs: 10, tokensPerSecond: 600 },
    price: { input: 3, output: 12 },
    quality: 0.72,
    weight: 1,
    priority: 1,
    hasOutage: false,
  },
  {
    name: 'premium',
    model: 'high-quality',
    description: 'high quality, expensive: TTFT 150 ms (+0–50), 150 tokens/s',
    profile: { ...quiet, timeToFirstTokenMs: 150, timeToFirstTokenJitterMs: 50, tokensPerSecond: 150 },
    price: { input: 10, output: 40 },
    quality: 0.93,
    weight: 1,
    priority: 2,
    hasOutage: false,
  },
  {
    name: 'flaky',
    model: 'flaky-429',
    description: 'flaky: TTFT 40 ms (+0–20), 400 tokens/s, 10% 500s, 10% 429s (retry-after 1 s), 2% of streams break after 5 chunks',
    profile: {
      ...quiet,
      timeToFirstTokenMs: 40,
      timeToFirstTokenJitterMs: 20,
      tokensPerSecond: 400,
      errorRate: 0.1,
      rateLimitRate: 0.1,
      retryAfterSeconds: 1,
      midStreamFailureRate: 0.02,
      midStreamFailureAfterChunks: 5,
      midStreamFailureMode: 'error-event',
    },
    price: { input: 0.5, output: 2 },
    quality: 0.7,
    weight: 2,
    priority: 3,
    hasOutage: false,
  },
  {
    name: 'outage',
    model: 'outage-mid-run',
    description: 'good all-rounder with an outage (every request a 503) from request 35% to 60% of the workload: TTFT 60 ms (+0–20), 300 tokens/s',
    profile: { ...quiet, timeToFirstTokenMs: 60, timeToFirstTokenJitterMs: 20, tokensPerSecond: 300 },
    price: { input: 1, output: 4 },
    quality: 0.82,
    weight: 2,
    priority: 0,
    hasOutage: true,
  },
];

/**
 * Where in the workload the outage runs, as fractions of the request sequence: the client switches it
 * on when it sends request ⌊start × n⌋ and off at ⌊end × n⌋, so every strategy meets it at the same
 * requests however fast it gets through them.
 */
export const outageWindow = { start: 0.35, end: 0.6 } as const;
