// Test support for the strategy and selector tests: real Candidate and StrategyContext values with
// only the fields a test cares about set.
import type { ChatProvider } from '../../providers/provider.js';
import type { ChatRequest } from '../../spec/chat-request.js';
import type { Deployment } from '../deployment.js';
import { UNKNOWN_HEALTH, type HealthView } from '../health/health-view.js';
import type { RequestFeatures } from './request-features.js';
import type { Candidate, StrategyContext } from './strategy.js';

export interface CandidateOptions {
  quality?: number | undefined;
  weight?: number;
  priority?: number;
  inFlight?: number;
  lastSampleAt?: number;
  estimatedCostUsd?: number | undefined;
  estimatedLatencyMs?: number | undefined;
  explore?: boolean;
}

export function candidateFixture(id: string, options: CandidateOptions = {}): Candidate {
  const deployment: Deployment = {
    id,
    providerId: id.split('/')[0] ?? id,
    providerSubject: `provider:${id.split('/')[0] ?? id}`,
    provider: { id: id.split('/')[0] ?? id } as unknown as ChatProvider,
    model: id.split('/').slice(1).join('/'),
    mode: 'chat',
    capabilities: undefined,
    contextWindow: undefined,
    maxOutputTokens: undefined,
    price: undefined,
    quality: options.quality,
    weight: options.weight ?? 1,
    priority: options.priority ?? 0,
    rpm: undefined,
    tpm: undefined,
    region: undefined,
    catalogEntry: undefined,
  };
  const health: HealthView = { ...UNKNOWN_HEALTH, inFlight: options.inFlight ?? 0, lastSampleAt: options.lastSampleAt ?? 0 };
  return {
    deployment,
    health,
    estimatedCostUsd: options.estimatedCostUsd,
    estimatedLatencyMs: options.estimatedLatencyMs,
    explore: options.explore ?? false,
  };
}

export function contextFixture(overrides: Partial<StrategyContext> = {}): StrategyContext {
  const request: ChatRequest = { model: 'group', messages: [{ role: 'user', content: 'hello' }] };
  return {
    request,
    groupName: 'group',
    promptTokens: 100,
    expectedOutputTokens: 200,
    random: () => 0.5,
    counter: 0,
    category: undefined,
    now: 1_700_000_000_000,
    ...overrides,
  };
}

export function idsOf(candidates: readonly Candidate[]): string[] {
  return candidates.map((candidate) => candidate.deployment.id);
}

/** A selector's view of `request`, with fixed defaults (10 prompt tokens, random 0.5); `overrides` replace any field. */
export function featuresFixture(request: ChatRequest, overrides: Partial<RequestFeatures> = {}): RequestFeatures {
  return { request, headers: {}, keyName: undefined, team: undefined, promptTokens: () => 10, now: 0, random: () => 0.5, ...overrides };
}
