import type { Runtime } from '../../build-runtime.js';
import type { Price } from '../../catalog/catalog-schema.js';
import type { Deployment } from '../../routing/deployment.js';
import type { LimitUsage } from '../../routing/deployment-limits.js';
import type { HealthView } from '../../routing/health/health-view.js';
import { isoOf } from './admin-json.js';
import type { DeploymentHealthJsonType, DeploymentJsonType, DeploymentsJsonType, ProviderSummaryJsonType } from './admin-output-schemas.js';

/**
 * GET /admin/deployments: every configured group's deployments with their health as this replica's
 * router sees it at `now`. Cheap enough to poll: health views are synchronous reads of the local
 * mirror (the router's own), and the rate-limit windows of every limited deployment are read in one
 * call to the state port that takes nothing. No database read.
 */
export async function describeDeployments(runtime: Runtime, now: number): Promise<DeploymentsJsonType> {
  const { health, limits } = runtime.router.parts;
  const groups = runtime.models.list().filter((group) => group.configured);
  const distinct = new Map<string, Deployment>();
  for (const group of groups) for (const deployment of group.deployments) if (!distinct.has(deployment.id)) distinct.set(deployment.id, deployment);

  let usage: Map<string, LimitUsage> | undefined;
  let limitsError: string | null = null;
  try {
    usage = await limits.usage(distinct.values());
  } catch (error) {
    limitsError = `The state store did not answer (${error instanceof Error ? error.message : String(error)}), so rpm and tpm headroom is unknown; health is this replica's last copy.`;
  }

  const providerViews = new Map<string, HealthView>();
  const providerView = (deployment: Deployment): HealthView => {
    let view = providerViews.get(deployment.providerId);
    if (view === undefined) {
      view = health.view(deployment.providerSubject, now);
      providerViews.set(deployment.providerId, view);
    }
    return view;
  };
  const healthById = new Map<string, DeploymentHealthJsonType>();
  for (const [id, deployment] of distinct) healthById.set(id, healthJson(health.view(id, now), providerView(deployment)));

  return {
    at: isoOf(now),
    error_window_ms: runtime.config.routing.circuit_breaker.window_ms,
    limits_error: limitsError,
    groups: groups.map((group) => ({
      name: group.name,
      strategy: group.strategy.type,
      fallbacks: [...group.fallbacks],
      deployments: group.deployments.map((deployment) => deploymentJson(deployment, healthById.get(deployment.id)!, usage)),
    })),
    providers: providerSummaries(runtime, distinct, healthById, providerViews, now),
  };
}

function deploymentJson(deployment: Deployment, health: DeploymentHealthJsonType, usage: Map<string, LimitUsage> | undefined): DeploymentJsonType {
  const counted = usage?.get(deployment.id);
  return {
    id: deployment.id,
    provider: deployment.providerId,
    model: deployment.model,
    mode: deployment.mode,
    weight: deployment.weight,
    priority: deployment.priority,
    rpm: deployment.rpm ?? null,
    tpm: deployment.tpm ?? null,
    region: deployment.region ?? null,
    quality: deployment.quality ?? null,
    context_window: deployment.contextWindow ?? null,
    price: priceJson(deployment.price),
    health,
    headroom: usage === undefined ? null : { rpm: headroomJson(deployment.rpm, counted?.requests), tpm: headroomJson(deployment.tpm, counted?.tokens) },
  };
}

function headroomJson(limit: number | undefined, counted: number | undefined): { limit: number; used: number; left: number } | null {
  if (limit === undefined) return null;
  const used = counted ?? 0;
  // The router admits while count + amount ≤ limit; the epsilon keeps 2.9999999999 from losing a whole request.
  return { limit, used: Math.round(used * 100) / 100, left: Math.max(0, Math.floor(limit - used + 1e-9)) };
}

function priceJson(price: Price | undefined): DeploymentJsonType['price'] {
  if (price === undefined) return null;
  return {
    input: price.input,
    output: price.output,
    cached_input: price.cached_input ?? null,
    cache_write: price.cache_write ?? null,
    cache_write_long: price.cache_write_long ?? null,
  };
}

/** The deployment's view, with its provider's credential cooldown folded in where that ends later (the router skips it for either). */
function healthJson(view: HealthView, provider: HealthView): DeploymentHealthJsonType {
  const providerCoolsLonger = provider.coolingUntil > view.coolingUntil;
  const coolingUntil = providerCoolsLonger ? provider.coolingUntil : view.coolingUntil;
  const reason = providerCoolsLonger ? provider.reason : view.reason;
  return {
    circuit: view.circuit,
    half_open_at: view.circuit === 'open' && view.halfOpenAt > 0 ? isoOf(view.halfOpenAt) : null,
    cooling_until: coolingUntil > 0 ? isoOf(coolingUntil) : null,
    reason: reason ?? null,
    ttft_ms: view.ttftMs ?? null,
    tokens_per_second: view.tokensPerSecond ?? null,
    latency_samples: view.latencySamples,
    last_sample_at: view.lastSampleAt > 0 ? isoOf(view.lastSampleAt) : null,
    error_rate: view.errorRate,
    in_flight: view.inFlight,
  };
}

function providerSummaries(
  runtime: Runtime,
  distinct: ReadonlyMap<string, Deployment>,
  healthById: ReadonlyMap<string, DeploymentHealthJsonType>,
  providerViews: Map<string, HealthView>,
  now: number,
): ProviderSummaryJsonType[] {
  const summaries = new Map<string, ProviderSummaryJsonType & { unavailable: number }>();
  for (const [id, provider] of Object.entries(runtime.config.providers)) {
    const view = providerViews.get(id) ?? runtime.router.parts.health.view(`provider:${id}`, now);
    const cooling = view.coolingUntil > now;
    summaries.set(id, {
      id,
      type: provider.type,
      status: 'ok',
      deployments: 0,
      open: 0,
      half_open: 0,
      cooling: 0,
      in_flight: 0,
      cooling_until: cooling ? isoOf(view.coolingUntil) : null,
      reason: cooling ? (view.reason ?? null) : null,
      unavailable: 0,
    });
  }
  for (const [id, deployment] of distinct) {
    const summary = summaries.get(deployment.providerId);
    const health = healthById.get(id);
    if (summary === undefined || health === undefined) continue;
    summary.deployments += 1;
    summary.in_flight += health.in_flight;
    if (health.circuit === 'open') summary.open += 1;
    if (health.circuit === 'half-open') summary.half_open += 1;
    if (health.cooling_until !== null) summary.cooling += 1;
    if (health.circuit === 'open' || health.cooling_until !== null) summary.unavailable += 1;
  }
  return [...summaries.values()].map(({ unavailable, ...summary }) => {
    const down = summary.cooling_until !== null || (summary.deployments > 0 && unavailable === summary.deployments);
    const degraded = summary.open + summary.half_open + summary.cooling > 0;
    return { ...summary, status: down ? 'down' : degraded ? 'degraded' : 'ok' };
  });
}
