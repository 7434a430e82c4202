import { GatewayError } from '../spec/gateway-error.js';
import { noEligibleDeploymentError } from './filter-deployments.js';
import type { Exclusion, ExclusionKind } from './plan-group.js';

/**
 * The error for a request that no deployment could even be tried for, by the most useful reason:
 * one that passes with time (open circuits and cooldowns → 503, limits → 429, both with retry-after)
 * before one that will not (the key's allow-list → 403, hints → 400, capabilities and context → 400).
 * The message lists every deployment and why.
 */
export function exclusionError(model: string, exclusions: readonly Exclusion[]): GatewayError {
  const of = (kind: ExclusionKind) => exclusions.filter((exclusion) => exclusion.kind === kind);
  const reasons = exclusions.map((exclusion) => exclusion.reason).join('; ');
  const transient = [...of('health'), ...of('limit')];
  if (transient.length > 0) {
    const waitMs = Math.min(...transient.map((exclusion) => exclusion.retryAfterMs ?? 1000));
    const retryAfterSeconds = Math.max(1, Math.ceil(waitMs / 1000));
    const onlyLimits = of('health').length === 0;
    return new GatewayError(
      onlyLimits ? 'GW_ERR_ROUTE_RATE_LIMITED' : 'GW_ERR_ROUTE_UNAVAILABLE',
      `No deployment of "${model}" can take a request right now: ${reasons}. Try again in ${retryAfterSeconds} s.`,
      { retryAfterSeconds, provider: transient.length === 1 ? transient[0]!.deployment.providerId : undefined },
    );
  }
  const policy = of('policy');
  if (policy.length > 0) {
    return new GatewayError('GW_ERR_ROUTE_NOT_ALLOWED', `model: your key may not use any deployment of "${model}": ${reasons}.`, { param: 'model' });
  }
  const constraints = of('constraint');
  if (constraints.length > 0) {
    const param = constraints[0]!.param ?? 'skyroute';
    return new GatewayError('GW_ERR_ROUTE_CONSTRAINTS', `${param}: the routing hints leave no deployment of "${model}": ${reasons}.`, { param });
  }
  return noEligibleDeploymentError(
    model,
    exclusions.map((exclusion) => ({ deployment: exclusion.deployment, param: exclusion.param ?? 'model', reason: exclusion.reason, kind: exclusion.kind === 'context' ? 'context' : 'request' })),
  );
}
