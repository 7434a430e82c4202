import type { CooldownConfig } from '../config/routing-config-schema.js';
import type { GatewayError } from '../spec/gateway-error.js';
import type { Deployment } from './deployment.js';
import { failureReason, handleFailure, type FailureHandling } from './failure-handling.js';
import type { DeploymentHealth } from './health/deployment-health.js';

/**
 * Records a failed attempt — before the answer, mid-stream, or a health check's — in the health of the
 * deployment (and of its provider's credentials, when those were refused), as failure-handling.ts reads
 * the error, and answers that reading so the router can decide how the request goes on. A failure that
 * neither counts against the circuit nor cools anything down is not written (it would be a write per
 * failure that changes nothing).
 */
export function recordFailure(health: DeploymentHealth, deployment: Deployment, error: GatewayError, cooldown: CooldownConfig, where?: string): FailureHandling {
  const handling = handleFailure(error, cooldown);
  const reason = failureReason(error, where);
  if (handling.countsForCircuit || handling.cooldownMs !== undefined) {
    health.record(deployment.id, { kind: 'failure', countsForCircuit: handling.countsForCircuit, cooldownMs: handling.cooldownMs, reason });
  }
  if (handling.providerCooldownMs !== undefined) {
    health.record(deployment.providerSubject, { kind: 'failure', countsForCircuit: false, cooldownMs: handling.providerCooldownMs, reason });
  }
  return handling;
}
