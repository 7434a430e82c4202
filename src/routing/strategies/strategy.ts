import type { ChatRequest } from '../../spec/chat-request.js';
import type { Deployment } from '../deployment.js';
import type { HealthView } from '../health/health-view.js';

/** One deployment that passed the filters, with what the strategies may weigh. */
export interface Candidate {
  deployment: Deployment;
  health: HealthView;
  /** USD for this request: prompt tokens × input price + expected output tokens × output price; undefined without a price. */
  estimatedCostUsd: number | undefined;
  /** Milliseconds: time to first token + expected output tokens ÷ tokens per second; undefined without samples. */
  estimatedLatencyMs: number | undefined;
  /** True when the latency figures are missing or stale and this replica may send one request to refresh them. */
  explore: boolean;
}

/** What a strategy sees besides the candidates. Everything that varies is passed in, so a strategy is a pure function. */
export interface StrategyContext {
  request: ChatRequest;
  /** Named after the group the client asked for (round-robin position, A/B stickiness). */
  groupName: string;
  promptTokens: number;
  expectedOutputTokens: number;
  /** Uniform in [0, 1): weighted choices and exploration. Tests hand in a seeded one. */
  random: () => number;
  /** The group's round-robin position (from the state port), when the strategy asked for it. */
  counter: number;
  now: number;
  /** The task category a selector on the way decided (an `llm` classifier); undefined when none did. */
  category: string | undefined;
  /** The client's request headers, names in lower case (a bandit's `header:<name>` category); absent in strategy unit tests. */
  headers?: Readonly<Record<string, string | string[] | undefined>>;
}

/** The result of a strategy: every candidate, best first, with a score each and one line on why the first won. */
export interface Ranking {
  ordered: Candidate[];
  /** Per deployment id: the strategy's score (higher is better) and what went into it, for the trace. */
  scores: Map<string, { score: number; detail: string }>;
  /** One line: why the first candidate won (e.g. "cheapest: $0.00021 est."). */
  reason: string;
  /** The task category the strategy ranked for when it decided one itself (a bandit's, from metadata or a header), for the trace and the request log. */
  category?: string;
}

export interface Strategy {
  /** The type name, as configured (`hybrid`), or a description of a composition. */
  readonly name: string;
  /** True when the router must fetch the group's round-robin counter before ranking. */
  readonly needsCounter: boolean;
  /** True when the ranking uses promptTokens / expectedOutputTokens (so the router counts tokens). */
  readonly needsTokens: boolean;
  rank(candidates: readonly Candidate[], context: StrategyContext): Ranking;
}
