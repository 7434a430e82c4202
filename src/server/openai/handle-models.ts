import type { Deployment } from '../../routing/deployment.js';
import type { ModelGroup } from '../../routing/model-table.js';
import { GatewayError } from '../../spec/gateway-error.js';
import type { RequestContext } from '../request-context.js';
import { sendJson } from '../send-json.js';

/** GET /v1/models: OpenAI's list shape, with context window, prices and capabilities as extra fields. */
export async function handleListModels(context: RequestContext): Promise<void> {
  const data = context.runtime.models.list().map((group) => describeGroup(group));
  sendJson(context.response, 200, { object: 'list', data }, context.headers);
}

/** GET /v1/models/{id}; the id may contain slashes (`openai/gpt-4.1-mini`). */
export async function handleGetModel(context: RequestContext, id: string): Promise<void> {
  const group = context.runtime.models.resolve(id);
  if (group === undefined) {
    throw new GatewayError('GW_ERR_MODEL_NOT_FOUND', `The model "${id}" does not exist on this gateway; GET /v1/models lists the models it serves.`, {
      param: 'model',
    });
  }
  sendJson(context.response, 200, describeGroup(group), context.headers);
}

function describeGroup(group: ModelGroup): Record<string, unknown> {
  const first = group.deployments[0]!;
  return {
    id: group.name,
    object: 'model',
    created: 0,
    owned_by: group.configured ? 'skyroute' : first.providerId,
    ...describeDeployment(first),
    ...(group.configured ? { deployments: group.deployments.map((deployment) => ({ id: deployment.id, ...describeDeployment(deployment) })) } : {}),
  };
}

function describeDeployment(deployment: Deployment): Record<string, unknown> {
  return {
    mode: deployment.mode,
    context_window: deployment.contextWindow ?? null,
    max_output_tokens: deployment.maxOutputTokens ?? null,
    pricing:
      deployment.price === undefined
        ? null
        : {
            unit: 'USD per 1M tokens',
            input: deployment.price.input,
            output: deployment.price.output,
            ...(deployment.price.cached_input === undefined ? {} : { cached_input: deployment.price.cached_input }),
            ...(deployment.price.cache_write === undefined ? {} : { cache_write: deployment.price.cache_write }),
          },
    capabilities: deployment.capabilities === undefined ? null : [...deployment.capabilities],
    in_catalog: deployment.catalogEntry !== undefined,
  };
}
