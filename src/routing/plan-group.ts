import type { StrategyConfig } from '../config/routing-config-schema.js';
import type { ChatRequest } from '../spec/chat-request.js';
import type { Deployment } from './deployment.js';
import type { RouteTrace } from './explain.js';
import { isRateLimited } from './failure-handling.js';
import type { RejectedDeployment } from './filter-deployments.js';
import type { ModelGroup } from './model-table.js';
import { expectedOutputTokens, requestedOutputTokens, type PromptSize } from './prompt-size.js';
import type { RouterParts } from './router-parts.js';
import type { RoutingHints } from './routing-hints.js';
import type { RequestFeatures } from './strategies/request-features.js';
import type { RouteSelection } from './strategies/select-route.js';
import type { Candidate } from './strategies/strategy.js';
import type { HealthView } from './health/health-view.js';

/** rules → group → rules…: more hops than this is a loop in the config. */
const MAX_SELECTION_HOPS = 4;

export type ExclusionKind = RejectedDeployment['kind'] | 'health' | 'limit' | 'constraint' | 'policy';

export interface Exclusion {
  deployment: Deployment;
  kind: ExclusionKind;
  reason: string;
  param?: string;
  /** When it may serve again (health and limit exclusions). */
  retryAfterMs?: number;
  /** A cooldown: skipped while other deployments can serve, tried when none can. */
  cooling?: boolean;
  /** The deployment's health when it was excluded (cooling ones may still be considered). */
  health?: HealthView;
}

/** What the attempts of one request have learned so far, narrowing the next plans. */
export interface AttemptMemory {
  /** Providers whose credentials were refused (or quota spent) during this request (none: undefined, the common case). */
  refusedProviders: Set<string> | undefined;
  /** A deployment answered "context too long": only larger windows are worth trying. */
  minimumContextWindow: number;
}

export interface RouteRequest {
  request: ChatRequest;
  hints: RoutingHints;
  features: RequestFeatures;
  promptSize: PromptSize;
  /** The caller's key may use this deployment (virtual keys); undefined: every one. */
  allows: ((deployment: Deployment) => boolean) | undefined;
  /** What the endpoint can use at all (chat: capabilities and context window; embeddings: embedding models). */
  filter: (deployments: readonly Deployment[], request: ChatRequest, promptTokens: number | undefined) => { eligible: Deployment[]; rejected: RejectedDeployment[] };
}

export interface GroupPlan {
  group: ModelGroup;
  ordered: Candidate[];
  exclusions: Exclusion[];
}

/**
 * One group's part of a routing decision: a rules, A/B or learned strategy picks the group or strategy; the
 * filters drop what cannot serve (capabilities, context window, the key's allow-list, hints, open
 * circuits, cooldowns, RPM/TPM headroom); the strategy orders the rest. Synchronous except for the
 * round-robin counter, which lives in the state port.
 */
export async function planGroup(parts: RouterParts, start: ModelGroup, route: RouteRequest, memory: AttemptMemory, trace: RouteTrace): Promise<GroupPlan> {
  let group = start;
  let config: StrategyConfig = route.hints.strategy ?? group.strategy;
  let selection: string | undefined;
  let learned: RouteSelection['learned'];
  let category: string | undefined;
  for (let hop = 0; config.type === 'rules' || config.type === 'ab' || config.type === 'learned' || config.type === 'llm'; hop++) {
    if (hop === MAX_SELECTION_HOPS) throw new Error(`routing of "${start.name}" goes through more than ${MAX_SELECTION_HOPS} rules/A-B hops; check the config for a loop`);
    const selected = parts.selector(config)(route.features, group.name);
    const picked = selected instanceof Promise ? await selected : selected;
    category = picked.category ?? category;
    if (picked.classification !== undefined) trace.classified(picked.classification);
    selection = selection === undefined ? picked.reason : `${selection}; ${picked.reason}`;
    learned = picked.learned ?? learned;
    if (picked.target.group !== undefined) {
      const next = parts.models.resolve(picked.target.group);
      if (next === undefined) throw new Error(`${picked.reason}: no group "${picked.target.group}"`);
      group = next;
      config = next.strategy;
    } else {
      config = picked.target.strategy ?? { type: 'priority' };
    }
  }
  const strategy = parts.strategy(config);
  const { request, hints, promptSize } = route;
  const requested = requestedOutputTokens(request);
  const needsCount =
    strategy.needsTokens ||
    hints.maxCostUsd !== undefined ||
    group.deployments.some((deployment) => deployment.contextWindow !== undefined && deployment.contextWindow < promptSize.upperBound() + (requested ?? 1));
  const promptTokens = needsCount ? promptSize.tokens() : undefined;
  const { eligible, rejected } = route.filter(group.deployments, request, promptTokens);
  const exclusions: Exclusion[] = rejected.map((item) => ({ deployment: item.deployment, kind: item.kind, reason: item.reason, param: item.param }));

  const now = parts.now();
  const expectedOutput = expectedOutputTokens(request);
  const explores = config.type === 'latency' || (config.type === 'hybrid' && config.weights.latency > 0);
  let explorationTried = false;
  const exploreAfterMs = parts.routing.latency.explore_after_ms;
  const candidates: Candidate[] = [];
  const cooling: Exclusion[] = [];
  const consider = (deployment: Deployment, health: HealthView): void => {
    const price = deployment.price;
    const estimatedCostUsd =
      price === undefined || promptTokens === undefined ? undefined : (promptTokens * price.input + expectedOutput * price.output) / 1_000_000;
    const estimatedLatencyMs =
      health.ttftMs === undefined ? undefined : health.ttftMs + (health.tokensPerSecond === undefined || health.tokensPerSecond <= 0 ? 0 : (expectedOutput * 1000) / health.tokensPerSecond);
    if (hints.maxCostUsd !== undefined && estimatedCostUsd !== undefined && estimatedCostUsd > hints.maxCostUsd) {
      exclusions.push({ deployment, kind: 'constraint', param: 'skyroute.max_cost_usd', reason: `${deployment.id} would cost about $${estimatedCostUsd.toPrecision(3)}, over max_cost_usd $${hints.maxCostUsd}` });
      return;
    }
    if (hints.maxLatencyMs !== undefined && estimatedLatencyMs !== undefined && estimatedLatencyMs > hints.maxLatencyMs) {
      exclusions.push({ deployment, kind: 'constraint', param: 'skyroute.max_latency_ms', reason: `${deployment.id} takes about ${Math.round(estimatedLatencyMs)} ms, over max_latency_ms ${hints.maxLatencyMs}` });
      return;
    }
    let explore = false;
    // One try per plan: the first stale candidate's slot, claimed or not (a plan that tried every stale
    // candidate would pay a lookup per deployment on every request once all were explored recently).
    if (explores && !explorationTried && (health.lastSampleAt === 0 || now - health.lastSampleAt > exploreAfterMs)) {
      explorationTried = true;
      explore = parts.health.claimExploration(deployment.id);
    }
    candidates.push({ deployment, health, estimatedCostUsd, estimatedLatencyMs, explore });
  };
  for (const deployment of eligible) {
    const health = parts.health.view(deployment.id, now);
    const excluded = exclusionOf(parts, deployment, health, route, memory, now);
    if (excluded === undefined) consider(deployment, health);
    else if (excluded.cooling === true) cooling.push({ ...excluded, health });
    else exclusions.push(excluded);
  }
  if (candidates.length === 0 && cooling.length > 0) {
    // A cooldown steers traffic to other deployments; when none is left, asking the provider again
    // beats refusing locally (its limit may well have room by now), soonest-ready first.
    cooling.sort((first, second) => (first.retryAfterMs ?? 0) - (second.retryAfterMs ?? 0));
    for (const exclusion of cooling) consider(exclusion.deployment, exclusion.health!);
  } else {
    exclusions.push(...cooling);
  }
  for (const exclusion of exclusions) trace.filtered.push({ deployment: exclusion.deployment.id, group: group.name, reason: exclusion.reason });

  if (candidates.length === 0) {
    trace.decide(group.name, strategy.name, selection, candidates, undefined, learned, category);
    return { group, ordered: candidates, exclusions };
  }
  const counter = strategy.needsCounter ? await parts.nextCounter(group.name) : 0;
  const ranking = strategy.rank(candidates, {
    request,
    groupName: group.name,
    promptTokens: promptTokens ?? 0,
    expectedOutputTokens: expectedOutput,
    random: parts.random,
    counter,
    now,
    category,
    headers: route.features.headers,
  });
  // A bandit decides the category itself when no selector did (metadata or a header): the trace and the log record it.
  trace.decide(group.name, strategy.name, selection, candidates, ranking, learned, ranking.category ?? category);
  return { group, ordered: ranking.ordered, exclusions };
}

function exclusionOf(parts: RouterParts, deployment: Deployment, health: HealthView, route: RouteRequest, memory: AttemptMemory, now: number): Exclusion | undefined {
  if (route.allows !== undefined && !route.allows(deployment)) {
    return { deployment, kind: 'policy', param: 'model', reason: `${deployment.id} is not allowed for this key` };
  }
  if (route.hints.region !== undefined && deployment.region !== route.hints.region) {
    return { deployment, kind: 'constraint', param: 'skyroute.region', reason: `${deployment.id} is ${deployment.region === undefined ? 'in no labelled region' : `in region ${deployment.region}`}, not ${route.hints.region}` };
  }
  const learned = memoryExclusion(memory, deployment);
  if (learned !== undefined) return learned;
  if (health.circuit === 'open') {
    return { deployment, kind: 'health', retryAfterMs: Math.max(0, health.halfOpenAt - now), reason: `${deployment.id}: circuit open (${health.reason ?? 'failures'}); tried again in ${seconds(health.halfOpenAt - now)}` };
  }
  const cooling = coolingOf(parts, deployment, health, now);
  if (cooling !== undefined) return cooling;
  const limit = parts.limits.check(deployment);
  if (!limit.ok) return { deployment, kind: 'limit', retryAfterMs: limit.retryAfterMs, reason: `${deployment.id}: ${limit.reason}; room again in ${seconds(limit.retryAfterMs)}` };
  return undefined;
}

/** What an earlier attempt of this request rules out: a provider whose credentials were refused, a window no larger than one that refused the prompt. */
export function memoryExclusion(memory: AttemptMemory, deployment: Deployment): Exclusion | undefined {
  if (memory.refusedProviders?.has(deployment.providerId) === true) {
    return { deployment, kind: 'health', reason: `${deployment.id}: ${deployment.providerId} refused its credentials earlier in this request` };
  }
  if (memory.minimumContextWindow > 0 && deployment.contextWindow !== undefined && deployment.contextWindow <= memory.minimumContextWindow) {
    return { deployment, kind: 'context', param: 'messages', reason: `${deployment.id} has no larger context window (${deployment.contextWindow}) than one that already refused the prompt` };
  }
  return undefined;
}

function coolingOf(parts: RouterParts, deployment: Deployment, deploymentHealth: HealthView, now: number): Exclusion | undefined {
  if (deploymentHealth.coolingUntil > now) return coolingExclusion(deployment, deploymentHealth, now);
  const providerHealth = parts.health.view(deployment.providerSubject, now);
  return providerHealth.coolingUntil > now ? coolingExclusion(deployment, providerHealth, now) : undefined;
}

function coolingExclusion(deployment: Deployment, health: HealthView, now: number): Exclusion {
  const reason = health.reason ?? 'recent failures';
  // A provider's own 429 is a rate limit the client should see as one; other cooldowns are unavailability.
  const kind: ExclusionKind = isRateLimited(reason) ? 'limit' : 'health';
  return { deployment, kind, cooling: true, retryAfterMs: health.coolingUntil - now, reason: `${deployment.id}: cooling down for ${seconds(health.coolingUntil - now)} (${reason})` };
}

function seconds(milliseconds: number): string {
  return `${(Math.max(0, milliseconds) / 1000).toFixed(1)} s`;
}
