import type { ChatRequest } from '../../spec/chat-request.js';
import { GatewayError } from '../../spec/gateway-error.js';
import { providerOptionsFor } from '../shared/provider-options-for.js';
import { refuseUnhandledFields } from '../shared/refuse-unhandled-fields.js';
import { stopSequences } from '../shared/stop-sequences.js';
import { unsupportedParameter } from '../shared/unsupported-parameter.js';
import { anthropicModelTraits } from './anthropic-model-traits.js';
import { anthropicSampling } from './anthropic-sampling.js';
import { anthropicThinkingConfig } from './anthropic-thinking-config.js';
import type { AnthropicOutputConfig, AnthropicRequestBody } from './anthropic-wire.js';
import { convertAnthropicMessages } from './convert-anthropic-messages.js';
import { convertAnthropicTools } from './convert-anthropic-tools.js';

export interface AnthropicRequestOptions {
  /** The configured provider id (named in errors, and a `providerOptions` key). */
  providerId: string;
  /** The provider type (`anthropic`), the other `providerOptions` key. */
  providerType: string;
  /** The `anthropic-version` header the request goes out with. */
  apiVersion: string;
}

/** The first API version that refuses temperature, top_p and top_k on every model (even at their defaults). */
const SAMPLING_FREE_API_VERSION = '2026-10-21';

/** Top-level request fields this translation maps (everything else set is refused, see refuseUnhandledFields). */
const HANDLED = new Set([
  'max_tokens',
  'max_completion_tokens',
  'temperature',
  'top_p',
  'top_k',
  'stop',
  'tools',
  'tool_choice',
  'parallel_tool_calls',
  'response_format',
  'reasoning_effort',
]);

/**
 * A canonical (OpenAI-shaped) chat request → the body of `POST /messages`. Every field is mapped or
 * refused with a 400 (docs/providers.md lists the mapping); `providerOptions.anthropic` (or the
 * provider's id) is merged into the body last, at top level, as given.
 */
export function convertToAnthropicRequest(request: ChatRequest, options: AnthropicRequestOptions): AnthropicRequestBody {
  const provider = options.providerId;
  const handled = refuseOneChoiceFields(request, provider);
  refuseUnhandledFields(request, provider, handled);

  const traits = anthropicModelTraits(request.model);
  const thinking = anthropicThinkingConfig(request, traits, provider);
  const versionRefusesSampling = options.apiVersion >= SAMPLING_FREE_API_VERSION;
  const sampling = anthropicSampling(
    request,
    {
      defaultsOnly: traits.rejectsSamplingParameters || versionRefusesSampling,
      thinking: thinking.thinking !== undefined,
      defaultsOnlyBecause: traits.rejectsSamplingParameters ? request.model : `anthropic-version ${options.apiVersion}`,
    },
    provider,
  );
  const conversation = convertAnthropicMessages(request.messages, provider);
  const tools = convertAnthropicTools(request, thinking.thinking !== undefined, provider);
  const format = outputFormat(request, provider);

  const body: AnthropicRequestBody = { model: request.model, max_tokens: thinking.maxTokens, messages: conversation.messages };
  if (conversation.system.length > 0) body.system = conversation.system;
  if (tools.tools !== undefined) body.tools = tools.tools;
  if (tools.toolChoice !== undefined) body.tool_choice = tools.toolChoice;
  if (thinking.thinking !== undefined) body.thinking = thinking.thinking;
  const outputConfig: AnthropicOutputConfig = {};
  if (thinking.effort !== undefined) outputConfig.effort = thinking.effort;
  if (format !== undefined) outputConfig.format = format;
  if (Object.keys(outputConfig).length > 0) body.output_config = outputConfig;
  Object.assign(body, sampling);
  const stop = stopSequences(request);
  if (stop !== undefined) body.stop_sequences = stop;
  if (typeof request.user === 'string' && request.user !== '') body.metadata = { user_id: request.user };
  if (request.stream === true) body.stream = true;
  const extra = providerOptionsFor(request, options.providerId, options.providerType);
  if (extra !== undefined) Object.assign(body, extra);
  return body;
}

/**
 * Fields that only matter when set to something other than their default: `n` (one choice per
 * request here), log-probabilities, logit bias and the penalties (Anthropic has none of them). Their
 * default values are accepted; anything else is refused with the reason.
 */
function refuseOneChoiceFields(request: ChatRequest, provider: string): ReadonlySet<string> {
  const handled = new Set(HANDLED);
  const accept = (field: string, isDefault: boolean, why: string): void => {
    const value = request[field];
    if (value === undefined || value === null) return;
    if (!isDefault) throw unsupportedParameter(provider, field, why);
    handled.add(field);
  };
  accept('n', request.n === 1, 'the Messages API returns one choice per request; send n requests instead');
  accept('logprobs', request.logprobs === false, 'the Messages API returns no log-probabilities');
  accept('top_logprobs', request.top_logprobs === 0, 'the Messages API returns no log-probabilities');
  const bias = request.logit_bias;
  accept('logit_bias', bias !== null && typeof bias === 'object' && Object.keys(bias).length === 0, 'the Messages API has no logit bias');
  accept('presence_penalty', request.presence_penalty === 0, 'the Messages API has no presence penalty');
  accept('frequency_penalty', request.frequency_penalty === 0, 'the Messages API has no frequency penalty');
  if (request.seed !== undefined && request.seed !== null) throw unsupportedParameter(provider, 'seed', 'the Messages API has no seed; its sampling cannot be made repeatable');
  return handled;
}

/**
 * `response_format` → structured outputs (`output_config.format`, generally available in the
 * Messages API, no beta header). `json_object` has no equivalent: Anthropic's structured outputs
 * need a schema whose objects close `additionalProperties`, so "any object" cannot be expressed,
 * and a prompt-level imitation would not be a guarantee. It is refused with that advice.
 */
function outputFormat(request: ChatRequest, provider: string): AnthropicOutputConfig['format'] {
  const format = request.response_format;
  if (format === undefined || format === null || format.type === 'text') return undefined;
  if (format.type === 'json_schema') {
    const schema = format.json_schema?.schema;
    if (schema === undefined || schema === null || typeof schema !== 'object') {
      throw new GatewayError('GW_ERR_REQUEST_INVALID', 'response_format.json_schema.schema is required', { param: 'response_format', provider });
    }
    return { type: 'json_schema', schema };
  }
  if (format.type === 'json_object') {
    throw unsupportedParameter(
      provider,
      'response_format',
      'Anthropic has no JSON mode without a schema; send response_format {type: "json_schema"} with the object\'s schema instead',
    );
  }
  throw unsupportedParameter(provider, 'response_format', `type ${JSON.stringify((format as { type: unknown }).type)} is not one Anthropic knows`);
}
