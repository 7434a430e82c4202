import type { ChatRequest, FunctionTool } from '../../spec/chat-request.js';
import { GatewayError } from '../../spec/gateway-error.js';
import type { CohereTool } from './cohere-wire.js';

export interface CohereToolFields {
  tools?: CohereTool[];
  tool_choice?: 'NONE' | 'REQUIRED';
  strict_tools?: boolean;
}

/**
 * OpenAI `tools` and `tool_choice` → Cohere's (docs.cohere.com/reference/chat: `tools`,
 * `tool_choice`, `strict_tools`).
 *
 * - Tools keep OpenAI's shape; Cohere requires `parameters`, so a tool without them gets an empty
 *   object schema. `cache_control` on a tool is ignored (Cohere caches by itself).
 * - `tool_choice`: `auto` → omitted (Cohere's default), `none` → `NONE`, `required` → `REQUIRED`.
 *   Cohere cannot name a tool, so `{type:"function",function:{name}}` is emulated: only that tool is
 *   sent, with `REQUIRED`.
 * - `strict: true` on any tool → `strict_tools: true`, Cohere's one switch for all tools (a
 *   non-strict tool then follows its schema strictly too, which never breaks a valid call).
 * - `parallel_tool_calls: false` cannot be enforced (Cohere has no such switch); it is accepted.
 */
export function convertToCohereTools(request: ChatRequest, provider: string): CohereToolFields {
  const tools = request.tools ?? [];
  const choice = request.tool_choice;
  if (tools.length === 0) {
    if (choice === 'required' || (typeof choice === 'object' && choice !== null)) {
      throw new GatewayError('GW_ERR_REQUEST_INVALID', `tool_choice ${JSON.stringify(choice)} needs tools`, { param: 'tool_choice', provider });
    }
    return {};
  }
  let chosen: readonly FunctionTool[] = tools;
  let toolChoice: CohereToolFields['tool_choice'];
  if (choice === 'none') toolChoice = 'NONE';
  else if (choice === 'required') toolChoice = 'REQUIRED';
  else if (typeof choice === 'object' && choice !== null) {
    const name = choice.function?.name;
    chosen = tools.filter((tool) => tool.function.name === name);
    if (chosen.length === 0) {
      throw new GatewayError('GW_ERR_REQUEST_INVALID', `tool_choice names ${JSON.stringify(name)}, which is not in tools`, { param: 'tool_choice', provider });
    }
    toolChoice = 'REQUIRED';
  } else if (choice !== undefined && choice !== null && choice !== 'auto') {
    throw new GatewayError('GW_ERR_REQUEST_INVALID', `tool_choice must be auto, none, required or a named function; got ${JSON.stringify(choice)}`, {
      param: 'tool_choice',
      provider,
    });
  }
  const fields: CohereToolFields = { tools: chosen.map(toCohereTool) };
  if (toolChoice !== undefined) fields.tool_choice = toolChoice;
  if (chosen.some((tool) => tool.function.strict === true)) fields.strict_tools = true;
  return fields;
}

function toCohereTool(tool: FunctionTool): CohereTool {
  const { name, description, parameters } = tool.function;
  return {
    type: 'function',
    function: {
      name,
      ...(description === undefined ? {} : { description }),
      parameters: parameters ?? { type: 'object', properties: {} },
    },
  };
}
