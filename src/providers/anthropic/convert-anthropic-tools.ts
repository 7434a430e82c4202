import type { ChatRequest } from '../../spec/chat-request.js';
import { GatewayError } from '../../spec/gateway-error.js';
import { unsupportedParameter } from '../shared/unsupported-parameter.js';
import type { AnthropicTool, AnthropicToolChoice } from './anthropic-wire.js';
import { cacheControlOf } from './convert-anthropic-content.js';

export interface AnthropicToolSettings {
  tools: AnthropicTool[] | undefined;
  toolChoice: AnthropicToolChoice | undefined;
}

/** Tool fields the translation reads; any other field set on a tool is refused. */
const TOOL_FIELDS = new Set(['type', 'function', 'cache_control']);

/**
 * OpenAI `tools`, `tool_choice` and `parallel_tool_calls` → Anthropic (PROVIDER-MAPPING §2):
 * `{name, description, input_schema, strict?, cache_control?}`; `auto`/`none`/`required`/a named
 * function → `auto`/`none`/`any`/`tool`; `parallel_tool_calls: false` → `disable_parallel_tool_use`
 * (on `auto` when no choice was given). Anthropic refuses thinking together with a forced tool,
 * so that pair is refused here with a clear reason.
 */
export function convertAnthropicTools(request: ChatRequest, thinking: boolean, provider: string): AnthropicToolSettings {
  const tools = request.tools?.map((tool, index) => convertTool(tool, index, provider));
  const hasTools = tools !== undefined && tools.length > 0;
  const choice = request.tool_choice;
  const disableParallel = request.parallel_tool_calls === false;
  let toolChoice: AnthropicToolChoice | undefined;
  if (choice === undefined || choice === null) {
    if (disableParallel && hasTools) toolChoice = { type: 'auto', disable_parallel_tool_use: true };
  } else if (choice === 'auto' || choice === 'none') {
    // Without tools there is nothing to choose from; sending the choice alone is an API error.
    if (hasTools) toolChoice = choice === 'auto' ? { type: 'auto', ...(disableParallel ? { disable_parallel_tool_use: true } : {}) } : { type: 'none' };
  } else if (choice === 'required') {
    toolChoice = { type: 'any', ...(disableParallel ? { disable_parallel_tool_use: true } : {}) };
  } else if (typeof choice === 'object' && choice.type === 'function' && typeof choice.function?.name === 'string') {
    toolChoice = { type: 'tool', name: choice.function.name, ...(disableParallel ? { disable_parallel_tool_use: true } : {}) };
  } else {
    throw new GatewayError('GW_ERR_REQUEST_INVALID', `tool_choice must be "auto", "none", "required" or {type: "function", function: {name}}`, {
      param: 'tool_choice',
      provider,
    });
  }
  if (thinking && (toolChoice?.type === 'any' || toolChoice?.type === 'tool')) {
    throw unsupportedParameter(provider, 'tool_choice', 'Anthropic does not allow thinking (reasoning_effort) together with a forced tool choice; use "auto" or drop reasoning_effort');
  }
  return { tools: hasTools ? tools : undefined, toolChoice };
}

function convertTool(tool: NonNullable<ChatRequest['tools']>[number], index: number, provider: string): AnthropicTool {
  if (tool.type !== 'function' || typeof tool.function?.name !== 'string') {
    throw new GatewayError('GW_ERR_REQUEST_UNSUPPORTED_PARAMETER', `tools[${index}]: ${provider} takes function tools with a name`, {
      param: 'tools',
      provider,
    });
  }
  for (const key in tool) {
    if (tool[key] !== undefined && tool[key] !== null && !TOOL_FIELDS.has(key)) {
      throw unsupportedParameter(provider, `tools[${index}].${key}`, 'it has no equivalent in the Messages API');
    }
  }
  const { name, description, parameters, strict } = tool.function;
  const converted: AnthropicTool = { name, input_schema: parameters ?? { type: 'object', properties: {} } };
  if (description !== undefined) converted.description = description;
  if (typeof strict === 'boolean') converted.strict = strict;
  const cacheControl = cacheControlOf(tool.cache_control);
  if (cacheControl !== undefined) converted.cache_control = cacheControl;
  return converted;
}
