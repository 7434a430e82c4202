import type { ChatResponse, ProviderCallContext } from '../providers/provider.js';
import type { ChatRequest } from '../spec/chat-request.js';
import { GatewayError } from '../spec/gateway-error.js';
import type { Deployment } from './deployment.js';
import { filterDeployments, noEligibleDeploymentError } from './filter-deployments.js';
import type { ModelGroup } from './model-table.js';
import { peekStream } from './peek-stream.js';

export interface Attempt {
  deployment: string;
  error?: GatewayError;
}

export interface RoutedChat {
  response: ChatResponse;
  deployment: Deployment;
  attempts: Attempt[];
}

/**
 * Tries the group's eligible deployments in order (the priority strategy; the routing issue adds
 * the others) and moves to the next one when an attempt fails in a way another deployment may not:
 * retryable errors, rejected credentials or exhausted quota (other credentials), a model the
 * provider does not have, a context window too small, a parameter this provider refuses.
 * A stream counts as failed only if it errs before its first output part.
 */
export async function routeChat(group: ModelGroup, request: ChatRequest, context: ProviderCallContext): Promise<RoutedChat> {
  const { eligible, rejected } = filterDeployments(group.deployments, request);
  if (eligible.length === 0) throw noEligibleDeploymentError(group.name, rejected);
  const attempts: Attempt[] = [];
  for (let index = 0; index < eligible.length; index++) {
    const deployment = eligible[index]!;
    const isLast = index === eligible.length - 1;
    try {
      const upstreamRequest: ChatRequest = { ...request, model: deployment.model };
      let response = await deployment.provider.chat(upstreamRequest, context);
      if (response.kind === 'stream' && !isLast) {
        const peeked = await peekStream(response.parts);
        if (peeked.kind === 'failed') throw peeked.error;
        response = { ...response, parts: peeked.parts };
      }
      attempts.push({ deployment: deployment.id });
      return { response, deployment, attempts };
    } catch (error) {
      if (context.cancellation.aborted) throw context.cancellation.reason instanceof GatewayError ? context.cancellation.reason : error;
      if (!(error instanceof GatewayError)) throw error;
      attempts.push({ deployment: deployment.id, error });
      if (isLast || !mayTryNext(error)) throw withAttempts(error, group, attempts);
    }
  }
  throw new GatewayError('GW_ERR_ROUTE_NO_DEPLOYMENT', `No deployment of "${group.name}" could serve the request.`);
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

function withAttempts(error: GatewayError, group: ModelGroup, attempts: Attempt[]): GatewayError {
  if (attempts.length <= 1) return error;
  const summary = attempts.map((attempt) => `${attempt.deployment}: ${attempt.error?.message ?? 'ok'}`).join(' | ');
  return new GatewayError(error.code, `All ${attempts.length} deployments of "${group.name}" failed. ${summary}`, {
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
