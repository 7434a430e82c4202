import type { CacheControl, ChatMessage, ChatRequest } from '../../spec/chat-request.js';
import { GatewayError } from '../../spec/gateway-error.js';
import { unsupportedParameter } from '../shared/unsupported-parameter.js';
import { bedrockCachePoint, type BedrockBlock } from './convert-to-bedrock-messages.js';

/** Whether the history holds tool calls or tool results (then Bedrock requires a toolConfig). */
export function historyHasToolBlocks(messages: ChatMessage[]): boolean {
  return messages.some((message) => message.role === 'tool' || (message.tool_calls?.length ?? 0) > 0);
}

/**
 * `tools` + `tool_choice` → Bedrock `toolConfig` (undefined: send none).
 *
 * Bedrock has no `"none"` tool choice. Without tool calls in the history the gateway leaves the tools
 * out, which means the same; with them it must send the tools (Bedrock rejects toolUse/toolResult
 * blocks without a toolConfig), which would let the model call them, so the request is refused.
 * For the same reason a history with tool blocks and no `tools` is refused. `parallel_tool_calls:
 * false` cannot be enforced on Bedrock and is accepted as a hint (docs/providers.md).
 */
export function bedrockToolConfig(request: ChatRequest, provider: string, hasToolBlocks: boolean): Record<string, unknown> | undefined {
  const tools = request.tools ?? [];
  if (tools.length === 0) {
    if (hasToolBlocks) {
      throw unsupportedParameter(
        provider,
        'tools',
        'the conversation holds tool calls or tool results, and Bedrock accepts those only when the request defines its tools; send the tools with every request of a tool conversation',
      );
    }
    return undefined;
  }
  const choice = request.tool_choice;
  if (choice === 'none') {
    if (!hasToolBlocks) return undefined;
    throw unsupportedParameter(
      provider,
      'tool_choice',
      'Bedrock has no "none" choice, and a conversation with tool calls must carry its tools, so the model could not be kept from calling one; use "auto" or leave tool_choice out',
    );
  }
  const specs: BedrockBlock[] = [];
  for (const tool of tools) {
    if (tool.type !== 'function' || typeof tool.function?.name !== 'string') {
      throw unsupportedParameter(provider, 'tools', `only function tools can be sent to Bedrock; got ${JSON.stringify(tool.type)}`);
    }
    const { name, description, parameters, strict } = tool.function;
    specs.push({
      toolSpec: {
        name,
        // Bedrock rejects an empty description.
        ...(description === undefined || description === '' ? {} : { description }),
        inputSchema: { json: parameters ?? { type: 'object', properties: {} } },
        ...(strict === true ? { strict: true } : {}),
      },
    });
    const control = tool.cache_control as CacheControl | undefined;
    if (control !== undefined && control !== null) specs.push(bedrockCachePoint(control));
  }
  const toolChoice = bedrockToolChoice(choice);
  return { tools: specs, ...(toolChoice === undefined ? {} : { toolChoice }) };
}

function bedrockToolChoice(choice: ChatRequest['tool_choice']): Record<string, unknown> | undefined {
  if (choice === undefined || choice === null) return undefined;
  if (choice === 'auto') return { auto: {} };
  if (choice === 'required') return { any: {} };
  if (typeof choice === 'object' && choice.type === 'function' && typeof choice.function?.name === 'string') {
    return { tool: { name: choice.function.name } };
  }
  throw new GatewayError('GW_ERR_REQUEST_INVALID', `tool_choice must be "none", "auto", "required" or {type:"function",function:{name}}; got ${JSON.stringify(choice)}`, {
    param: 'tool_choice',
  });
}
