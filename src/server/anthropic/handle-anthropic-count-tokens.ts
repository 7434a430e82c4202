import { filterDeployments } from '../../routing/filter-deployments.js';
import { parseRequestBody } from '../openai/parse-request-body.js';
import { resolveModelGroup } from '../openai/resolve-model-group.js';
import { readJsonBody } from '../read-json-body.js';
import type { RequestContext } from '../request-context.js';
import { sendJson } from '../send-json.js';
import { withDeadline } from '../with-deadline.js';
import { AnthropicRequestSchema } from './anthropic-request-schema.js';
import { convertAnthropicRequest } from './convert-anthropic-request.js';
import { countInputTokensLocally } from '../../routing/count-input-tokens-locally.js';

/**
 * POST /v1/messages/count_tokens → `{input_tokens}`. When the first deployment that could serve the
 * request belongs to a provider with a counting endpoint (Anthropic), that provider counts; otherwise
 * the gateway estimates with the o200k tokenizer (count-input-tokens-locally.ts). The
 * `x-skyroute-token-count` header says which: `provider` or `estimate`.
 */
export async function handleAnthropicCountTokens(context: RequestContext): Promise<void> {
  const { runtime, response } = context;
  context.headers['request-id'] = context.requestId;
  const body = await readJsonBody(context.request, runtime.config.server.body_limit_bytes);
  const chat = convertAnthropicRequest(parseRequestBody(AnthropicRequestSchema, body, 'count_tokens request'));
  const group = resolveModelGroup(runtime, chat.model);
  const deployment = filterDeployments(group.deployments, chat).eligible[0];
  const countTokens = deployment?.provider.countTokens?.bind(deployment.provider);
  if (deployment !== undefined && countTokens !== undefined) {
    await withDeadline(context, async (cancellation) => {
      const inputTokens = await countTokens({ ...chat, model: deployment.model }, { requestId: context.requestId, cancellation });
      context.headers['x-skyroute-provider'] = deployment.providerId;
      context.headers['x-skyroute-model'] = deployment.model;
      context.headers['x-skyroute-token-count'] = 'provider';
      sendJson(response, 200, { input_tokens: inputTokens }, context.headers);
    });
    return;
  }
  // The router's o200k counter (loaded at start-up, with recurring texts cached).
  const inputTokens = countInputTokensLocally(chat, runtime.router.parts.countText);
  context.headers['x-skyroute-token-count'] = 'estimate';
  sendJson(response, 200, { input_tokens: inputTokens }, context.headers);
}
