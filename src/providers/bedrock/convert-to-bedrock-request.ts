import type { ChatRequest } from '../../spec/chat-request.js';
import { GatewayError } from '../../spec/gateway-error.js';
import type { Cancellation } from '../../upstream/cancellation.js';
import type { ImageFetcher } from '../../upstream/fetch-image.js';
import { mergeProviderOptions } from '../shared/merge-provider-options.js';
import { outputTokenLimit } from '../shared/output-token-limit.js';
import { providerOptionsFor } from '../shared/provider-options-for.js';
import { REASONING_BUDGETS, reasoningEffortOf } from '../shared/reasoning-budget.js';
import { refuseUnhandledFields } from '../shared/refuse-unhandled-fields.js';
import { stopSequences } from '../shared/stop-sequences.js';
import { unsupportedParameter } from '../shared/unsupported-parameter.js';
import { bedrockToolConfig, historyHasToolBlocks } from './bedrock-tool-config.js';
import { convertToBedrockMessages } from './convert-to-bedrock-messages.js';
import { isBedrockClaudeModel } from './is-bedrock-claude-model.js';

export interface BedrockRequestOptions {
  providerId: string;
  fetchImage: ImageFetcher;
  cancellation: Cancellation;
}

export interface BedrockRequest {
  /** The Converse / ConverseStream body. */
  body: Record<string, unknown>;
  /** Set when a forced tool stands in for JSON mode: its input is the answer's text. */
  jsonTool: string | undefined;
}

/** The tool that carries a `json_object` answer (see jsonObjectTool). */
export const BEDROCK_JSON_TOOL = 'json_response';

/** Output room left for the answer when thinking is on and the client set no limit (Claude needs max_tokens > budget). */
const ANSWER_TOKENS_AFTER_THINKING = 4096;
/** Anthropic's smallest thinking budget. */
const MINIMUM_THINKING_BUDGET = 1024;

const HANDLED = [
  'messages',
  'max_tokens',
  'max_completion_tokens',
  'temperature',
  'top_p',
  'top_k',
  'n',
  'stop',
  'tools',
  'tool_choice',
  'parallel_tool_calls',
  'response_format',
  'reasoning_effort',
];

const NATIVE_FIELDS_HINT = 'set the model\'s own fields in providerOptions.bedrock.additionalModelRequestFields';

/**
 * The canonical request → a Bedrock Converse body (ConverseStream takes the same body). What has no
 * Bedrock equivalent is refused with a 400 naming the field; `providerOptions.bedrock` (or the
 * provider's id) fields are merged in last, objects one level deep (so
 * `additionalModelRequestFields` adds to the thinking settings the gateway wrote).
 */
export async function convertToBedrockRequest(request: ChatRequest, options: BedrockRequestOptions): Promise<BedrockRequest> {
  const provider = options.providerId;
  refuseUnhandledFields(request, provider, handledFields(request));
  if (request.n !== undefined && request.n !== null && request.n !== 1) {
    throw unsupportedParameter(provider, 'n', 'Bedrock returns one choice per request');
  }
  const claude = isBedrockClaudeModel(request.model);
  const additional: Record<string, unknown> = {};
  const inferenceConfig = inferenceSettings(request, provider, claude, additional);
  const hasToolBlocks = historyHasToolBlocks(request.messages);
  const body: Record<string, unknown> = {};
  let jsonTool: string | undefined;
  let toolConfig = bedrockToolConfig(request, provider, hasToolBlocks);
  const format = request.response_format;
  if (format?.type === 'json_schema') {
    const { schema, name, description } = format.json_schema ?? { name: undefined };
    if (schema === undefined || schema === null) {
      throw new GatewayError('GW_ERR_REQUEST_INVALID', 'response_format.json_schema.schema is required', { param: 'response_format' });
    }
    // Bedrock structured outputs (Converse outputConfig.textFormat) take the schema as a JSON string.
    body.outputConfig = {
      textFormat: {
        type: 'json_schema',
        structure: { jsonSchema: { schema: JSON.stringify(schema), ...(name ? { name } : {}), ...(description ? { description } : {}) } },
      },
    };
  } else if (format?.type === 'json_object') {
    toolConfig = jsonObjectTool(request, provider, hasToolBlocks, additional.thinking !== undefined);
    jsonTool = BEDROCK_JSON_TOOL;
  } else if (format !== undefined && format !== null && format.type !== 'text') {
    throw unsupportedParameter(provider, 'response_format', `type ${JSON.stringify((format as { type: unknown }).type)} is not one Bedrock can follow`);
  }
  const conversation = await convertToBedrockMessages(request.messages, { provider, fetchImage: options.fetchImage, cancellation: options.cancellation });
  body.messages = conversation.messages;
  if (conversation.system.length > 0) body.system = conversation.system;
  if (Object.keys(inferenceConfig).length > 0) body.inferenceConfig = inferenceConfig;
  if (toolConfig !== undefined) body.toolConfig = toolConfig;
  if (Object.keys(additional).length > 0) body.additionalModelRequestFields = additional;
  mergeProviderOptions(body, providerOptionsFor(request, provider, 'bedrock'));
  return { body, jsonTool };
}

/** Fields that change nothing when set to their neutral value are accepted then (clients send `logprobs: false`, `presence_penalty: 0`). */
function handledFields(request: ChatRequest): Set<string> {
  const handled = new Set(HANDLED);
  if (request.logprobs === false) handled.add('logprobs');
  if (request.presence_penalty === 0) handled.add('presence_penalty');
  if (request.frequency_penalty === 0) handled.add('frequency_penalty');
  return handled;
}

/**
 * `inferenceConfig` (maxTokens, temperature, topP, stopSequences) plus what goes into
 * `additionalModelRequestFields` for Claude: `thinking` from reasoning_effort, `top_k`. Claude takes
 * temperature 0–1, so OpenAI's 0–2 is clamped; other models get the value as sent (Bedrock checks
 * it per model). Other model families take reasoning and top_k in their own formats, which the
 * gateway does not guess: those are refused with a pointer to providerOptions.
 */
function inferenceSettings(request: ChatRequest, provider: string, claude: boolean, additional: Record<string, unknown>): Record<string, unknown> {
  const config: Record<string, unknown> = {};
  let maxTokens = outputTokenLimit(request);
  const effort = reasoningEffortOf(request.reasoning_effort);
  if (effort !== undefined) {
    if (!claude) throw unsupportedParameter(provider, 'reasoning_effort', `the gateway maps it for Anthropic Claude models on Bedrock only; for ${request.model}, ${NATIVE_FIELDS_HINT}`);
    if (effort !== 'none') {
      let budget: number = REASONING_BUDGETS[effort];
      if (maxTokens === undefined) {
        maxTokens = budget + ANSWER_TOKENS_AFTER_THINKING;
      } else {
        // OpenAI's limit covers reasoning and answer together; Claude needs the budget below max_tokens.
        budget = Math.min(budget, maxTokens - 1);
        if (budget < MINIMUM_THINKING_BUDGET) {
          throw unsupportedParameter(provider, 'max_tokens', `Claude thinks with a budget of at least ${MINIMUM_THINKING_BUDGET} tokens inside max_tokens, so reasoning_effort needs max_tokens above ${MINIMUM_THINKING_BUDGET}`);
        }
      }
      additional.thinking = { type: 'enabled', budget_tokens: budget };
    }
  }
  if (maxTokens !== undefined) config.maxTokens = maxTokens;
  const { temperature, top_p: topP, top_k: topK } = request;
  if (temperature !== undefined && temperature !== null) config.temperature = claude ? Math.min(Math.max(temperature, 0), 1) : temperature;
  if (topP !== undefined && topP !== null) config.topP = topP;
  const stop = stopSequences(request);
  if (stop !== undefined) config.stopSequences = stop;
  if (topK !== undefined && topK !== null) {
    if (!claude) throw unsupportedParameter(provider, 'top_k', `Converse has no top_k; the gateway sends Claude's own top_k, and for ${request.model} you can ${NATIVE_FIELDS_HINT}`);
    additional.top_k = topK;
  }
  return config;
}

/**
 * `response_format: json_object` has no Converse equivalent (structured outputs need a strict schema,
 * and an open object is not one), so the gateway forces a single tool whose input is any JSON object
 * and answers with that input as text, finishing `stop`. Forcing it would hide the client's own tools
 * and cannot be combined with Claude's extended thinking, so those combinations are refused.
 */
function jsonObjectTool(request: ChatRequest, provider: string, hasToolBlocks: boolean, thinking: boolean): Record<string, unknown> {
  const why =
    (request.tools?.length ?? 0) > 0 || hasToolBlocks
      ? 'together with tools'
      : thinking
        ? 'together with reasoning_effort (Claude cannot think while a tool is forced)'
        : undefined;
  if (why !== undefined) {
    throw unsupportedParameter(provider, 'response_format', `Bedrock has no JSON mode; the gateway emulates json_object with a forced tool, which cannot be used ${why}. Use json_schema instead`);
  }
  return {
    tools: [{ toolSpec: { name: BEDROCK_JSON_TOOL, description: 'Respond with a JSON object.', inputSchema: { json: { type: 'object' } } } }],
    toolChoice: { any: {} },
  };
}
