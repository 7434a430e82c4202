import { GatewayError } from '../spec/gateway-error.js';
import type { Cancellation } from '../upstream/cancellation.js';
import type { Deployment } from './deployment.js';

export interface Attempt {
  deployment: string;
  error?: GatewayError;
}

export interface Tried<T> {
  value: T;
  deployment: Deployment;
  attempts: Attempt[];
}

/**
 * Tries deployments in order (the priority strategy; the routing issue adds the others) and moves
 * to the next one when an attempt fails in a way another deployment may not: retryable errors,
 * rejected credentials or exhausted quota (other credentials), a model the provider does not have,
 * a context window too small, a parameter this provider refuses. One mechanism for every endpoint.
 */
export async function tryDeployments<T>(
  groupName: string,
  deployments: readonly Deployment[],
  cancellation: Cancellation,
  attempt: (deployment: Deployment, isLast: boolean) => Promise<T>,
): Promise<Tried<T>> {
  const attempts: Attempt[] = [];
  for (let index = 0; index < deployments.length; index++) {
    const deployment = deployments[index]!;
    const isLast = index === deployments.length - 1;
    try {
      const value = await attempt(deployment, isLast);
      attempts.push({ deployment: deployment.id });
      return { value, deployment, attempts };
    } catch (error) {
      if (cancellation.aborted) throw cancellation.reason instanceof GatewayError ? cancellation.reason : error;
      if (!(error instanceof GatewayError)) throw error;
      attempts.push({ deployment: deployment.id, error });
      if (isLast || !mayTryNext(error)) throw withAttempts(error, groupName, attempts);
    }
  }
  throw new GatewayError('GW_ERR_ROUTE_NO_DEPLOYMENT', `No deployment of "${groupName}" could serve the request.`);
}

function mayTryNext(error: GatewayError): boolean {
  if (error.retryable) return true;
  switch (error.code) {
    case 'GW_ERR_UPSTREAM_AUTH':
    case 'GW_ERR_UPSTREAM_QUOTA_EXHAUSTED':
    case 'GW_ERR_UPSTREAM_NOT_FOUND':
    case 'GW_ERR_UPSTREAM_CONTEXT_LENGTH':
    case 'GW_ERR_REQUEST_UNSUPPORTED_PARAMETER':
      return true;
    default:
      return false;
  }
}

function withAttempts(error: GatewayError, groupName: string, attempts: Attempt[]): GatewayError {
  if (attempts.length <= 1) return error;
  const summary = attempts.map((attempt) => `${attempt.deployment}: ${attempt.error?.message ?? 'ok'}`).join(' | ');
  return new GatewayError(error.code, `All ${attempts.length} deployments of "${groupName}" failed. ${summary}`, {
    status: error.status,
    param: error.param,
    provider: error.provider,
    upstreamStatus: error.upstreamStatus,
    upstreamCode: error.upstreamCode,
    retryAfterSeconds: error.retryAfterSeconds,
    retryable: error.retryable,
    cause: error,
  });
}
