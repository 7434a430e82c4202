import type { ChatRequest } from '../spec/chat-request.js';
import { GatewayError } from '../spec/gateway-error.js';
import { hasCapability, type Deployment } from './deployment.js';
import { requestedOutputTokens } from './prompt-size.js';

export interface RejectedDeployment {
  deployment: Deployment;
  /** The request field the deployment cannot take. */
  param: string;
  reason: string;
  /** `request`: a capability the request needs; `context`: the prompt does not fit its window. */
  kind: 'request' | 'context';
}

/**
 * Drops deployments that cannot serve the request whatever their health: chat vs embedding, images
 * without vision, tools without tool support, reasoning_effort without reasoning, a JSON schema
 * without structured-output support, and — given the prompt's token count — a context window smaller
 * than the prompt plus the output it asks for. (Health, limits and hints are the router's filters.)
 */
export function filterDeployments(
  deployments: readonly Deployment[],
  request: ChatRequest,
  promptTokens?: number,
): { eligible: Deployment[]; rejected: RejectedDeployment[] } {
  const needs = requestNeeds(request);
  const output = requestedOutputTokens(request) ?? 1;
  const eligible: Deployment[] = [];
  const rejected: RejectedDeployment[] = [];
  for (const deployment of deployments) {
    if (deployment.mode !== 'chat') {
      rejected.push({ deployment, param: 'model', reason: `${deployment.id} is an embedding model; use POST /v1/embeddings`, kind: 'request' });
    } else if (needs.image !== undefined && !hasCapability(deployment, 'vision')) {
      rejected.push({ deployment, param: needs.image, reason: `${deployment.id} cannot take images (it has no vision capability)` , kind: 'request' });
    } else if (needs.tools && !hasCapability(deployment, 'tools')) {
      rejected.push({ deployment, param: 'tools', reason: `${deployment.id} cannot take tools (it has no tool-calling capability)` , kind: 'request' });
    } else if (needs.reasoning && !hasCapability(deployment, 'reasoning')) {
      rejected.push({ deployment, param: 'reasoning_effort', reason: `${deployment.id} does not reason (no reasoning capability); leave reasoning_effort out or use "none"` , kind: 'request' });
    } else if (needs.jsonSchema && !hasCapability(deployment, 'json_schema')) {
      rejected.push({ deployment, param: 'response_format', reason: `${deployment.id} cannot take a JSON schema response_format (no structured-output capability)` , kind: 'request' });
    } else if (promptTokens !== undefined && deployment.contextWindow !== undefined && promptTokens + output > deployment.contextWindow) {
      rejected.push({
        deployment,
        param: 'messages',
        reason: `${deployment.id} has a ${deployment.contextWindow}-token context window; the prompt is about ${promptTokens} tokens${output > 1 ? ` and asks for ${output} more` : ''}`,
        kind: 'context',
      });
    } else {
      eligible.push(deployment);
    }
  }
  return { eligible, rejected };
}

/** The 400 for a request no deployment of the group can take. */
export function noEligibleDeploymentError(model: string, rejected: RejectedDeployment[]): GatewayError {
  const first = rejected[0];
  if (first === undefined) return new GatewayError('GW_ERR_ROUTE_NO_DEPLOYMENT', `No deployment of "${model}" is available.`);
  if (rejected.every((item) => item.kind === 'context')) {
    return new GatewayError(
      'GW_ERR_ROUTE_CONTEXT_TOO_LONG',
      `messages: the prompt does not fit any deployment of "${model}": ${rejected.map((item) => item.reason).join('; ')}. Shorten the prompt, lower max_tokens, or use a model with a larger window.`,
      { param: 'messages', upstreamCode: 'context_length_exceeded' },
    );
  }
  const code = first.param === 'model' ? 'GW_ERR_MODEL_WRONG_MODE' : 'GW_ERR_REQUEST_UNSUPPORTED_CONTENT';
  const reasons = rejected.map((item) => item.reason).join('; ');
  return new GatewayError(code, `${first.param}: no deployment of "${model}" can take this request: ${reasons}`, { param: first.param });
}

function requestNeeds(request: ChatRequest): { image: string | undefined; tools: boolean; jsonSchema: boolean; reasoning: boolean } {
  let image: string | undefined;
  for (let index = 0; index < request.messages.length && image === undefined; index++) {
    const content = request.messages[index]!.content;
    if (!Array.isArray(content)) continue;
    const at = content.findIndex((part) => part.type === 'image_url');
    if (at >= 0) image = `messages[${index}].content[${at}]`;
  }
  return {
    image,
    tools: Array.isArray(request.tools) && request.tools.length > 0,
    jsonSchema: request.response_format?.type === 'json_schema',
    reasoning: typeof request.reasoning_effort === 'string' && request.reasoning_effort !== 'none',
  };
}
