import { computeCost, costNusd } from '../../catalog/compute-cost.js';
import type { LeafStrategyConfig } from '../../config/routing-config-schema.js';
import { createSeededRandom } from '../../simulator/create-seeded-random.js';
import type { ChatRequest } from '../../spec/chat-request.js';
import type { Usage } from '../../spec/usage.js';
import type { Deployment } from '../deployment.js';
import { UNKNOWN_HEALTH, type HealthView } from '../health/health-view.js';
import { createStrategy } from '../strategies/create-strategy.js';
import type { Candidate } from '../strategies/strategy.js';
import { ComparisonTally, type ComparisonSummary } from './comparison-tally.js';
import { InFlightReplay } from './in-flight-replay.js';
import { estimateLatencyMs, fitLatencyProfiles, profileFromHealth, type LatencyProfile } from './latency-profile.js';
import { wasServed, type LoggedRequest } from './logged-request.js';

/** The strategies a what-if can replay: every ranking strategy but the bandit (whose posterior at each past request is not kept). */
export type WhatIfStrategyConfig = Exclude<LeafStrategyConfig, { type: 'bandit' }>;

export interface WhatIfGroup {
  name: string;
  deployments: readonly Deployment[];
}

export interface WhatIfOptions {
  /** The window's requests, oldest first. */
  requests: readonly LoggedRequest[];
  strategy: WhatIfStrategyConfig;
  /** The group a logged model name means in the current config; undefined when it no longer exists. */
  resolveGroup(name: string): WhatIfGroup | undefined;
  /** The router's figures now: the latency of a deployment that served nothing in the window. */
  currentHealth(deploymentId: string): HealthView;
  /** Seeds the random draws (weighted, least-busy's ties): the same rows and seed give the same answer. */
  seed: number;
  /**
   * Awaited after every `rowsPerPause` requests, so a replay of 50,000 rows does not hold the event loop
   * (the gateway's requests share it) for its whole length. None by default.
   */
  pause?: () => Promise<void>;
  rowsPerPause?: number;
}

export interface WhatIfResult {
  overall: ComparisonSummary;
  /** By group name. */
  groups: Array<{ group: string; summary: ComparisonSummary }>;
  excluded: { failed: number; unknownGroup: number; noCandidate: number };
  /** The latency figures of every deployment the replay considered; undefined: none at all. */
  latency: Map<string, LatencyProfile | undefined>;
  caveats: string[];
}

/**
 * What the logged requests would have cost and taken had `strategy` routed them: for each served
 * request, oldest first, the real strategy function ranks the group's current deployments (those
 * whose context window holds the logged tokens) and its first choice is priced with the catalog on
 * the logged tokens, as a real request would be. Candidates carry what the router would know: the
 * cost of this request on each deployment, its latency from the deployment's profile (`latency-profile.ts`),
 * and the replay's own in-flight counts. A request the strategy sends where it actually went keeps its
 * logged latency. Pure: everything that varies comes in through the options.
 */
export async function estimateWhatIf(options: WhatIfOptions): Promise<WhatIfResult> {
  const strategy = createStrategy(options.strategy);
  const random = createSeededRandom(options.seed);
  const windowProfiles = fitLatencyProfiles(options.requests);
  const latency = new Map<string, LatencyProfile | undefined>();
  /** Per deployment, its latency figures as the health a candidate carries (only least-busy reads in-flight counts, so only it gets a copy per request). */
  const healthViews = new Map<string, HealthView>();
  const countsInFlight = options.strategy.type === 'least-busy';
  const healthOf = (id: string): HealthView => {
    let view = healthViews.get(id);
    if (view === undefined) {
      const profile = windowProfiles.get(id) ?? profileFromHealth(options.currentHealth(id));
      latency.set(id, profile);
      view =
        profile === undefined
          ? UNKNOWN_HEALTH
          : {
              ...UNKNOWN_HEALTH,
              ttftMs: profile.baseMs,
              tokensPerSecond: profile.msPerOutputToken > 0 ? 1000 / profile.msPerOutputToken : undefined,
              latencySamples: profile.samples,
            };
      healthViews.set(id, view);
    }
    return view;
  };
  const pause = options.pause;
  const rowsPerPause = Math.max(1, options.rowsPerPause ?? 1_000);
  let sincePause = 0;
  type GroupEntry = { group: WhatIfGroup; tally: ComparisonTally; request: ChatRequest; counter: number };
  /** By group name; `byModel` caches what each logged model name resolved to (null: nothing). */
  const groups = new Map<string, GroupEntry>();
  const byModel = new Map<string, GroupEntry | null>();
  const unknownGroups = new Map<string, number>();
  const overall = new ComparisonTally();
  const inFlight = new InFlightReplay();
  const excluded = { failed: 0, unknownGroup: 0, noCandidate: 0 };
  const perDeployment = new Map<string, { withoutLatency: number; unpriced: number }>();

  for (const logged of options.requests) {
    if (pause !== undefined && ++sincePause >= rowsPerPause) {
      sincePause = 0;
      await pause();
    }
    if (!wasServed(logged)) {
      excluded.failed += 1;
      continue;
    }
    let entry = byModel.get(logged.model);
    if (entry === undefined) {
      const group = options.resolveGroup(logged.model);
      // Two names may mean one group (a catalog id and the provider's own name for it): one tally, one round-robin counter.
      entry = group === undefined ? null : (groups.get(group.name) ?? { group, tally: new ComparisonTally(), request: { model: group.name, messages: [] }, counter: 0 });
      if (entry !== null) groups.set(entry.group.name, entry);
      byModel.set(logged.model, entry);
    }
    if (entry === null) {
      unknownGroups.set(logged.model, (unknownGroups.get(logged.model) ?? 0) + 1);
      excluded.unknownGroup += 1;
      continue;
    }
    const usage: Usage = {
      inputTokens: logged.inputTokens,
      outputTokens: logged.outputTokens,
      cachedInputTokens: logged.cachedInputTokens,
      cacheWriteInputTokens: logged.cacheWriteInputTokens,
      reasoningTokens: logged.reasoningTokens,
    };
    const mode = logged.endpoint === 'embeddings' ? 'embedding' : 'chat';
    const candidates: Candidate[] = [];
    for (const deployment of entry.group.deployments) {
      if (deployment.mode !== mode) continue;
      if (deployment.contextWindow !== undefined && logged.inputTokens + logged.outputTokens > deployment.contextWindow) continue;
      const health = healthOf(deployment.id);
      const profile = latency.get(deployment.id);
      candidates.push({
        deployment,
        health: countsInFlight ? { ...health, inFlight: inFlight.count(deployment.id, logged.at) } : health,
        estimatedCostUsd: deployment.price === undefined ? undefined : computeCost(usage, deployment.price).totalUsd,
        estimatedLatencyMs: profile === undefined ? undefined : estimateLatencyMs(profile, logged.outputTokens),
        // Exploration sends one request to a stale deployment now and then: live upkeep, not a choice to replay.
        explore: false,
      });
    }
    if (candidates.length === 0) {
      excluded.noCandidate += 1;
      continue;
    }
    if (strategy.needsCounter) entry.counter += 1;
    const ranking = strategy.rank(candidates, {
      request: entry.request,
      groupName: entry.group.name,
      promptTokens: logged.inputTokens,
      expectedOutputTokens: logged.outputTokens,
      random,
      counter: entry.counter,
      now: logged.at,
      category: logged.category,
    });
    const chosen = ranking.ordered[0]!;
    const chosenId = chosen.deployment.id;
    const estimatedLatencyMs = chosenId === logged.deployment ? logged.latencyMs : chosen.estimatedLatencyMs;
    if (countsInFlight) inFlight.start(chosenId, logged.at, estimatedLatencyMs ?? logged.latencyMs);
    const unpriced = chosen.deployment.price === undefined;
    if (unpriced || estimatedLatencyMs === undefined) {
      const notes = perDeployment.get(chosenId) ?? { withoutLatency: 0, unpriced: 0 };
      if (unpriced) notes.unpriced += 1;
      if (estimatedLatencyMs === undefined) notes.withoutLatency += 1;
      perDeployment.set(chosenId, notes);
    }
    const tallied = {
      actualDeployment: logged.deployment,
      actualCostNusd: logged.costNusd,
      actualLatencyMs: logged.latencyMs,
      chosenDeployment: chosenId,
      estimatedCostNusd: unpriced ? 0 : costNusd(computeCost(usage, chosen.deployment.price)),
      estimatedLatencyMs,
      unpriced,
    };
    entry.tally.add(tallied);
    overall.add(tallied);
  }

  const everyCurrent = new Set<string>();
  const groupSummaries = [...groups.values()]
    .map(({ group, tally }) => {
      const current = new Set(group.deployments.map((deployment) => deployment.id));
      for (const id of current) everyCurrent.add(id);
      return { group: group.name, summary: tally.summary(current) };
    })
    .sort((left, right) => right.summary.requests - left.summary.requests || left.group.localeCompare(right.group));
  return {
    overall: overall.summary(everyCurrent),
    groups: groupSummaries,
    excluded,
    latency,
    caveats: describeCaveats(options, excluded, unknownGroups, latency, perDeployment),
  };
}

function describeCaveats(
  options: WhatIfOptions,
  excluded: WhatIfResult['excluded'],
  unknownGroups: ReadonlyMap<string, number>,
  latency: ReadonlyMap<string, LatencyProfile | undefined>,
  perDeployment: ReadonlyMap<string, { withoutLatency: number; unpriced: number }>,
): string[] {
  const caveats: string[] = [];
  const { strategy, seed } = options;
  caveats.push(
    `Failed requests (status 400 and above, or served by no deployment) are left out of both sides, having no usage to price: ${count(excluded.failed, 'request')}.`,
  );
  if (excluded.unknownGroup > 0) {
    const names = [...unknownGroups.keys()].slice(0, 5).map((name) => `"${name}"`).join(', ');
    caveats.push(`${count(excluded.unknownGroup, 'request')} asked for models the current config does not serve (${names}${unknownGroups.size > 5 ? ', …' : ''}); they are left out.`);
  }
  if (excluded.noCandidate > 0) {
    caveats.push(`${count(excluded.noCandidate, 'request')} fit no deployment of their group now (context window, or no deployment for the endpoint); they are left out.`);
  }
  caveats.push(
    'Every deployment counts as available: circuits, cooldowns and rate limits are not replayed, and neither are the filters that need the request itself (capabilities such as tools or images, the key\'s allow-list, routing hints). The context window is checked against the logged input and output tokens.',
  );
  caveats.push(
    "Estimated cost prices the logged tokens (cached and reasoning tokens included) at today's catalog prices; actual cost is what was billed at the time. Tokens count as the serving deployment counted them.",
  );
  caveats.push(
    'A request the strategy sends where it actually went keeps its logged latency; one sent elsewhere gets that deployment\'s latency for its output tokens, fitted on the window\'s successful requests to it, else from the router\'s current moving averages.',
  );
  for (const [id, profile] of latency) {
    if (profile?.source === 'current') caveats.push(`${id} served no request in the window: its latency is the router's current moving average (${Math.round(profile.baseMs)} ms to first token).`);
  }
  for (const [id, notes] of perDeployment) {
    if (notes.withoutLatency > 0) {
      caveats.push(`${id} has no latency figures (nothing in the window, nothing measured since start-up): ${count(notes.withoutLatency, 'request')} sent there are left out of the estimated latency.`);
    }
    if (notes.unpriced > 0) caveats.push(`${id} has no price (catalog or config): ${count(notes.unpriced, 'request')} sent there count as $0.`);
  }
  if (strategy.type === 'weighted') {
    caveats.push(`weighted draws with a seeded random (seed ${seed}): the same rows and seed give the same answer; another seed is another sample of the same shares.`);
  }
  if (strategy.type === 'least-busy') {
    caveats.push(`least-busy counts the replay's own requests in flight (each busy for its estimated latency); ties go by a seeded random (seed ${seed}).`);
  }
  if (strategy.type === 'round-robin') caveats.push("round-robin's counter starts at 1 with each group's first request in the window, as a new counter does.");
  if (strategy.type === 'latency' || (strategy.type === 'hybrid' && strategy.weights.latency > 0)) {
    caveats.push('Exploration (a request now and then to a deployment with stale latency figures) is not replayed.');
  }
  caveats.push("The strategy applies to every group, whatever the group's own; fallback groups and retries are not replayed.");
  return caveats;
}

function count(amount: number, noun: string): string {
  return `${amount.toLocaleString('en-US')} ${noun}${amount === 1 ? '' : 's'}`;
}
