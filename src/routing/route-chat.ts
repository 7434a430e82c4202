import type { ChatResponse, ProviderCallContext } from '../providers/provider.js';
import type { ChatRequest } from '../spec/chat-request.js';
import type { Deployment } from './deployment.js';
import { filterDeployments, noEligibleDeploymentError } from './filter-deployments.js';
import type { ModelGroup } from './model-table.js';
import { peekStream } from './peek-stream.js';
import { tryDeployments, type Attempt } from './try-deployments.js';

export interface RoutedChat {
  response: ChatResponse;
  deployment: Deployment;
  attempts: Attempt[];
}

/**
 * Drops the group's deployments that cannot take the request, then tries the rest in order
 * (try-deployments.ts). While another deployment remains, a stream counts as failed only if it errs
 * before its first output part, so that failover stays invisible to the client.
 */
export async function routeChat(group: ModelGroup, request: ChatRequest, context: ProviderCallContext): Promise<RoutedChat> {
  const { eligible, rejected } = filterDeployments(group.deployments, request);
  if (eligible.length === 0) throw noEligibleDeploymentError(group.name, rejected);
  const tried = await tryDeployments(group.name, eligible, context.cancellation, async (deployment, isLast) => {
    const response = await deployment.provider.chat({ ...request, model: deployment.model }, context);
    if (response.kind !== 'stream' || isLast) return response;
    const peeked = await peekStream(response.parts);
    if (peeked.kind === 'failed') throw peeked.error;
    return { ...response, parts: peeked.parts };
  });
  return { response: tried.value, deployment: tried.deployment, attempts: tried.attempts };
}
