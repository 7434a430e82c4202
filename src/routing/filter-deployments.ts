import type { ChatRequest } from '../spec/chat-request.js';
import { GatewayError } from '../spec/gateway-error.js';
import { hasCapability, type Deployment } from './deployment.js';

export interface RejectedDeployment {
  deployment: Deployment;
  /** The request field the deployment cannot take. */
  param: string;
  reason: string;
}

/**
 * Drops deployments that cannot serve the request: chat vs embedding, images without vision,
 * tools without tool support, reasoning_effort without reasoning, a JSON schema without structured-output support. The routing issue
 * adds context-window, allow-list, cooldown and rate-limit filters here.
 */
export function filterDeployments(
  deployments: readonly Deployment[],
  request: ChatRequest,
): { eligible: Deployment[]; rejected: RejectedDeployment[] } {
  const needs = requestNeeds(request);
  const eligible: Deployment[] = [];
  const rejected: RejectedDeployment[] = [];
  for (const deployment of deployments) {
    if (deployment.mode !== 'chat') {
      rejected.push({ deployment, param: 'model', reason: `${deployment.id} is an embedding model; use POST /v1/embeddings` });
    } else if (needs.image !== undefined && !hasCapability(deployment, 'vision')) {
      rejected.push({ deployment, param: needs.image, reason: `${deployment.id} cannot take images (it has no vision capability)` });
    } else if (needs.tools && !hasCapability(deployment, 'tools')) {
      rejected.push({ deployment, param: 'tools', reason: `${deployment.id} cannot take tools (it has no tool-calling capability)` });
    } else if (needs.reasoning && !hasCapability(deployment, 'reasoning')) {
      rejected.push({ deployment, param: 'reasoning_effort', reason: `${deployment.id} does not reason (no reasoning capability); leave reasoning_effort out or use "none"` });
    } else if (needs.jsonSchema && !hasCapability(deployment, 'json_schema')) {
      rejected.push({ deployment, param: 'response_format', reason: `${deployment.id} cannot take a JSON schema response_format (no structured-output capability)` });
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
